import { scrypt } from 'node:crypto';
import { FormatError, SignetError } from '../../errors';

/** libsodium's crypto_pwhash_scryptsalsa208sha256 cost limits, as stored in a minisign secret key. */
export interface KdfLimits {
  opsLimit: number;
  memLimit: number;
}

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** What minisign writes (libsodium's *_SENSITIVE limits): N = 2^20, r = 8, p = 1, about 1 GiB. */
export const MINISIGN_KDF_LIMITS: Readonly<KdfLimits> = Object.freeze({
  opsLimit: 33_554_432,
  memLimit: 1_073_741_824,
});

export const MINISIGN_KEY_STREAM_BYTES = 104;

/** A key file asking for more than this is refused rather than tried (minisign's default is 1 GiB). */
export const MAX_SCRYPT_MEMORY_BYTES = 4 * 1024 ** 3;
/** N·r·p; minisign's default is 2^23, so this allows 16 times its work. */
const MAX_SCRYPT_WORK = 2 ** 27;

/**
 * libsodium's pickparams(): turns opslimit/memlimit into scrypt N, r, p. Throws FormatError for
 * limits that are not whole numbers or would need absurd memory or time.
 */
export function scryptParametersFor(limits: KdfLimits): ScryptParameters {
  const { memLimit } = limits;
  let { opsLimit } = limits;
  if (!Number.isSafeInteger(opsLimit) || !Number.isSafeInteger(memLimit) || opsLimit < 0 || memLimit < 0) {
    throw new FormatError('The secret key has key-derivation limits that are not whole numbers.');
  }
  if (memLimit > MAX_SCRYPT_MEMORY_BYTES) {
    throw new FormatError(
      `The secret key asks for ${formatGiB(memLimit)} of memory to unlock; Signet refuses more than ${formatGiB(MAX_SCRYPT_MEMORY_BYTES)}.`,
    );
  }
  if (opsLimit < 32_768) opsLimit = 32_768;
  const r = 8;
  // Which limit binds decides where N comes from, exactly as in libsodium.
  const opsBound = opsLimit < Math.floor(memLimit / 32);
  const maxN = opsBound ? Math.floor(opsLimit / (r * 4)) : Math.floor(memLimit / (r * 128));
  let logN = 1;
  while (logN < 63 && 2 ** logN <= Math.floor(maxN / 2)) logN++;
  const N = 2 ** logN;
  const p = opsBound ? 1 : Math.floor(Math.min(Math.floor(Math.floor(opsLimit / 4) / N), 0x3fffffff) / r);
  if (p < 1) throw new FormatError('The secret key has key-derivation limits that cannot be used.');
  if (scryptMemoryBytes({ N, r, p }) > MAX_SCRYPT_MEMORY_BYTES || N * r * p > MAX_SCRYPT_WORK) {
    throw new FormatError(
      'The secret key asks for far more work to unlock than minisign ever uses; refusing.',
    );
  }
  return { N, r, p };
}

/** Memory OpenSSL's scrypt allocates: the V array plus the B blocks. */
export function scryptMemoryBytes({ N, r, p }: ScryptParameters): number {
  return 128 * r * (N + 2) + 128 * r * p;
}

/**
 * crypto_pwhash_scryptsalsa208sha256(out, 104, password, salt, opslimit, memlimit) via Node's
 * scrypt, whose default memory cap (32 MiB) is raised to what these parameters need.
 */
export async function deriveMinisignKeyStream(
  passphrase: string,
  salt: Uint8Array,
  limits: KdfLimits,
  length: number = MINISIGN_KEY_STREAM_BYTES,
): Promise<Uint8Array> {
  if (salt.length !== 32) throw new FormatError('The secret key salt must be 32 bytes.');
  const params = scryptParametersFor(limits);
  const maxmem = scryptMemoryBytes(params) + 1024 * 1024;
  const password = Buffer.from(passphrase, 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { ...params, maxmem }, (error, key) => {
      password.fill(0);
      if (error) {
        reject(
          new SignetError(
            'io',
            'There was not enough memory to unlock the secret key. Close other apps and try again.',
            {
              cause: error,
            },
          ),
        );
      } else {
        resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
      }
    });
  });
}

function formatGiB(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
}
