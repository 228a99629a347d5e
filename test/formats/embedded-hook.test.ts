import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from '../../electron/core/crypto/ed25519';
import { FormatError } from '../../electron/core/errors';
import type { FormatId, FormatModule, ParsedSignature } from '../../electron/core/formats/format-module';
import { FORMATS } from '../../electron/core/formats/registry';
import type { TrustEntry } from '../../electron/core/trust/trust-entry';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { tempDir } from '../helpers/temp-dir';

/**
 * A toy embedded format, to show the hooks an embedded module (Authenticode) gets: the artifact
 * ends with "TOYSIG" and a 64-byte Ed25519 signature over SHA-256 of everything before the marker,
 * asked for as a 'ranged-hash' and met in the check's one read.
 */
const MARK = Buffer.from('TOYSIG');
interface Toy extends ParsedSignature {
  signature: Uint8Array;
}
const seed = new Uint8Array(randomBytes(32));
const publicKey = ed25519PublicKey(seed);
const toy: FormatModule<Toy, TrustEntry> = {
  id: 'toy' as FormatId,
  accepts: ['minisign'],
  placement: 'embedded',
  suffixes: [],
  recognise: () => false,
  parse: () => {
    throw new FormatError('not detached');
  },
  embedded(file) {
    if (file.size < MARK.length + 64) return undefined;
    const tail = file.read(file.size - 64 - MARK.length, MARK.length + 64);
    if (!Buffer.from(tail.subarray(0, MARK.length)).equals(MARK)) return undefined;
    const end = file.size - 64 - MARK.length;
    return {
      format: 'toy' as FormatId,
      signature: tail.slice(MARK.length),
      needs: [{ kind: 'ranged-hash', algorithm: 'sha256', ranges: [[0, end]] }],
    };
  },
  check(sig, content, ctx) {
    const digest = content.ranged?.[0];
    const entry = ctx.trust.find(
      (e) => 'publicKey' in e && e.publicKey === Buffer.from(publicKey).toString('base64'),
    );
    if (!entry) return { outcome: 'unknown-signer', reason: 'not trusted', algorithm: 'toy' };
    const ok = digest !== undefined && ed25519Verify(sig.signature, digest, publicKey);
    return ok
      ? { outcome: 'valid', reason: 'good', algorithm: 'toy', signerName: entry.name }
      : { outcome: 'invalid', reason: 'changed', algorithm: 'toy' };
  },
};

let dir: string;
const registry = FORMATS as FormatModule<Toy, TrustEntry>[];
beforeAll(async () => {
  dir = await tempDir('signet-embedded-');
  registry.push(toy);
});
afterAll(() => {
  registry.splice(registry.indexOf(toy), 1);
});

const trusted: TrustEntry[] = [
  {
    kind: 'minisign',
    keyId: '0000000000000000',
    name: 'Toy Publisher',
    publicKey: Buffer.from(publicKey).toString('base64'),
    keyNum: 'AAAAAAAAAAA=',
    addedAt: new Date(0).toISOString(),
    source: 'user',
  },
];

describe('an embedded signature module', () => {
  it('finds its signature through the open descriptor and gets its ranged hash from the one read', async () => {
    const body = randomBytes(200_000);
    const signature = ed25519Sign(createHash('sha256').update(body).digest(), seed);
    const file = join(dir, 'setup.exe');
    await writeFile(file, Buffer.concat([body, MARK, signature]));
    expect(await verifyArtifact(file, { trusted: trusted as never })).toMatchObject({
      verdict: 'verified',
      signerName: 'Toy Publisher',
    });
    body.writeUInt8(body.readUInt8(100) ^ 1, 100);
    await writeFile(file, Buffer.concat([body, MARK, signature]));
    expect((await verifyArtifact(file, { trusted: trusted as never })).verdict).toBe('tampered');
    await writeFile(file, body);
    expect((await verifyArtifact(file, { trusted: trusted as never })).verdict).toBe('no-signature');
  });
});
