import type { KeyInfo } from './domain';
import { printable } from './printable';

/**
 * Where a token key lives, in the words the Keys card and `signet key list` share: the token's
 * label and who made it, as its module reported them when the key was added ("on the hardware
 * token “Release Token” (SoftHSM project, SoftHSM v2)"); a record from before Signet kept them
 * says what it can ("on a hardware token"). The names come from the device: escaped for display.
 */
export function onWhichToken(info: Pick<KeyInfo, 'token'>): string {
  const { label: tokenName, manufacturer, model } = info.token ?? {};
  const made = [manufacturer, model].filter((part): part is string => part !== undefined);
  const maker = made.length > 0 ? ` (${made.map(printable).join(', ')})` : '';
  return `on ${tokenName === undefined ? 'a hardware token' : theHardwareToken(info)}${maker}`;
}

/** The token by its label, where a sentence asks for its PIN or to keep it plugged in. */
export function theHardwareToken(info: Pick<KeyInfo, 'token'>): string {
  const tokenName = info.token?.label;
  return tokenName === undefined ? 'the hardware token' : `the hardware token “${printable(tokenName)}”`;
}
