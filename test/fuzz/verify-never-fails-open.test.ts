import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign/secret-key';
import { signFile } from '../../electron/core/sign/sign-file';
import { writeSignedChecksumList } from '../../electron/core/sign/write-checksum-list';
import type { TrustedSigner } from '../../electron/core/trust/trust-store';
import { checkChecksumList } from '../../electron/core/verify/check-list';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { tempDir } from '../helpers/temp-dir';

// Whatever happens to a signature, a list or the file, verification answers something other than
// `verified` and never throws: the orchestrator is where a parser bug would turn into failing open.

const key = generateMinisignKeyPair();
const trusted: TrustedSigner[] = [
  {
    keyId: keyIdFromKeyNum(key.keyNum),
    name: 'Release',
    kind: 'minisign',
    publicKey: Buffer.from(key.publicKey).toString('base64'),
    keyNum: Buffer.from(key.keyNum).toString('base64'),
    source: 'user',
    addedAt: '2026-01-01T00:00:00.000Z',
  },
];

let dir: string;
let artifact: Buffer;
let signature: Buffer;
let list: Buffer;
let listSignature: Buffer;

beforeAll(async () => {
  dir = await tempDir();
  const base = join(dir, 'base');
  await mkdir(base);
  artifact = Buffer.from('the release archive\n'.repeat(50));
  await writeFile(join(base, 'app.bin'), artifact);
  await signFile(join(base, 'app.bin'), key);
  signature = await readFile(join(base, 'app.bin.minisig'));
  await writeSignedChecksumList([join(base, 'app.bin')], key, { listPath: join(base, 'SHA256SUMS') });
  list = await readFile(join(base, 'SHA256SUMS'));
  listSignature = await readFile(join(base, 'SHA256SUMS.minisig'));
});

const mutation = (length: number) =>
  fc.record({ index: fc.nat({ max: length - 1 }), xor: fc.integer({ min: 1, max: 255 }) });

function mutate(bytes: Buffer, { index, xor }: { index: number; xor: number }): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] ?? 0) ^ xor;
  return copy;
}

let run = 0;
async function scenario(files: Record<string, Buffer>): Promise<string> {
  const d = join(dir, `case-${run++}`);
  await mkdir(d);
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(d, name), bytes);
  return d;
}

describe('verification never fails open', () => {
  it('the unmodified set verifies (so the properties below can fail)', async () => {
    const d = await scenario({ 'app.bin': artifact, 'app.bin.minisig': signature });
    expect((await verifyArtifact(join(d, 'app.bin'), { trusted })).verdict).toBe('verified');
    const l = await scenario({ 'app.bin': artifact, SHA256SUMS: list, 'SHA256SUMS.minisig': listSignature });
    expect((await checkChecksumList(join(l, 'SHA256SUMS'), { trusted })).verdict).toBe('verified');
  });

  it('any single-byte change to the signature file is never verified', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(signature.length), async (m) => {
        const d = await scenario({ 'app.bin': artifact, 'app.bin.minisig': mutate(signature, m) });
        const r = await verifyArtifact(join(d, 'app.bin'), { trusted });
        // A change inside the untrusted comment line is not covered by the signature, by design.
        const untrustedLineEnd = signature.indexOf(0x0a);
        if (m.index < untrustedLineEnd && r.verdict === 'verified') return;
        expect(r.verdict).not.toBe('verified');
      }),
      { numRuns: 150 },
    );
  });

  it('any single-byte change to the artifact is tampered', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(artifact.length), async (m) => {
        const d = await scenario({ 'app.bin': mutate(artifact, m), 'app.bin.minisig': signature });
        expect((await verifyArtifact(join(d, 'app.bin'), { trusted })).verdict).toBe('tampered');
      }),
      { numRuns: 60 },
    );
  });

  it('any single-byte change to a signed list, its signature or the artifact is never verified', async () => {
    const target = fc.constantFrom('list', 'sig', 'artifact');
    await fc.assert(
      fc.asyncProperty(target, fc.nat(), fc.integer({ min: 1, max: 255 }), async (which, at, xor) => {
        const pick = { list, sig: listSignature, artifact }[which];
        const m = { index: at % pick.length, xor };
        const untrustedLineEnd = listSignature.indexOf(0x0a);
        if (which === 'sig' && m.index < untrustedLineEnd) return;
        const d = await scenario({
          'app.bin': which === 'artifact' ? mutate(artifact, m) : artifact,
          SHA256SUMS: which === 'list' ? mutate(list, m) : list,
          'SHA256SUMS.minisig': which === 'sig' ? mutate(listSignature, m) : listSignature,
        });
        expect((await verifyArtifact(join(d, 'app.bin'), { trusted })).verdict).not.toBe('verified');
        expect((await checkChecksumList(join(d, 'SHA256SUMS'), { trusted })).verdict).not.toBe('verified');
      }),
      { numRuns: 50 },
    );
  });

  it('arbitrary bytes as a signature file give a verdict, never an exception or verified', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const d = await scenario({ 'app.bin': artifact, 'app.bin.minisig': Buffer.from(bytes) });
        const r = await verifyArtifact(join(d, 'app.bin'), { trusted });
        expect(['malformed', 'unknown-signer', 'tampered']).toContain(r.verdict);
      }),
      { numRuns: 100 },
    );
  });

  it('arbitrary text in a trusted signed checksum list is never verified', async () => {
    const line = fc.oneof(
      fc.string(),
      fc.constant(`${'0'.repeat(64)}  ../app.bin`),
      fc.constant(`${'0'.repeat(64)}  /etc/passwd`),
      fc.stringMatching(/^[0-9a-f]{64} [ *][^\n]{1,20}$/),
      fc.stringMatching(/^SHA256 \([^\n)]{1,20}\) = [0-9a-f]{64}$/),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 6 }), async (lines) => {
        const d = await scenario({ 'app.bin': artifact, SHA256SUMS: Buffer.from(lines.join('\n')) });
        // Signed by the trusted key: only the list's content can stop it from verifying.
        await signFile(join(d, 'SHA256SUMS'), key);
        const r = await checkChecksumList(join(d, 'SHA256SUMS'), { trusted });
        expect(r.verdict).not.toBe('verified');
      }),
      { numRuns: 40 },
    );
  });
});
