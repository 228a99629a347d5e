import { randomBytes } from 'node:crypto';
import {
  createCleartextMessage,
  createMessage,
  generateKey,
  type PrivateKey,
  readPrivateKey,
  sign,
} from 'openpgp';
import { openPgpTrustEntries } from '../../electron/core/formats/openpgp/trust-entry';
import type { Fixture } from './fixtures';

/**
 * OpenPGP examples made at test time with openpgp.js (signing is asynchronous, so they are made
 * once when the module loads): a binary v4 Ed25519 signature, an armored v6 one (its salt is the
 * `prefix` the one read hashes first), and a cleartext-signed checksum list.
 */
async function signer(v6: boolean): Promise<{ key: PrivateKey; trust: Fixture['trust'] }> {
  const { privateKey } = await generateKey({
    type: v6 ? 'curve25519' : 'ecc',
    ...(v6 ? { config: { v6Keys: true } } : {}),
    userIDs: [{ name: 'Claimed Name', email: 'claims@example.org' }],
    format: 'armored',
  });
  const key = await readPrivateKey({ armoredKey: privateKey });
  const [trust] = await openPgpTrustEntries(key.toPublic().armor(), {
    name: 'Fixture OpenPGP Signer',
    source: 'user',
    addedAt: new Date(0).toISOString(),
  });
  if (!trust) throw new Error('no trust entry');
  return { key, trust };
}

function flipFirst(content: Uint8Array): Uint8Array {
  const copy = new Uint8Array(content);
  copy[0] = (copy[0] ?? 0) ^ 0x01;
  return copy;
}

async function detached(v6: boolean, content: Uint8Array): Promise<Fixture> {
  const { key, trust } = await signer(v6);
  const message = await createMessage({ binary: content });
  const signature = v6
    ? new TextEncoder().encode(
        (await sign({ message, signingKeys: key, detached: true, format: 'armored' })) as string,
      )
    : ((await sign({ message, signingKeys: key, detached: true, format: 'binary' })) as Uint8Array);
  return {
    name: v6 ? 'openpgp v6 armored' : 'openpgp v4 binary',
    signature,
    content,
    trust,
    flipped: () => ({ signature, content: flipFirst(content) }),
  };
}

async function cleartext(): Promise<Fixture> {
  const { key, trust } = await signer(false);
  const list = `${randomBytes(32).toString('hex')}  app-1.0.tar.gz\n${randomBytes(32).toString('hex')}  app-1.0.exe\n`;
  const armored = (await sign({
    message: await createCleartextMessage({ text: list }),
    signingKeys: key,
  })) as string;
  const bytes = new TextEncoder().encode(armored);
  // The first letter of the signed text, swapped for another hex digit: a changed list.
  const at = armored.indexOf(list.slice(0, 8));
  const flippedBytes = new Uint8Array(bytes);
  flippedBytes[at] = flippedBytes[at] === 0x30 ? 0x31 : 0x30;
  return {
    name: 'openpgp cleartext list',
    signature: bytes,
    content: new TextEncoder().encode(list),
    trust,
    flipped: () => ({ signature: flippedBytes, content: new TextEncoder().encode(list) }),
  };
}

const content = new Uint8Array(randomBytes(3000));
/** Detached first: the conformance suite feeds random facts to the first fixture. */
export const OPENPGP_FIXTURES: Fixture[] = [
  await detached(false, content),
  await detached(true, content),
  await cleartext(),
];
