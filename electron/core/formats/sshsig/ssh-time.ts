import { FormatError } from '../../errors';

/**
 * The times in allowed_signers valid-after / valid-before (ssh-keygen(1)): YYYYMMDD, YYYYMMDDHHMM
 * or YYYYMMDDHHMMSS, in local time unless followed by "Z" (or "UTC"), as OpenSSH's
 * parse_absolute_time reads them. Unlike OpenSSH (whose strptime quietly turns 31 February into
 * 2 March) a date that does not exist is refused.
 */
export function parseSshTime(value: string): Date {
  const match = value.match(/^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(z|utc)?$/i);
  if (!match) {
    throw new FormatError(`"${value}" is not a time of the form YYYYMMDD[HHMM[SS]][Z].`);
  }
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => (part === undefined ? undefined : Number(part))) as [
    number,
    number,
    number,
    number?,
    number?,
    number?,
  ];
  const utc = match[7] !== undefined;
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exists =
    year >= 1970 &&
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  if (!exists) throw new FormatError(`"${value}" is not a real date and time.`);
  const time = utc ? check : new Date(year, month - 1, day, hour, minute, second);
  if (time.getTime() <= 0) throw new FormatError(`"${value}" is before 1970.`);
  return time;
}
