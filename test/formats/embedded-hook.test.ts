import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from '../../electron/core/crypto/ed25519';
import { FormatError } from '../../electron/core/errors';
import type {
  FormatDescriptor,
  FormatFacts,
  FormatId,
  FormatModule,
  ParsedSignature,
} from '../../electron/core/formats/format-module';
import { FORMATS } from '../../electron/core/formats/registry';
import type { TrustEntry } from '../../electron/core/trust/trust-entry';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { tempDir } from '../helpers/temp-dir';

/**
 * A toy embedded format, to show the hooks an embedded module (Authenticode) gets: the artifact
 * starts with "TOYSIG" (what its descriptor recognises, so the registry loads it only then) and
 * ends with a 64-byte Ed25519 signature over SHA-256 of everything before it, asked for as a
 * 'ranged-hash' and met in the check's one read.
 */
const MARK = Buffer.from('TOYSIG');
interface Toy extends ParsedSignature {
  signature: Uint8Array;
}
const seed = new Uint8Array(randomBytes(32));
const publicKey = ed25519PublicKey(seed);
const toyFacts: FormatFacts = {
  id: 'toy' as FormatId,
  accepts: ['minisign'],
  placement: 'embedded',
  suffixes: [],
  recognise: (head) => Buffer.from(head.subarray(0, MARK.length)).equals(MARK),
};
const toy: FormatModule<Toy, TrustEntry> = {
  ...toyFacts,
  parse: () => {
    throw new FormatError('not detached');
  },
  embedded(file) {
    if (file.size < MARK.length + 64) return undefined;
    const end = file.size - 64;
    return {
      format: 'toy' as FormatId,
      signature: file.read(end, 64),
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
let loads = 0;
const toyDescriptor: FormatDescriptor = {
  ...toyFacts,
  load: async () => {
    loads += 1;
    return toy;
  },
};

let dir: string;
const registry = FORMATS as FormatDescriptor[];
beforeAll(async () => {
  dir = await tempDir('signet-embedded-');
  registry.push(toyDescriptor);
});
afterAll(() => {
  registry.splice(registry.indexOf(toyDescriptor), 1);
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
    const body = Buffer.concat([MARK, randomBytes(200_000)]);
    const signature = ed25519Sign(createHash('sha256').update(body).digest(), seed);
    const file = join(dir, 'setup.exe');
    await writeFile(file, Buffer.concat([body, signature]));
    expect(await verifyArtifact(file, { trusted: trusted as never })).toMatchObject({
      verdict: 'verified',
      signerName: 'Toy Publisher',
    });
    body.writeUInt8(body.readUInt8(100) ^ 1, 100);
    await writeFile(file, Buffer.concat([body, signature]));
    expect((await verifyArtifact(file, { trusted: trusted as never })).verdict).toBe('tampered');
  });

  it('is not loaded for a file its descriptor does not recognise', async () => {
    const file = join(dir, 'plain.exe');
    await writeFile(file, randomBytes(200_000));
    const before = loads;
    expect((await verifyArtifact(file, { trusted: trusted as never })).verdict).toBe('no-signature');
    expect(loads).toBe(before);
  });
});
