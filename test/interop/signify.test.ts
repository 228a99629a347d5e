import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseChecksumList } from '../../electron/core/checksums/parse-checksum-list';
import { resolveListedPath } from '../../electron/core/checksums/resolve-listed-path';
import { FormatError } from '../../electron/core/errors';
import { parseSignifyEmbedded } from '../../electron/core/formats/signify/embedded';
import { parseSignifyPublicKey } from '../../electron/core/formats/signify/public-key';
import { parseSignifySignature } from '../../electron/core/formats/signify/signature';
import { verifySignify } from '../../electron/core/formats/signify/verify';

const SIGNIFY = '/usr/bin/signify-openbsd';

let dir: string;

/** Runs signify in the test folder; a missing binary fails the test (spawn error), never skips it. */
function signify(args: string[]): { status: number; output: string } {
  const result = spawnSync(SIGNIFY, args, { cwd: dir, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

function signifyOk(args: string[]): string {
  const result = signify(args);
  if (result.status !== 0) throw new Error(`signify ${args.join(' ')} failed: ${result.output}`);
  return result.output;
}

const file = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(file(name));
const readText = (name: string) => readFileSync(file(name), 'utf8');

function signifyKey(name: string) {
  return parseSignifyPublicKey(readText(`${name}.pub`));
}

/** Set when setup failed (say, a tool is missing): every test then fails, none is skipped. */
let setupError: unknown;

beforeAll(() => {
  try {
    expect(existsSync(SIGNIFY), `${SIGNIFY} must be installed for the interop tests`).toBe(true);
    dir = mkdtempSync(path.join(tmpdir(), 'signet-signify-'));
    signifyOk(['-G', '-n', '-c', 'signet test key', '-p', 'key.pub', '-s', 'key.sec']);
    signifyOk(['-G', '-n', '-c', 'another key', '-p', 'other.pub', '-s', 'other.sec']);
  } catch (error) {
    setupError = error;
  }
});

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('signify detached signatures', () => {
  it('Signet verifies what signify -S signed, for text and binary messages', () => {
    const messages: [string, Buffer][] = [
      ['text.txt', Buffer.from('release notes\r\nline two\n')],
      ['binary.bin', randomBytes(1024 * 1024 + 7)],
      ['empty.txt', Buffer.alloc(0)],
    ];
    const key = signifyKey('key');
    for (const [name, content] of messages) {
      writeFileSync(file(name), content);
      signifyOk(['-S', '-s', 'key.sec', '-m', name]);
      const sig = parseSignifySignature(readText(`${name}.sig`));
      expect(sig.untrustedComment).toBe('verify with key.pub');
      expect(verifySignify(sig, key, read(name))).toEqual({ ok: true });
    }
  });

  it('a changed message is bad-signature for Signet and a failure for signify -V', () => {
    writeFileSync(file('changed.txt'), 'original contents\n');
    signifyOk(['-S', '-s', 'key.sec', '-m', 'changed.txt']);
    writeFileSync(file('changed.txt'), 'original contentz\n');
    const sig = parseSignifySignature(readText('changed.txt.sig'));
    expect(verifySignify(sig, signifyKey('key'), read('changed.txt'))).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    expect(signify(['-V', '-p', 'key.pub', '-m', 'changed.txt']).status).not.toBe(0);
  });

  it('another key is key-mismatch for Signet, and signify -V refuses it too', () => {
    writeFileSync(file('mine.txt'), 'signed with key\n');
    signifyOk(['-S', '-s', 'key.sec', '-m', 'mine.txt']);
    const sig = parseSignifySignature(readText('mine.txt.sig'));
    expect(verifySignify(sig, signifyKey('other'), read('mine.txt'))).toEqual({
      ok: false,
      problem: 'key-mismatch',
    });
    const refused = signify(['-V', '-p', 'other.pub', '-m', 'mine.txt']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/wrong key/);
  });

  it('key ids differ between the two keys and are 16 hex digits', () => {
    const a = signifyKey('key');
    const b = signifyKey('other');
    expect(a.keyId).toMatch(/^[0-9A-F]{16}$/);
    expect(a.keyId).not.toBe(b.keyId);
    // The signature names the key it was made with: same keynum as the public key file.
    const sig = parseSignifySignature(readText('mine.txt.sig'));
    expect(Buffer.from(sig.keyNum)).toEqual(Buffer.from(a.keyNum));
  });
});

describe('signify embedded signatures', () => {
  it('Signet reads and verifies signify -S -e output and gets the exact message', () => {
    const content = Buffer.concat([Buffer.from('line\r\n\n'), randomBytes(4096)]);
    writeFileSync(file('embed.bin'), content);
    signifyOk(['-S', '-e', '-s', 'key.sec', '-m', 'embed.bin', '-x', 'embed.bin.sig']);
    const { signature, message } = parseSignifyEmbedded(read('embed.bin.sig'));
    expect(Buffer.from(message)).toEqual(content);
    expect(verifySignify(signature, signifyKey('key'), message)).toEqual({ ok: true });
    expect(verifySignify(signature, signifyKey('other'), message)).toEqual({
      ok: false,
      problem: 'key-mismatch',
    });
  });

  it('a changed embedded message fails for both', () => {
    writeFileSync(file('embed.txt'), 'embedded message\n');
    signifyOk(['-S', '-e', '-s', 'key.sec', '-m', 'embed.txt', '-x', 'embed.txt.sig']);
    const tampered = Buffer.from(read('embed.txt.sig'));
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 3) ^ 0x20, tampered.length - 3);
    writeFileSync(file('embed-tampered.sig'), tampered);
    const { signature, message } = parseSignifyEmbedded(tampered);
    expect(verifySignify(signature, signifyKey('key'), message)).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
    expect(
      signify(['-V', '-e', '-p', 'key.pub', '-x', 'embed-tampered.sig', '-m', 'out.txt']).status,
    ).not.toBe(0);
  });
});

describe('signify signed checksum lists (-C)', () => {
  const names = ['a.txt', 'name with spaces.bin', 'sub/c.dat'];

  function makeFiles(listDir: string) {
    mkdirSync(path.join(listDir, 'sub'), { recursive: true });
    for (const name of names) writeFileSync(path.join(listDir, name), randomBytes(10_000));
  }

  function sha(algorithm: 'sha256' | 'sha512', p: string) {
    return createHash(algorithm).update(readFileSync(p)).digest();
  }

  it('Signet reads the list signify -C checks and agrees on every file', () => {
    const listDir = file('release');
    makeFiles(listDir);
    const tag256 = spawnSync('sha256sum', ['--tag', ...names], { cwd: listDir, encoding: 'utf8' });
    const tag512 = spawnSync('sha512sum', ['--tag', names[0]!], { cwd: listDir, encoding: 'utf8' });
    expect(tag256.status).toBe(0);
    writeFileSync(path.join(listDir, 'SHA256'), tag256.stdout + tag512.stdout);
    signifyOk(['-S', '-e', '-s', 'key.sec', '-m', 'release/SHA256', '-x', 'release/SHA256.sig']);

    const checked = spawnSync(SIGNIFY, ['-C', '-p', '../key.pub', '-x', 'SHA256.sig'], {
      cwd: listDir,
      encoding: 'utf8',
    });
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('name with spaces.bin: OK');

    const { signature, message } = parseSignifyEmbedded(readFileSync(path.join(listDir, 'SHA256.sig')));
    expect(verifySignify(signature, signifyKey('key'), message)).toEqual({ ok: true });
    const entries = parseChecksumList(Buffer.from(message).toString('utf8'));
    expect(entries.map((entry) => [entry.algorithm, entry.name])).toEqual([
      ['sha256', 'a.txt'],
      ['sha256', 'name with spaces.bin'],
      ['sha256', 'sub/c.dat'],
      ['sha512', 'a.txt'],
    ]);
    for (const entry of entries) {
      const target = resolveListedPath(listDir, entry.name);
      expect(entry.digest.equals(sha(entry.algorithm, target))).toBe(true);
    }
  });

  it('a changed file fails for signify -C and no longer matches Signet’s entry', () => {
    const listDir = file('release2');
    makeFiles(listDir);
    const tag = spawnSync('sha256sum', ['--tag', ...names], { cwd: listDir, encoding: 'utf8' });
    writeFileSync(path.join(listDir, 'SHA256'), tag.stdout);
    signifyOk(['-S', '-e', '-s', 'key.sec', '-m', 'release2/SHA256', '-x', 'release2/SHA256.sig']);
    writeFileSync(path.join(listDir, 'sub/c.dat'), 'replaced');
    const checked = spawnSync(SIGNIFY, ['-C', '-p', '../key.pub', '-x', 'SHA256.sig'], {
      cwd: listDir,
      encoding: 'utf8',
    });
    expect(checked.status).not.toBe(0);
    expect(`${checked.stdout}${checked.stderr}`).toContain('sub/c.dat: FAIL');
    const { message } = parseSignifyEmbedded(readFileSync(path.join(listDir, 'SHA256.sig')));
    const entry = parseChecksumList(Buffer.from(message).toString('utf8')).find(
      (e) => e.name === 'sub/c.dat',
    )!;
    expect(entry.digest.equals(sha('sha256', path.join(listDir, 'sub/c.dat')))).toBe(false);
  });

  it.each([
    ['no digest', 'SHA256 (a.txt) =', /unable to parse checksum line/],
    ['plain words', 'this is not a checksum', /unable to parse checksum line/],
    ['no parentheses', `SHA256 a.txt = ${'0'.repeat(64)}`, /unable to parse checksum line/],
    ['an unsupported algorithm', `MD5 (a.txt) = ${'0'.repeat(32)}`, /can't handle algorithm MD5/],
    ['a lower-case tag', `sha256 (a.txt) = ${'0'.repeat(64)}`, /can't handle algorithm sha256/],
    ['a short digest', 'SHA256 (a.txt) = abcdef', /invalid base64 encoding|FAIL/],
  ])('a list line with %s is refused by signify -C and by Signet', (name, line, signifySays) => {
    const listDir = file(`bad-${name.replaceAll(' ', '-')}`);
    mkdirSync(listDir);
    writeFileSync(path.join(listDir, 'a.txt'), 'a');
    writeFileSync(path.join(listDir, 'SHA256'), `${line}\n`);
    signifyOk([
      '-S',
      '-e',
      '-s',
      'key.sec',
      '-m',
      `${path.basename(listDir)}/SHA256`,
      '-x',
      `${path.basename(listDir)}/SHA256.sig`,
    ]);
    const checked = spawnSync(SIGNIFY, ['-C', '-p', '../key.pub', '-x', 'SHA256.sig'], {
      cwd: listDir,
      encoding: 'utf8',
    });
    expect(checked.status).not.toBe(0);
    expect(`${checked.stdout}${checked.stderr}`).toMatch(/Signature Verified/);
    expect(`${checked.stdout}${checked.stderr}`).toMatch(signifySays);
    expect(() => parseChecksumList(`${line}\n`)).toThrow(FormatError);
  });
});
