import { printable } from '../../shared/printable';

/** The last path segment, for both / and \ separators (paths come from any OS), escaped for display. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return printable(parts[parts.length - 1] || path);
}

const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as file managers on most systems show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} ${value === 1 ? 'byte' : 'bytes'}`;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '';
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Dates are written one way everywhere, main's dialogs included. */
export { formatDate, formatDateTime } from '../../shared/dates';

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
