import { z } from 'zod';
import { encodeBase64 } from '../encoding/base64';
import { keyNumFromKeyId } from '../formats/minisign-public-keys';
import { type StoredEntry, storedEntrySchema } from './trust-entry';

/** Version 1: minisign and SSH keys only, no restrictions, no record of where a key came from. */
const v1Signer = z.strictObject({
  keyId: z.string().min(1).max(80),
  name: z.string().min(1).max(200),
  note: z.string().max(1000).optional(),
  kind: z.enum(['minisign', 'ssh']),
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  keyNum: z
    .string()
    .regex(/^[A-Za-z0-9+/]{11}=$/)
    .optional(),
  addedAt: z.string().max(40),
});
const v1File = z.strictObject({
  version: z.literal(1),
  signers: z.array(v1Signer).max(10_000),
  allowUserSigners: z.boolean().optional(),
});

/** An absolute path on the computer the policy is deployed to (Windows, macOS or Linux). */
const absolutePath = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^(\/|[A-Za-z]:\\|\\\\)/, 'must be an absolute path');

/** Where a timestamp authority answers (RFC 3161 requests go over plain HTTP as often as HTTPS). */
const timestampUrl = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL');

/** Managed list only: which Sigstore instance signing uses, and whether its trusted root is refreshed. */
const sigstoreSettings = z.strictObject({
  /** A Sigstore signing configuration (JSON) naming the instance's Fulcio, Rekor and timestamp authority. */
  signingConfig: absolutePath.optional(),
  /** The trusted root (JSON) that checks that instance's bundles; pinned, so it is not refreshed. */
  trustedRoot: absolutePath.optional(),
  /** false: never refresh the trusted root over the network (TUF); the built-in or pinned one is used. */
  refresh: z.boolean().optional(),
});

const v2File = z.strictObject({
  version: z.literal(2),
  /** Optional in a file of policy.d or a policy made by hand; always written. */
  signers: z
    .array(storedEntrySchema)
    .max(10_000)
    .default([])
    .describe('The signers this list trusts; in the organisation’s list they are marked as managed.'),
  /** Managed list only: false means only the organisation decides who is trusted on this computer. */
  allowUserSigners: z
    .boolean()
    .optional()
    .describe(
      'Managed list only: false means only the organisation’s signers count, and people cannot add their own.',
    ),
  /** Managed list only: PEM roots the organisation trusts for code signing (Authenticode). */
  caRoots: z
    .array(z.string().min(1).max(64_000))
    .max(1000)
    .optional()
    .describe('Managed list only: PEM certificate authorities trusted for code signing (Windows programs).'),
  /** Managed list only: only listed publishers count ("only install software from known publishers"). */
  onlyListedSigners: z
    .boolean()
    .optional()
    .describe('Managed list only: true means a publisher counts only when a list names it.'),
  /** Managed list only: true switches "Check every new download" on, false off; either way the person cannot change it. */
  checkEveryDownload: z
    .boolean()
    .optional()
    .describe(
      'Managed list only: switches “Check every new download” on (true) or off (false) and locks it.',
    ),
  /** Managed list only: the RFC 3161 timestamp authority signing uses. */
  timestampUrl: timestampUrl
    .optional()
    .describe('Managed list only: the RFC 3161 timestamp authority signing uses.'),
  /** Managed list only: the Sigstore instance signing uses. */
  sigstore: sigstoreSettings.optional().describe('Managed list only: the Sigstore instance signing uses.'),
  /** Managed list only: the one PKCS#11 module (hardware token library) signing may load. */
  pkcs11Module: absolutePath
    .optional()
    .describe('Managed list only: the one PKCS#11 module (token library) signing may load.'),
});

/** The schema of a version 2 list: what `schemas/trusted-signers.schema.json` publishes. */
export const trustFileV2Schema = v2File;
export type SigstoreSettings = z.infer<typeof sigstoreSettings>;

/** Keys only version 2 knows: a version 1 list that has one was written for another reader. */
const V2_ONLY_KEYS = new Set(Object.keys(v2File.shape).filter((key) => !(key in v1File.shape)));

