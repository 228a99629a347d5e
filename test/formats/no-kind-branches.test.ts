import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS, trustKinds } from '../../electron/core/formats/registry';

const ROOT = join(__dirname, '..', '..');

/**
 * Formats as modules: outside `electron/core/formats/` no code names a format or a trust entry kind
 * to branch on it; it asks the registry (or a format's hook) instead.
 */
const SCANNED = [
  'electron/core/verify',
  'electron/core/trust',
  'electron/core/checksums',
  'electron/core/hashing',
  'electron/core/policy',
  'electron/workers',
  'electron/main',
  'electron/cli',
  'renderer',
  'shared',
];

/** The files that may still spell a kind, each for a reason that is not a branch of its own. */
const ALLOWED = new Map([
  ['electron/core/trust/trust-file.ts', 'the version 1 list names its two kinds of key'],
  ['electron/core/trust/key-text.ts', 'builds the entries of the raw keys people paste'],
  ['shared/passphrase-strength.ts', 'a word a passphrase must not be'],
  // Cards and commands show a key's label, fingerprint, expiry and location, never branch on this.
  ['shared/domain.ts', 'the kinds of key a keystore record holds, in the IPC contract'],
  // The published verdict vocabulary: the --json schema's closed enums and the facts union by format.
  ['shared/verdict.ts', 'the SignatureFormat union'],
  ['shared/verdict-facts.ts', 'the typed facts union by format'],
  ['shared/verdict-schema.ts', 'the --json schema of that union'],
]);

const KINDS = [
  'minisign',
  'signify',
  'ssh',
  'openpgp',
  'authenticode',
  'sigstore',
  'signify-embedded',
  'x509',
];
const LITERAL = new RegExp(`(['"\`])(${KINDS.join('|')})\\1`);

/** An import (static or `import()`) of a file inside one format's own folder. */
const INSIDE_A_FORMAT =
  /['"](?:\.\.?\/)+(?:core\/)?formats\/(?:minisign|signify|sshsig|openpgp|authenticode|sigstore)\//;

/** Files outside formats/ that still reach inside one, each for a reason. */
const IMPORT_ALLOWED = new Map<string, string>();

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

/** Every line outside formats/ that spells a kind as a string literal, as `file:line: text`. */
function kindLiterals(files: readonly string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, index) => (LITERAL.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
}

describe('no code outside formats/ branches on a format', () => {
  it('knows every registered id and trust entry kind', () => {
    for (const format of FORMATS) expect(KINDS).toContain(format.id);
    for (const trust of trustKinds()) expect(KINDS).toContain(trust.kind);
  });

  it('finds no kind as a string literal in main, the CLI, the renderer, shared or the verification path', () => {
    const scanned = SCANNED.flatMap(filesUnder).filter((file) => !ALLOWED.has(file));
    expect(kindLiterals(scanned)).toEqual([]);
  });

  it('allows only files that still name a kind', () => {
    const stale = [...ALLOWED.keys()].filter((file) => kindLiterals([file]).length === 0);
    expect(stale).toEqual([]);
  });

  it('finds no import of a file inside a format folder from outside formats/', () => {
    const offenders = ['electron', 'renderer', 'shared']
      .flatMap(filesUnder)
      .filter((file) => !file.startsWith('electron/core/formats/') && !IMPORT_ALLOWED.has(file))
      .filter((file) => INSIDE_A_FORMAT.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('allows only files that still reach inside a format', () => {
    const stale = [...IMPORT_ALLOWED.keys()].filter(
      (file) => !INSIDE_A_FORMAT.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(stale).toEqual([]);
  });

  it('would catch one', () => {
    expect(INSIDE_A_FORMAT.test(`import { x } from '../../core/formats/openpgp/certificate';`)).toBe(true);
    expect(INSIDE_A_FORMAT.test(`await import('../formats/sigstore/stored-entry')`)).toBe(true);
    expect(INSIDE_A_FORMAT.test(`import { trustKindOf } from '../../core/formats/registry';`)).toBe(false);
    expect(LITERAL.test(`if (parsed.kind === 'signify-embedded')`)).toBe(true);
    expect(LITERAL.test(`if (signer.kind === 'x509')`)).toBe(true);
    expect(LITERAL.test(`const name = 'sshsig-like';`)).toBe(false);
  });
});
