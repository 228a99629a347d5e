import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ed25519Sign } from '../../electron/core/crypto/ed25519';
import { concatBytes } from '../../electron/core/encoding/bytes';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import {
  generateMinisignKeyPair,
  type MinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import { signFile } from '../../electron/core/sign/sign-file';
import { writeSignedChecksumList } from '../../electron/core/sign/write-checksum-list';
import type { TrustedSigner } from '../../electron/core/trust/trust-store';
import { checkChecksumList } from '../../electron/core/verify/check-list';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

let root: string;
let alice: MinisignSecretKey;
let trusted: TrustedSigner[];
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  root = await tempDir('signet-candidates-');
  alice = generateMinisignKeyPair();
  trusted = [
    {
      kind: 'minisign',
      keyId: keyIdFromKeyNum(alice.keyNum),
      name: 'Alice Releases',
      publicKey: b64(alice.publicKey),
      keyNum: b64(alice.keyNum),
      addedAt: new Date(0).toISOString(),
      source: 'user',
    },
  ];
});

let count = 0;
async function folder(): Promise<string> {
  const d = join(root, `case-${++count}`);
  await mkdir(d);
  return d;
}

/** A signify signature line pair for `message` by alice (signify keys are minisign keys). */
function signifyLines(message: Uint8Array): string {
  const line = b64(concatBytes(Buffer.from('Ed'), alice.keyNum, ed25519Sign(message, alice.seed)));
  return `untrusted comment: verify with alice.pub\n${line}\n`;
}

describe('one read, one answer', () => {
  it('keeps reading the file it opened when another file is swapped in mid-check', async () => {
    // In process, on one worker, and on two workers side by side (64 MiB and up).
    for (const [offThread, size] of [
      [false, 3 << 20],
      [true, 3 << 20],
      [true, 65 << 20],
    ] as const) {
      const d = await folder();
      const file = join(d, 'app.bin');
      const original = randomBytes(size + 5);
      await writeFile(file, original);
      await signFile(file, alice);
      await writeFile(join(d, 'other.bin'), randomBytes(original.length));
      let swapped = false;
      const r = await verifyArtifact(file, {
        trusted,
        offThread,
        onProgress: () => {
          if (swapped) return;
          swapped = true;
          // Not awaited on purpose: the swap races the reads still to come.
          void rename(join(d, 'other.bin'), file);
        },
      });
      expect(swapped).toBe(true);
      // Whatever the path holds now, the verdict and the SHA-256 are both about the bytes that were read.
      expect(r.verdict).toBe('verified');
      expect(r.sha256).toBe(sha256(original));
    }
  });

  it('refuses a whole-message signature past the policy limit with a plain sentence, unread', async () => {
    const d = await folder();
    const file = join(d, 'big.bin');
    const content = randomBytes(5000);
    await writeFile(file, content);
    await writeFile(`${file}.sig`, signifyLines(content));
    const policy = standardPolicy({ wholeMessageLimit: 4096 });
    const r = await verifyArtifact(file, { trusted, policy });
    expect(r.verdict).toBe('malformed');
    expect(r.reason).toMatch(/covers the whole file at once.*too large/);
    // Under the limit, the same signature verifies without the file ever being held whole.
    expect((await verifyArtifact(file, { trusted })).verdict).toBe('verified');
  });
});

