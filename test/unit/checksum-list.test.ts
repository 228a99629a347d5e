import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_CHECKSUM_ENTRIES,
  MAX_CHECKSUM_LIST_CHARS,
  parseChecksumList,
} from '../../electron/core/checksums/parse-checksum-list';
import {
  assertInsideFolder,
  realPathInsideFolder,
  resolveListedPath,
  resolveListedPathWith,
} from '../../electron/core/checksums/resolve-listed-path';
import { FormatError } from '../../electron/core/errors';

const H256 = 'a'.repeat(64);
const H512 = 'B'.repeat(128);

describe('parseChecksumList', () => {
  it('reads GNU text and binary lines and infers the algorithm from the length', () => {
    const entries = parseChecksumList(`${H256}  file one.txt\n${H512} *bin/tool.exe\n`);
    expect(entries).toEqual([
      { algorithm: 'sha256', digest: Buffer.from(H256, 'hex'), name: 'file one.txt', line: 1 },
      { algorithm: 'sha512', digest: Buffer.from(H512, 'hex'), name: 'bin/tool.exe', line: 2 },
    ]);
  });

  it('keeps leading and trailing spaces in names', () => {
    const [entry] = parseChecksumList(`${H256}    spaced name  \n`);
    expect(entry!.name).toBe('  spaced name  ');
  });

  it('reads BSD tag lines, with names holding parentheses and " = "', () => {
    const entries = parseChecksumList(`SHA256 (a (1).txt) = ${H256}\nSHA512 (x) = y) = ${H512}\n`);
    expect(entries.map((entry) => [entry.algorithm, entry.name])).toEqual([
      ['sha256', 'a (1).txt'],
      ['sha512', 'x) = y'],
    ]);
  });

  it('undoes backslash escapes only on lines that start with a backslash', () => {
    const entries = parseChecksumList(
      [`\\${H256}  new\\nline\\\\back\\rcr`, `${H256}  plain\\nname`, `\\SHA256 (tag\\\\ged) = ${H256}`].join(
        '\n',
      ),
    );
    expect(entries.map((entry) => entry.name)).toEqual(['new\nline\\back\rcr', 'plain\\nname', 'tag\\ged']);
  });

  it('skips blank lines and # comments, tolerates CRLF and a BOM, and numbers lines from 1', () => {
    const entries = parseChecksumList(
      `\uFEFF# made by hand\r\n\r\n   \r\n${H256}  a\r\n\r\nSHA256 (b) = ${H256}\r\n`,
    );
    expect(entries.map((entry) => [entry.name, entry.line])).toEqual([
      ['a', 4],
      ['b', 6],
    ]);
  });

  it('accepts upper-case hex and decodes it', () => {
    const [entry] = parseChecksumList(`${'AB'.repeat(32)}  x`);
    expect(entry!.digest.toString('hex')).toBe('ab'.repeat(32));
  });

  it('an empty list has no entries', () => {
    expect(parseChecksumList('')).toEqual([]);
    expect(parseChecksumList('\n\n')).toEqual([]);
  });

  it.each([
    ['an MD5 line', `${'a'.repeat(32)}  f`, 1, /MD5/],
    ['a SHA-1 line', `${'a'.repeat(40)}  f`, 1, /SHA-1/],
    ['a single space', `${H256} f`, 1, /not a checksum line/],
    ['no name', `${H256}  `, 1, /empty/],
    ['non-hex digits', `${'g'.repeat(64)}  f`, 1, /not a checksum line/],
    ['a BSD line with a wrong length', `SHA256 (f) = ${H512}`, 1, /64 hex digits/],
    ['an unsupported BSD algorithm', `MD5 (f) = ${'a'.repeat(32)}`, 1, /MD5 is not supported/],
    ['a tag named like an object property', `constructor (f) = ${H256}`, 1, /constructor is not supported/],
    ['a bad escape', `\\${H256}  a\\tb`, 1, /backslash/],
    ['a lone trailing backslash', `\\${H256}  ab\\`, 1, /backslash/],
    ['garbage after good lines', `${H256}  a\n\n-----BEGIN PGP SIGNATURE-----`, 3, /not a checksum line/],
    ['a signify signature', 'untrusted comment: x\nRWQ=', 1, /not a checksum line/],
  ])('refuses %s and names the line', (_, text, line, message) => {
    expect(() => parseChecksumList(text)).toThrow(FormatError);
    expect(() => parseChecksumList(text)).toThrow(new RegExp(`Line ${line} `));
    expect(() => parseChecksumList(text)).toThrow(message);
  });

  it('refuses over-long names quickly, escaped or not', () => {
    const started = performance.now();
    expect(() => parseChecksumList(`\\${H256}  ${'\\\\'.repeat(4_000_000)}`)).toThrow(/too long/);
    expect(() => parseChecksumList(`${H256}  ${'x'.repeat(4097)}`)).toThrow(/too long/);
    expect(parseChecksumList(`${H256}  ${'x'.repeat(4096)}`)[0]!.name).toHaveLength(4096);
    expect(parseChecksumList(`\\${H256}  ${'\\\\'.repeat(4096)}`)[0]!.name).toBe('\\'.repeat(4096));
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('refuses lists over the size and entry limits', () => {
    expect(() => parseChecksumList(' '.repeat(MAX_CHECKSUM_LIST_CHARS + 1))).toThrow(/too large/);
    expect(parseChecksumList(' '.repeat(MAX_CHECKSUM_LIST_CHARS))).toEqual([]);
    const line = `${H256}  f\n`;
    expect(parseChecksumList(line.repeat(3), { maxEntries: 3 })).toHaveLength(3);
    expect(() => parseChecksumList(line.repeat(4), { maxEntries: 3 })).toThrow(/more than 3 entries/);
    expect(() => parseChecksumList(line, { maxChars: line.length - 1 })).toThrow(/too large/);
    expect(MAX_CHECKSUM_ENTRIES).toBe(1_000_000);
  });

  it('reads a list of 200,000 entries (about 14 MB) in reasonable time', () => {
    const started = performance.now();
    const big = Array.from({ length: 200_000 }, (_, i) => `${H256}  f${i}\n`).join('');
    expect(big.length).toBeLessThan(MAX_CHECKSUM_LIST_CHARS);
    expect(parseChecksumList(big)).toHaveLength(200_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('resolveListedPath', () => {
  const dir = path.resolve('/srv/downloads');

  it('joins plain and nested names inside the folder', () => {
    expect(resolveListedPath(dir, 'a.txt')).toBe(path.join(dir, 'a.txt'));
    expect(resolveListedPath(dir, './sub/b.txt')).toBe(path.join(dir, 'sub', 'b.txt'));
    expect(resolveListedPath(dir, 'sub//c')).toBe(path.join(dir, 'sub', 'c'));
    expect(resolveListedPath(dir, '..hidden')).toBe(path.join(dir, '..hidden'));
    expect(resolveListedPath(dir, 'a..b')).toBe(path.join(dir, 'a..b'));
  });

  it.each([
    ['', /empty/],
    ['/etc/passwd', /absolute/],
    ['\\Windows\\system32', /absolute/],
    ['\\\\server\\share\\x', /absolute/],
    ['//server/share/x', /absolute/],
    ['C:\\Windows\\x', /drive/],
    ['c:x', /drive/],
    ['../secret', /goes up/],
    ['sub/../../secret', /goes up/],
    ['sub\\..\\..\\secret', /goes up/],
    ['sub/..', /goes up/],
    ['...', /goes up/],
    ['.. /x', /goes up/],
    ['a\0b', /NUL/],
    ['.', /folder itself/],
    ['./', /folder itself/],
    ['./.', /folder itself/],
  ])('refuses %j', (name, message) => {
    expect(() => resolveListedPath(dir, name)).toThrow(FormatError);
    expect(() => resolveListedPath(dir, name)).toThrow(message);
  });

  it('gives the same answers with Windows paths', () => {
    const win = 'C:\\lists';
    expect(resolveListedPathWith(path.win32, win, 'sub/a.txt')).toBe('C:\\lists\\sub\\a.txt');
    for (const name of ['..\\x', 'D:x', '\\\\?\\C:\\x', '\\\\.\\pipe\\x', 'a/../../x', '/x']) {
      expect(() => resolveListedPathWith(path.win32, win, name)).toThrow(FormatError);
    }
  });
});

describe('assertInsideFolder and real paths', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'signet-listed-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('compares real paths', () => {
    expect(() => assertInsideFolder('/a/b', '/a/b/c')).not.toThrow();
    expect(() => assertInsideFolder('/a/b', '/a/b/c/d')).not.toThrow();
    expect(() => assertInsideFolder('/a/b', '/a/bc')).toThrow(FormatError);
    expect(() => assertInsideFolder('/a/b', '/a')).toThrow(FormatError);
    expect(() => assertInsideFolder('/a/b', '/a/b')).toThrow(FormatError);
  });

  it('catches a symbolic link that leads out of the folder', async () => {
    const list = path.join(root, 'list');
    mkdirSync(list);
    writeFileSync(path.join(root, 'outside.txt'), 'secret');
    writeFileSync(path.join(list, 'inside.txt'), 'ok');
    symlinkSync(path.join(root, 'outside.txt'), path.join(list, 'link.txt'));
    symlinkSync(path.join(list, 'inside.txt'), path.join(list, 'good-link.txt'));
    await expect(realPathInsideFolder(list, resolveListedPath(list, 'link.txt'))).rejects.toThrow(
      FormatError,
    );
    await expect(realPathInsideFolder(list, resolveListedPath(list, 'good-link.txt'))).resolves.toBe(
      realpathSync(path.join(list, 'inside.txt')),
    );
  });
});
