import type { KeyInfo } from './domain';
import { printable } from './printable';

/**
 * Where a token key lives, in the words the Keys card and `signet key list` share: the token's
 * label and who made it, as its module reported them when the key was added ("on the hardware
 * token “Release Token” (SoftHSM project, SoftHSM v2)"); a record from before Signet kept them
 * says what it can ("on a hardware token"). The names come from the device: escaped for display.
 */
export function onWhichToken(info: Pick<KeyInfo, 'token'>): string {
  const { label, manufacturer, model } = info.token ?? {};
  const made = [manufacturer, model].filter((part): part is string => part !== undefined);
  const maker = made.length > 0 ? ` (${made.map(printable).join(', ')})` : '';
  if (label !== undefined) return `on the hardware token “${printable(label)}”${maker}`;
  return `on a hardware token${maker}`;
}
