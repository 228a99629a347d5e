import { BASE64_KEY, type QuickFieldList, text } from '../../trust/quick-fields';

/** trust-entry.ts's own fields, read without zod (core/trust/trust-file-quick.ts). */
export const minisignQuickFields: QuickFieldList = [
  ['publicKey', text(0, Number.POSITIVE_INFINITY, BASE64_KEY)],
  ['keyNum', text(0, Number.POSITIVE_INFINITY, /^[A-Za-z0-9+/]{11}=$/)],
];
