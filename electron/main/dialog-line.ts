import { printable } from '../../shared/printable';

/**
 * One line of a main-owned dialog or notification. Every field in it (a file name, a key's User
 * ID, a signer's name) may come from someone else: a newline, a direction mark or an invisible
 * character in it is shown as an escape, so no field can add a line of its own or reorder one.
 */
export function dialogLine(text: string): string {
  return printable(text);
}

/** A dialog's detail: one line per entry, each made safe as dialogLine says. */
export function dialogText(lines: readonly string[]): string {
  return lines.map(dialogLine).join('\n');
}
