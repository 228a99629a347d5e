import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KdfLimits } from '../../electron/core/formats/minisign/kdf';
import type { MinisignSecretKey } from '../../electron/core/formats/minisign/secret-key';
import { minisignSignatureText } from '../../electron/core/formats/minisign/signing';

/** scrypt N = 2^11, r = 8, p = 1 (2 MiB): the same code path as minisign's 1 GiB, in milliseconds. */
export const FAST_KDF: KdfLimits = { opsLimit: 65_536, memLimit: 2 * 1024 * 1024 };

export function blake2b512(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('blake2b512').update(data).digest());
}

/** A .minisig text ('ED') over `message`, made in memory. */
export function signedText(
  message: Uint8Array | string,
  key: MinisignSecretKey,
  trustedComment = 'comment',
): string {
  return minisignSignatureText(blake2b512(message), key, trustedComment);
}

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `signet-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
