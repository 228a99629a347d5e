import { type Key, readKeys } from 'openpgp';
import { FormatError } from '../../errors';
import { dearmorAll, looksArmored } from './armor';
import { FULL_LIBRARY_CONFIG, LIBRARY_CONFIG } from './library-config';
import { readPackets, TAG } from './packets';

/** Certificates (public keys) from armored or binary bytes; several per file. FormatError otherwise. */
export async function readCertificates(input: string | Uint8Array): Promise<Key[]> {
  const binary = certificateBinary(input);
  let keys: Key[];
  try {
    keys = await readKeys({ binaryKeys: binary, config: LIBRARY_CONFIG });
  } catch {
    throw new FormatError('The OpenPGP public key is damaged or of a kind Signet does not read.');
  }
  if (keys.length === 0) throw new FormatError('This is not an OpenPGP public key.');
  await Promise.all(keys.map(rememberBoundUserIds));
  return keys;
}

/** Per certificate read here, the User IDs its own key signed (see claimedUserIds). */
const boundUserIds = new WeakMap<Key, string[]>();

/**
 * A User ID packet anyone can append to a certificate; only one the primary key certified (a
 * self-signature that verifies and is not revoked) is the key's own claim. Dates are not judged
 * here: an expired key still says who it was, and verification refuses it on its own.
 */
async function rememberBoundUserIds(key: Key): Promise<void> {
  const bound: string[] = [];
  for (const user of key.users) {
    const id = user.userID?.userID;
    if (!id) continue;
    const verified = await user.verify(null as unknown as Date, FULL_LIBRARY_CONFIG).catch(() => false);
    if (verified === true) bound.push(id);
  }
  boundUserIds.set(key, bound);
}

/**
 * The binary packets of armored or binary certificates, framed by Signet's own reader first: it
 * refuses streamed packets and secret keys before openpgp.js sees them. FormatError otherwise.
 */
export function certificateBinary(input: string | Uint8Array): Uint8Array {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let binary: Uint8Array;
  // Only armor is text: a binary keyring is never decoded as a (tens of MB) string.
  if (looksArmored(Buffer.from(bytes.subarray(0, 256)).toString('utf8'))) {
    const blocks = dearmorAll(Buffer.from(bytes).toString('utf8'));
    if (blocks.some((b) => b.label === 'PRIVATE KEY BLOCK')) throw secretKeyError();
    const keyBlocks = blocks.filter((b) => b.label === 'PUBLIC KEY BLOCK');
    if (keyBlocks.length === 0) throw new FormatError('This is not an OpenPGP public key.');
    binary = new Uint8Array(Buffer.concat(keyBlocks.map((b) => b.data)));
  } else {
    binary = bytes;
  }
  const packets = readPackets(binary);
  if (packets.some((p) => p.tag === TAG.secretKey || p.tag === TAG.secretSubkey)) throw secretKeyError();
  if (packets[0]?.tag !== TAG.publicKey) throw new FormatError('This is not an OpenPGP public key.');
  return binary;
}

function secretKeyError(): FormatError {
  return new FormatError(
    'This is an OpenPGP secret key. Give the public key instead (gpg --export), and keep the secret one private.',
  );
}

/** Upper-case hex primary fingerprint. */
export function primaryFingerprint(key: Key): string {
  return key.getFingerprint().toUpperCase();
}

/** The certificate alone, armored: what a trust entry stores. */
export function armorCertificate(key: Key): string {
  return key.armor();
}

/**
 * User IDs as the key states them: its own claim, never a name Signet vouches for. Only those bound
 * by a valid self-signature: an unbound one was added by someone else, and is never shown.
 */
export function claimedUserIds(key: Key): string[] {
  return (boundUserIds.get(key) ?? []).filter((id) => id.length > 0);
}

const cache = new Map<string, Promise<Key[]>>();
const CACHE_LIMIT = 64;

/** Trust entries are read on every check; parsing each certificate once per process is enough. */
export function readCertificatesCached(armored: string): Promise<Key[]> {
  let found = cache.get(armored);
  if (!found) {
    found = readCertificates(armored);
    found.catch(() => cache.delete(armored));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(armored, found);
  }
  return found;
}
