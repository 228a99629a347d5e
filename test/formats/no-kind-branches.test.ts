import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../electron/core/formats/registry';

const ROOT = join(__dirname, '..', '..');

/**
 * Formats as modules: the verification path never names a format. Outside `electron/core/formats/`
 * only the trust entry kinds (the union and the version 1 migration) and shared/verdict.ts may
 * spell a format id; anything else must ask the registry.
 */
const SCANNED = [
  'electron/core/verify',
  'electron/core/trust',
  'electron/core/checksums',
  'electron/core/hashing',
  'electron/core/policy',
  'electron/workers',
];
const ALLOWED = new Set(['electron/core/trust/trust-entry.ts', 'electron/core/trust/trust-file.ts']);
const IDS = ['minisign', 'signify', 'ssh', 'openpgp', 'authenticode', 'sigstore', 'signify-embedded'];

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('no code outside formats/ branches on a format', () => {
  it('knows every registered id', () => {
    for (const module of FORMATS) expect(IDS).toContain(module.id);
  });

  it('finds no format id as a string literal in the verification path', () => {
    const literal = new RegExp(`(['"\`])(${IDS.join('|')})\\1`);
    const offenders = SCANNED.flatMap(filesUnder)
      .filter((file) => !ALLOWED.has(file))
      .flatMap((file) =>
        readFileSync(join(ROOT, file), 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            literal.test(line) ? [`${relative(ROOT, join(ROOT, file))}:${index + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(offenders).toEqual([]);
  });

  it('would catch one', () => {
    const literal = new RegExp(`(['"\`])(${IDS.join('|')})\\1`);
    expect(literal.test(`if (parsed.kind === 'signify-embedded')`)).toBe(true);
    expect(literal.test(`const name = 'sshsig-like';`)).toBe(false);
  });
});
