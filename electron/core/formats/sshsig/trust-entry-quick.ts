import { BASE64_KEY, type QuickFieldList, type QuickFields, text } from '../../trust/quick-fields';

/** trust-entry.ts's own fields, read without zod (core/trust/trust-file-quick.ts). */
export const sshQuickFields: QuickFieldList = [
  ['publicKey', text(0, Number.POSITIVE_INFINITY, BASE64_KEY)],
  [
    'namespaces',
    (value, out, key) => {
      if (value === undefined) return true;
      if (!Array.isArray(value) || value.length > 100) return false;
      const names: QuickFields = {};
      if (!value.every((name, index) => text(1, 200)(name, names, String(index)))) return false;
      out[key] = value.map((_, index) => names[String(index)]);
      return true;
    },
  ],
];
