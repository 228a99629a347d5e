import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A verdict crosses processes as data (code + facts); its `reason` and its rows' `label`s are words
// for people. Nothing may decide anything by reading them: rewording a sentence must never change
// which signer is offered or which headline is shown.

const ROOT = resolve(__dirname, '../..');
const FOLDERS = ['shared', 'electron', 'renderer'];
const FIELD = String.raw`(?:\.|\b)(?:reason|label)\b`;

/** Ways code reads a sentence: compares it, searches it, tests a pattern on it, or keys a table by it. */
const PATTERNS: [string, RegExp][] = [
  ['compared', new RegExp(String.raw`${FIELD}\s*[!=]==|[!=]==\s*[\w.?!\]\[]*\.(?:reason|label)\b`)],
  [
    'searched',
    new RegExp(String.raw`${FIELD}\??\.(?:match|matchAll|startsWith|endsWith|includes|indexOf|search)\(`),
  ],
  ['pattern-tested', /\.(?:test|exec)\([^)]*\.(?:reason|label)\b/],
  ['table-keyed', /\[[\w.?]*\.(?:reason|label)\]/],
];

/** Fields named `label` that are not words for people: an OpenPGP armor block's own header. */
const NOT_VERDICT_TEXT = new Set([
  'electron/core/formats/openpgp/certificate.ts',
  'electron/core/formats/openpgp/parse-signature.ts',
]);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every place in the product that reads a reason or a label to decide something. */
function sentenceMatchingSites(root: string): string[] {
  const sites: string[] = [];
  for (const folder of FOLDERS) {
    for (const file of sourceFiles(join(root, folder))) {
      if (NOT_VERDICT_TEXT.has(relative(root, file))) continue;
      for (const [index, line] of readFileSync(file, 'utf8').split('\n').entries()) {
        const code = line.replace(/\/\/.*$/, '');
        for (const [how, pattern] of PATTERNS) {
          if (pattern.test(code)) sites.push(`${relative(root, file)}:${index + 1} ${how}: ${line.trim()}`);
        }
      }
    }
  }
  return sites;
}

describe('no code reads a verdict’s sentences to decide anything', () => {
  it('finds no comparison, search, pattern test or table lookup on a reason or a label', () => {
    expect(sentenceMatchingSites(ROOT)).toEqual([]);
  });

  it('would find each way it looks for', () => {
    const samples = [
      "if (d.label === 'Fingerprint') return;",
      'const x = other !== result.reason;',
      "if (reason.startsWith('Signet found ')) return;",
      "if (result.reason?.includes('x')) return;",
      "return /forged/.test(result.reason ?? '');",
      'const rule = known[detail.label];',
    ];
    for (const sample of samples) {
      expect(
        PATTERNS.some(([, p]) => p.test(sample)),
        sample,
      ).toBe(true);
    }
  });
});
