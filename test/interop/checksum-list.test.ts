import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseChecksumList } from '../../electron/core/checksums/parse-checksum-list';
import { resolveListedPath } from '../../electron/core/checksums/resolve-listed-path';
import { FormatError } from '../../electron/core/errors';

// GNU coreutils is the reference for the GNU list format, including its backslash escapes.
const TOOLS = { sha256: '/usr/bin/sha256sum', sha512: '/usr/bin/sha512sum' } as const;
const NAMES = [
  'plain.txt',
  'with space.txt',
  ' leading space',
  'back\\slash',
  'new\nline',
  'cr\rname',
  'ünïcødé ✓',
];

let dir: string;

function run(tool: keyof typeof TOOLS, args: string[], input?: string) {
  const result = spawnSync(TOOLS[tool], args, { cwd: dir, encoding: 'utf8', input });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

/** Set when setup failed (say, a tool is missing): every test then fails, none is skipped. */
let setupError: unknown;

beforeAll(() => {
  try {
    for (const tool of Object.values(TOOLS)) expect(existsSync(tool), `${tool} must be installed`).toBe(true);
    dir = mkdtempSync(path.join(tmpdir(), 'signet-cksum-'));
    for (const name of NAMES) writeFileSync(path.join(dir, name), randomBytes(3000));
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

describe('lists written by sha256sum / sha512sum', () => {
  it.each([
    ['sha256', []],
    ['sha256', ['--binary']],
    ['sha256', ['--tag']],
    ['sha512', []],
    ['sha512', ['--tag']],
  ] as const)('%s %j: Signet reads every name exactly and every digest matches', (tool, flags) => {
    const written = run(tool, [...flags, '--', ...NAMES]);
    expect(written.status).toBe(0);
    const entries = parseChecksumList(written.stdout);
    expect(entries.map((entry) => entry.name)).toEqual(NAMES);
    for (const entry of entries) {
      expect(entry.algorithm).toBe(tool);
      const actual = createHash(tool)
        .update(readFileSync(resolveListedPath(dir, entry.name)))
        .digest();
      expect(entry.digest.equals(actual)).toBe(true);
    }
    // And coreutils checks the same text.
    writeFileSync(path.join(dir, 'LIST'), written.stdout);
    expect(run(tool, ['--strict', '-c', 'LIST']).status).toBe(0);
  });

  it('the same list with CRLF line ends reads the same and sha256sum -c accepts it', () => {
    const plainNames = NAMES.filter((name) => !/[\\\n\r]/.test(name));
    const written = run('sha256', ['--', ...plainNames]).stdout.replaceAll('\n', '\r\n');
    expect(parseChecksumList(written).map((entry) => entry.name)).toEqual(plainNames);
    writeFileSync(path.join(dir, 'CRLF'), written);
    expect(run('sha256', ['--strict', '-c', 'CRLF']).status).toBe(0);
  });

  // Not here: `<hex> name` with one space, which coreutils reads (as `md5 -r` output) but Signet
  // refuses, since it is not one of the formats Signet promises to read.
  it.each([
    ['an MD5-length line', `${'a'.repeat(32)}  plain.txt`],
    ['a bad escape', `\\${'a'.repeat(64)}  bad\\qescape`],
    ['plain words', 'not a checksum line'],
    ['a BSD line with a short digest', 'SHA256 (plain.txt) = abcd'],
  ])('%s is refused by sha256sum --strict -c and by Signet', (_, line) => {
    writeFileSync(path.join(dir, 'BAD'), `${line}\n`);
    const checked = run('sha256', ['--strict', '-c', 'BAD']);
    expect(checked.status).not.toBe(0);
    expect(checked.output).toMatch(/no properly formatted|improperly formatted/);
    expect(() => parseChecksumList(`${line}\n`)).toThrow(FormatError);
  });

  it('listing the folder back gives the same files (no name was mangled into another)', () => {
    const entries = parseChecksumList(run('sha256', ['--', ...NAMES]).stdout);
    const onDisk = new Set(readdirSync(dir));
    for (const entry of entries) expect(onDisk.has(entry.name)).toBe(true);
  });
});
