import { FormatError } from '../../errors';

/** A v4 fingerprint is 40 hex digits; v5 and v6 ones are 64. */
const FINGERPRINT = /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/;

/** Upper-case hex with spaces and a leading 0x removed; FormatError if it is not a fingerprint. */
export function normaliseFingerprint(text: string): string {
  const hex = text.replace(/^0x/i, '').replace(/[\s:]/g, '').toUpperCase();
  if (!FINGERPRINT.test(hex)) throw new FormatError('An OpenPGP fingerprint is 40 hex digits.');
  return hex;
}

/** Groups of four, as gpg and the key's publishers print it, so a person can read it aloud. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}
