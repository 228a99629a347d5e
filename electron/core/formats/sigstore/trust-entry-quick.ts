import { type QuickFieldList, text } from '../../trust/quick-fields';

/** trust-entry.ts's own fields, read without zod (core/trust/trust-file-quick.ts). */
export const sigstoreQuickFields: QuickFieldList = [
  ['identity', text(1, 2048)],
  ['issuer', text(1, 2048)],
];