/** A list as Signet holds it in memory: always version 2, whatever version was read. */
export type TrustFile = z.infer<typeof v2File>;

/** A trust file as read: the list, or the one thing that keeps it from being read, in plain words. */
export type TrustFileReading = { file: TrustFile } | { problem: string };

/**
 * Reads either version strictly: a key the version does not know (a typo, or a version 2 key in a
 * version 1 file) refuses the whole file and is named, because a rule silently dropped would make
 * the list say less than its author meant. A version 1 file is migrated in memory only, and
 * rewritten as version 2 the next time the person changes the list.
 */
export function readTrustFileJson(json: unknown): TrustFileReading {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problem: 'it is not a JSON object' };
  }
  const version = (json as { version?: unknown }).version;
  if (version === 2) return readV2(json);
  if (version === 1) return readV1(json);
  if (version === undefined) return { problem: 'it has no "version" (1 or 2)' };
  return { problem: `its version (${JSON.stringify(version)}) is not one Signet reads (1 or 2)` };
}

function readV2(json: object): TrustFileReading {
  const parsed = v2File.safeParse(json);
  if (!parsed.success) return { problem: firstProblem(parsed.error, 2) };
  const extra = unknownEntryKey((json as { signers?: unknown[] }).signers ?? []);
  if (extra) return { problem: extra };
  return { file: parsed.data };
}

function readV1(json: object): TrustFileReading {
  const parsed = v1File.safeParse(json);
  if (!parsed.success) return { problem: firstProblem(parsed.error, 1) };
  try {
    return {
      file: {
        version: 2,
        signers: parsed.data.signers.map(migrateV1),
        ...(parsed.data.allowUserSigners !== undefined
          ? { allowUserSigners: parsed.data.allowUserSigners }
          : {}),
      },
    };
  } catch {
    return { problem: 'a version 1 key id cannot be read' };
  }
}

/**
 * Each entry kind's schema keeps only the keys it knows; the file is read strictly, so a key no
 * entry of that kind has refuses it here (entries are checked against their kind's own keys).
 */
function unknownEntryKey(signers: readonly unknown[]): string | undefined {
  for (const [index, signer] of signers.entries()) {
    const kind = (signer as { kind?: unknown }).kind;
    const schema = storedEntrySchema.options.find((option) => option.shape.kind.value === kind);
    if (!schema) continue;
    const unknown = Object.keys(signer as object).find((key) => !(key in schema.shape));
    if (unknown !== undefined) return `signers[${index}] (${String(kind)}) has an unknown key "${unknown}"`;
  }
  return undefined;
}

function firstProblem(error: z.ZodError, version: 1 | 2): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not fit the format';
  const where = issue.path.length > 0 ? issue.path.map(pathPart).join('') : '';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    if (version === 1 && issue.path.length === 0 && V2_ONLY_KEYS.has(key)) {
      return `"${key}" is a version 2 key, and this list says "version": 1`;
    }
    return `${where ? `${where} has` : 'it has'} an unknown key "${key}"`;
  }
  if (version === 1 && issue.path.length === 3 && issue.path[2] === 'kind') {
    return `${where} is not a kind version 1 knows (minisign or ssh; other kinds need "version": 2)`;
  }
  return `${where || 'the list'}: ${issue.message}`;
}

const pathPart = (part: PropertyKey, index: number) =>
  typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`;

function migrateV1(signer: z.infer<typeof v1Signer>): StoredEntry {
  const base = {
    keyId: signer.keyId,
    // Escaped wherever it is shown (shared/printable.ts), as names in a v2 list are.
    name: signer.name,
    ...(signer.note !== undefined ? { note: signer.note } : {}),
    addedAt: signer.addedAt,
    publicKey: signer.publicKey,
  };
  if (signer.kind === 'ssh') return { ...base, kind: 'ssh' };
  return { ...base, kind: 'minisign', keyNum: signer.keyNum ?? encodeBase64(keyNumFromKeyId(signer.keyId)) };
}
