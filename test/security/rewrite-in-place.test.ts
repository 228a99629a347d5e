import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign/secret-key';
import { signFile } from '../../electron/core/sign/sign-file';
import type { TrustedSigner } from '../../electron/core/trust/trust-store';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { tempDir } from '../helpers/temp-dir';

/**
 * A writer that rewrites the file in place (same inode, same size) and then sets its modification
 * time back: only the change time tells the two contents apart. No check may say "verified"
 * beside a SHA-256 that is not the signed content's.
 */
const SIZE = 4 * 1024 * 1024;
const ROUNDS = 30;

// Runs in its own process so its writes land while the check reads, not between awaits.
const WRITER = `
const fs = require('node:fs');
const [path, size, mtime] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const a = Buffer.alloc(size, 0x61), b = Buffer.alloc(size, 0x62);
const fd = fs.openSync(path, 'r+');
const pause = new Int32Array(new SharedArrayBuffer(4));
for (let flip = true; ; flip = !flip) {
  fs.writeSync(fd, flip ? b : a, 0, size, 0);
  fs.futimesSync(fd, mtime, mtime);
  Atomics.wait(pause, 0, 0, Math.random() * 5);
}
`;

let dir: string;
let file: string;
let signedSha256: string;
let trusted: TrustedSigner[];
let writer: ChildProcess | undefined;

beforeAll(async () => {
  dir = await tempDir();
  file = join(dir, 'app.bin');
  const content = Buffer.alloc(SIZE, 0x61);
  writeFileSync(file, content);
  signedSha256 = createHash('sha256').update(content).digest('hex');
  const key = generateMinisignKeyPair();
  await signFile(file, key, { trustedComment: 'timestamp:1700000000\tfile:app.bin' });
  trusted = [
    {
      keyId: keyIdFromKeyNum(key.keyNum),
      name: 'Alice',
      kind: 'minisign',
      publicKey: Buffer.from(key.publicKey).toString('base64'),
      keyNum: Buffer.from(key.keyNum).toString('base64'),
      source: 'user',
      addedAt: new Date(0).toISOString(),
    },
  ];
});

afterAll(() => {
  if (writer?.pid) process.kill(writer.pid);
});

describe('a file rewritten in place with its modification time restored', () => {
  it('is verified while nobody writes it', async () => {
    const result = await verifyArtifact(file, { trusted });
    expect(result).toMatchObject({ verdict: 'verified', sha256: signedSha256 });
  });

  it('is never verified beside another content’s SHA-256', async () => {
    const mtime = statSync(file).mtimeMs / 1000;
    writer = spawn(process.execPath, ['-e', WRITER, file, String(SIZE), String(mtime)], {
      stdio: 'ignore',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const seen = { verified: 0, changed: 0, other: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const result = await verifyArtifact(file, { trusted, offThread: round % 2 === 1 });
      if (result.verdict === 'verified') {
        expect(result.sha256).toBe(signedSha256);
        seen.verified++;
      } else if (/changed while it was being checked/.test(result.reason ?? '')) seen.changed++;
      else seen.other++;
    }
    writer.kill();
    // The writer never stops: the rounds that caught it mid-read must say so, not guess a verdict.
    expect(seen.changed).toBeGreaterThan(ROUNDS / 3);
  }, 60_000);
});
