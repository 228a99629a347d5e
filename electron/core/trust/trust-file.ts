import { z } from 'zod';
import { encodeBase64 } from '../encoding/base64';
import { keyNumFromKeyId } from '../formats/minisign-keys';
import { type StoredEntry, storedEntrySchema } from './trust-entry';

/** Version 1: minisign and SSH keys only, no restrictions, no record of where a key came from. */
const v1Signer = z.object({
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
const v1File = z.object({
  version: z.literal(1),
  signers: z.array(v1Signer).max(10_000),
  allowUserSigners: z.boolean().optional(),
});

const v2File = z.object({
  version: z.literal(2),
  signers: z.array(storedEntrySchema).max(10_000),
  /** Managed list only: false means only the organisation decides who is trusted on this computer. */
  allowUserSigners: z.boolean().optional(),
  /** Managed list only: PEM roots the organisation trusts for code signing (Authenticode). */
  caRoots: z.array(z.string().min(1).max(64_000)).max(1000).optional(),
  /** Managed list only: only listed publishers count ("only install software from known publishers"). */
  onlyListedSigners: z.boolean().optional(),
});

export interface TrustFile {
  version: 2;
  signers: StoredEntry[];
  allowUserSigners?: boolean;
  caRoots?: string[];
  onlyListedSigners?: boolean;
}

/**
 * Reads either version; a version 1 file is migrated in memory only, and rewritten as version 2
 * the next time the person changes the list. Returns undefined when the JSON fits neither.
 */
export function parseTrustFile(json: unknown): TrustFile | undefined {
  const v2 = v2File.safeParse(json);
  if (v2.success) return v2.data;
  const v1 = v1File.safeParse(json);
  if (!v1.success) return undefined;
  try {
    return {
      version: 2,
      signers: v1.data.signers.map(migrateV1),
      ...(v1.data.allowUserSigners !== undefined ? { allowUserSigners: v1.data.allowUserSigners } : {}),
    };
  } catch {
    return undefined;
  }
}

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
