import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256sumLine } from '../../electron/core/checksums/sha256sum-line';
import { SignetError } from '../../electron/core/errors';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign/secret-key';
import {
  parseMinisignSignature,
  verifyMinisignSignature,
} from '../../electron/core/formats/minisign/signature';
import { defaultTrustedComment } from '../../electron/core/formats/minisign/signing';
import { signFile } from '../../electron/core/sign/sign-file';
import { writeSignedChecksumList } from '../../electron/core/sign/write-checksum-list';
import { blake2b512, makeTempDir } from './minisign-fixtures';

const key = generateMinisignKeyPair();
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('sign'));
});
afterAll(() => cleanup());

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function verifyFile(file: string, signatureFile = `${file}.minisig`) {
  const sig = parseMinisignSignature(readFileSync(signatureFile, 'utf8'));
  return { sig, check: verifyMinisignSignature(sig, key, { blake2b512: blake2b512(readFileSync(file)) }) };
}

describe('signFile', () => {
  it('writes a prehashed signature that verifies, and reports what it signed', async () => {
    const file = write('app-1.0.tar.gz', Buffer.from('pretend archive'));
    const result = await signFile(file, key);
    expect(result.signatureFile).toBe(`${file}.minisig`);
    expect(result.keyId).toBe(keyIdFromKeyNum(key.keyNum));
    expect(result.sha256).toBe(createHash('sha256').update('pretend archive').digest('hex'));
    const { sig, check } = verifyFile(file);
    expect(check).toEqual({ ok: true });
    expect(sig.algorithm).toBe('ED');
    expect(sig.untrustedComment).toBe('signature from signet secret key');
    expect(sig.trustedComment).toBe(result.trustedComment);
    expect(sig.trustedComment).toMatch(/^timestamp:\d+\tfile:app-1\.0\.tar\.gz\thashed$/);
    expect(statSync(result.signatureFile).mode & 0o777).toBe(0o644);
  });

  it('writes the default trusted comment the way minisign does', () => {
    expect(defaultTrustedComment('/some/where/file.iso', new Date(1_700_000_000_999))).toBe(
      'timestamp:1700000000\tfile:file.iso\thashed',
    );
    expect(defaultTrustedComment('/x/two\nlines\tand\rcr')).toMatch(/\tfile:two\?lines\?and\?cr\thashed$/);
  });

  it('never overwrites an existing signature unless asked, and leaves it untouched', async () => {
    const file = write('keep.bin', 'v1');
    await signFile(file, key, { trustedComment: 'first' });
    const before = readFileSync(`${file}.minisig`, 'utf8');
    const error = await signFile(file, key, { trustedComment: 'second' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetError);
    expect((error as SignetError).kind).toBe('exists');
    expect(readFileSync(`${file}.minisig`, 'utf8')).toBe(before);
    await signFile(file, key, { trustedComment: 'second', overwrite: true });
    expect(verifyFile(file).sig.trustedComment).toBe('second');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes to a chosen signature file', async () => {
    const file = write('custom.bin', 'data');
    const signatureFile = join(dir, 'elsewhere.minisig');
    const result = await signFile(file, key, { signatureFile });
    expect(result.signatureFile).toBe(signatureFile);
    expect(verifyFile(file, signatureFile).check).toEqual({ ok: true });
    expect(existsSync(`${file}.minisig`)).toBe(false);
  });

  it('refuses a trusted comment with a line break and writes nothing', async () => {
    const file = write('multi.bin', 'data');
    for (const comment of ['one\ntwo', 'one\rtwo', 'nul\0']) {
      await expect(signFile(file, key, { trustedComment: comment })).rejects.toMatchObject({ kind: 'usage' });
    }
    await expect(signFile(file, key, { trustedComment: 'x'.repeat(9000) })).rejects.toMatchObject({
      kind: 'usage',
    });
    expect(existsSync(`${file}.minisig`)).toBe(false);
  });

  it('refuses a key whose halves do not belong together', async () => {
    const file = write('mismatch.bin', 'data');
    const broken = { ...key, publicKey: generateMinisignKeyPair().publicKey };
    await expect(signFile(file, broken)).rejects.toMatchObject({ kind: 'usage' });
    expect(existsSync(`${file}.minisig`)).toBe(false);
  });

  it('stops when cancelled and writes nothing', async () => {
    const file = write('big.bin', Buffer.alloc(4 * 1024 * 1024, 7));
    const controller = new AbortController();
    controller.abort();
    await expect(signFile(file, key, { signal: controller.signal })).rejects.toMatchObject({
      kind: 'cancelled',
    });
    expect(existsSync(`${file}.minisig`)).toBe(false);
  });

  it('reports progress while hashing', async () => {
    const file = write('progress.bin', Buffer.alloc(3 * 1024 * 1024, 1));
    const seen: number[] = [];
    await signFile(file, key, { onProgress: (p) => seen.push(p.bytesDone) });
    expect(seen.at(-1)).toBe(3 * 1024 * 1024);
  });

  it('signs an empty file', async () => {
    const file = write('empty.bin', '');
    await signFile(file, key);
    expect(verifyFile(file).check).toEqual({ ok: true });
  });
});

describe('writeSignedChecksumList', () => {
  it('writes GNU sha256sum lines relative to the list folder and signs the list', async () => {
    const a = write('release/a.txt', 'alpha');
    const b = write('release/sub dir/b c.txt', 'bravo');
    const listPath = join(dir, 'release', 'SHA256SUMS');
    const result = await writeSignedChecksumList([a, b, a], key, { listPath });
    expect(result).toMatchObject({ listFile: listPath, signatureFile: `${listPath}.minisig` });
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(readFileSync(listPath, 'utf8')).toBe(`${sha('alpha')}  a.txt\n${sha('bravo')}  sub dir/b c.txt\n`);
    expect(verifyFile(listPath).check).toEqual({ ok: true });
    expect(verifyFile(listPath).sig.trustedComment).toMatch(/\tfile:SHA256SUMS\thashed$/);
  });

  it('escapes names the way GNU coreutils 9 does', () => {
    const hex = 'ab'.repeat(32);
    expect(sha256sumLine(hex, 'plain name')).toBe(`${hex}  plain name`);
    expect(sha256sumLine(hex, 'a\\b')).toBe(`\\${hex}  a\\\\b`);
    expect(sha256sumLine(hex, 'c\nd')).toBe(`\\${hex}  c\\nd`);
    expect(sha256sumLine(hex, 'e\rf')).toBe(`\\${hex}  e\\rf`);
  });

  it('refuses files outside the list folder and the list itself', async () => {
    const outside = write('outside.txt', 'x');
    const listPath = join(dir, 'inner', 'SHA256SUMS');
    mkdirSync(join(dir, 'inner'), { recursive: true });
    await expect(writeSignedChecksumList([outside], key, { listPath })).rejects.toMatchObject({
      kind: 'usage',
    });
    await expect(writeSignedChecksumList([listPath], key, { listPath })).rejects.toMatchObject({
      kind: 'usage',
    });
    await expect(writeSignedChecksumList([], key, { listPath })).rejects.toMatchObject({ kind: 'usage' });
    expect(existsSync(listPath)).toBe(false);
  });

  it('never overwrites a list or its signature unless asked', async () => {
    const a = write('lists/a.txt', 'one');
    const listPath = join(dir, 'lists', 'SHA256SUMS');
    await writeSignedChecksumList([a], key, { listPath });
    const before = readFileSync(listPath, 'utf8');
    writeFileSync(a, 'changed');
    await expect(writeSignedChecksumList([a], key, { listPath })).rejects.toMatchObject({ kind: 'exists' });
    expect(readFileSync(listPath, 'utf8')).toBe(before);
    await writeSignedChecksumList([a], key, { listPath, overwrite: true });
    expect(readFileSync(listPath, 'utf8')).not.toBe(before);
    expect(verifyFile(listPath).check).toEqual({ ok: true });
  });

  it('refuses when only the signature already exists, and writes no list', async () => {
    const a = write('sigonly/a.txt', 'one');
    const listPath = join(dir, 'sigonly', 'SHA256SUMS');
    writeFileSync(`${listPath}.minisig`, 'someone else’s signature');
    await expect(writeSignedChecksumList([a], key, { listPath })).rejects.toMatchObject({ kind: 'exists' });
    expect(existsSync(listPath)).toBe(false);
  });
});