describe('whole-message signatures stream', () => {
  it('checks a signify signature over 160 MiB without holding the file in memory', async () => {
    const d = await folder();
    const file = join(d, 'large.img');
    await writeFile(file, '');
    await truncate(file, 160 * 1024 * 1024);
    // The signature is made over the same zeros; this test holds them, verification must not.
    const zeros = new Uint8Array(160 * 1024 * 1024);
    await writeFile(`${file}.sig`, signifyLines(zeros));
    const before = process.memoryUsage().rss;
    let peak = before;
    const r = await verifyArtifact(file, {
      trusted,
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    expect(r.verdict).toBe('verified');
    // The read ring shared with the hashing workers is 48 MiB; the file is 160.
    expect(peak - before).toBeLessThan(96 * 1024 * 1024);
  });
});

describe('all candidates count', () => {
  it('a GnuPG FILE.sig beside the file never hides a valid signed SHA256SUMS', async () => {
    const d = await folder();
    const gnupg = join(d, 'gnupg');
    await mkdir(gnupg, { mode: 0o700 });
    const gpg = (args: string[]) => run('gpg', ['--homedir', gnupg, '--batch', '--quiet', ...args]);
    expect(
      (await gpg(['--passphrase', '', '--quick-gen-key', 'Test <t@example.org>', 'ed25519', 'sign', 'never']))
        .status,
    ).toBe(0);
    const file = join(d, 'tool.tar.gz');
    await writeFile(file, 'tool');
    expect((await gpg(['--detach-sign', '--output', `${file}.sig`, file])).status).toBe(0);
    await writeSignedChecksumList([file], alice, { listPath: join(d, 'SHA256SUMS') });
    const r = await verifyArtifact(file, { trusted });
    expect(r).toMatchObject({ verdict: 'verified', signerName: 'Alice Releases', format: 'checksum-list' });
    // Alone, the GnuPG signature is read, and its key is not one of the trusted signers.
    const alone = await folder();
    await writeFile(join(alone, 'tool.tar.gz'), 'tool');
    await rename(`${file}.sig`, join(alone, 'tool.tar.gz.sig'));
    const r2 = await verifyArtifact(join(alone, 'tool.tar.gz'), { trusted });
    expect(r2.verdict).toBe('unknown-signer');
    expect(r2.reason).toMatch(/OpenPGP key/);
  });

  it('a trusted signature over other content is tampered, even beside a valid one', async () => {
    const d = await folder();
    const file = join(d, 'a.bin');
    await writeFile(file, 'first');
    await writeSignedChecksumList([file], alice, { listPath: join(d, 'SHA256SUMS') });
    await writeFile(file, 'second');
    await signFile(file, alice);
    const r = await verifyArtifact(file, { trusted });
    expect(r.verdict).toBe('tampered');
    expect(r.checksumList).toBe(join(d, 'SHA256SUMS'));
  });

  it('an unsigned list is not parsed: garbage in it changes nothing', async () => {
    const d = await folder();
    const file = join(d, 'a.bin');
    await writeFile(file, 'a');
    await writeFile(join(d, 'SHA256SUMS'), `not a list at all\n${'\u0000'.repeat(10)} a.bin\n`);
    const r = await verifyArtifact(file, { trusted });
    expect(r.verdict).toBe('no-signature');
    expect(r.reason).toMatch(/SHA256SUMS.*not signed/);
  });
});

describe('signed lists', () => {
  it('dropping SHA256SUMS.minisig verifies the list itself', async () => {
    const d = await folder();
    await writeFile(join(d, 'a.bin'), 'a');
    await writeSignedChecksumList([join(d, 'a.bin')], alice, { listPath: join(d, 'SHA256SUMS') });
    const r = await verifyArtifact(join(d, 'SHA256SUMS.minisig'), { trusted });
    expect(r).toMatchObject({
      verdict: 'verified',
      file: join(d, 'SHA256SUMS'),
      signerName: 'Alice Releases',
    });
  });

  it('a list with another name works through signatureFile, as in check', async () => {
    const d = await folder();
    const file = join(d, 'a.bin');
    await writeFile(file, 'a');
    await writeSignedChecksumList([file], alice, { listPath: join(d, 'CHECKSUMS.txt') });
    const r = await verifyArtifact(file, { trusted, signatureFile: join(d, 'CHECKSUMS.txt.minisig') });
    expect(r).toMatchObject({ verdict: 'verified', checksumList: join(d, 'CHECKSUMS.txt') });
    await writeFile(file, 'changed');
    const changed = await verifyArtifact(file, { trusted, signatureFile: join(d, 'CHECKSUMS.txt.minisig') });
    expect(changed.verdict).toBe('tampered');
  });

  it('is checked before it is parsed: bytes appended after signing are tampered', async () => {
    const d = await folder();
    const file = join(d, 'a.bin');
    await writeFile(file, 'a');
    await writeSignedChecksumList([file], alice, { listPath: join(d, 'SHA256SUMS') });
    await appendFile(join(d, 'SHA256SUMS'), 'junk that is no checksum line\n');
    expect((await checkChecksumList(join(d, 'SHA256SUMS'), { trusted })).verdict).toBe('tampered');
    expect((await verifyArtifact(file, { trusted })).verdict).toBe('tampered');
    // The same for a list carried inside a signify signature (OpenBSD's SHA256.sig).
    const e = await folder();
    const list = Buffer.from(`SHA256 (a.bin) = ${sha256(Buffer.from('a'))}\n`);
    await writeFile(join(e, 'a.bin'), 'a');
    await writeFile(
      join(e, 'SHA256.sig'),
      Buffer.concat([Buffer.from(signifyLines(list)), list, Buffer.from('x')]),
    );
    expect((await checkChecksumList(join(e, 'SHA256.sig'), { trusted })).verdict).toBe('tampered');
    expect((await verifyArtifact(join(e, 'a.bin'), { trusted })).verdict).toBe('tampered');
  });

  it('a list that is signed but names none of the files present says so', async () => {
    const d = await folder();
    await writeFile(join(d, 'gone.bin'), 'g');
    await writeSignedChecksumList([join(d, 'gone.bin')], alice, { listPath: join(d, 'SHA256SUMS') });
    await writeFile(join(d, 'other.bin'), 'o');
    const { rm } = await import('node:fs/promises');
    await rm(join(d, 'gone.bin'));
    const checked = await checkChecksumList(join(d, 'SHA256SUMS'), { trusted });
    expect(checked.reason).toMatch(
      /signed with the key of Alice Releases, but none of the files it lists are here/,
    );
    const r = await verifyArtifact(join(d, 'other.bin'), { trusted });
    expect(r.verdict).toBe('no-signature');
    expect(r.reason).toMatch(
      /SHA256SUMS is signed with the key of Alice Releases, but it does not name this file/,
    );
  });
});

describe('a signify message checked as itself', () => {
  it('verifies and says what the message is', async () => {
    const d = await folder();
    const message = Buffer.from('Attack at dawn\n');
    await writeFile(join(d, 'orders.sig'), Buffer.concat([Buffer.from(signifyLines(message)), message]));
    const r = await verifyArtifact(join(d, 'orders.sig'), { trusted });
    expect(r).toMatchObject({
      verdict: 'verified',
      format: 'signify-embedded',
      signerName: 'Alice Releases',
      signedMessage: {
        description: 'a text message of 1 line',
        bytes: message.length,
        text: 'Attack at dawn\n',
      },
    });
    const changed = Buffer.from('Attack at dusk\n');
    await writeFile(join(d, 'orders.sig'), Buffer.concat([Buffer.from(signifyLines(message)), changed]));
    expect((await verifyArtifact(join(d, 'orders.sig'), { trusted })).verdict).toBe('tampered');
  });
});
