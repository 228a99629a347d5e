import { type QuickFieldList, text } from '../../trust/quick-fields';

const PGP_CERTIFICATE_START = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

/** trust-entry-schema.ts's own fields, read without zod (core/trust/trust-file-quick.ts). */
export const openpgpQuickFields: QuickFieldList = [
  ['fingerprint', text(0, Number.POSITIVE_INFINITY, /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/)],
  [
    'certificate',
    (value, out, key) =>
      typeof value === 'string' &&
      value.trimStart().startsWith(PGP_CERTIFICATE_START) &&
      text(0, 1_000_000)(value, out, key),
  ],
];
