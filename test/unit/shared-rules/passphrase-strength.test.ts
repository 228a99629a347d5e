import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPassphraseRefusal } from '../../../shared/new-passphrase-rule';
import { passphraseStrength } from '../../../shared/passphrase-strength';
import { signet } from '../../helpers/run';
import { tempDir } from '../../helpers/temp-dir';

const ROOT = resolve(__dirname, '../../..');

describe('passphrase strength: one estimate for keygen and the passphrase window', () => {
  it.each([
    ['', 0],
    ['password', 0],
    ['password1', 0],
    ['Password1!', 0],
    ['minisign2024', 0],
    ['sunshine2024', 0],
    ['Signet2025', 0],
    ['qwerty123', 0],
    ['aaaaaaaaaaaaaaaa', 0],
    ['abcdefgh12345678', 0],
    ['MyPassword!', 0],
    ['Summer2024!', 1],
    ['correct horse battery staple', 3],
    ['maple orbit candle river', 3],
    ['correct horse battery staple orbit', 4],
    ['xK9#mQ2$vL7@pW', 4],
    ['tX9#qL2!vR7@wZ4$', 4],
  ])('%j scores %i', (passphrase, score) => {
    expect(passphraseStrength(passphrase).score).toBe(score);
  });

  it('labels the meter from the score and asks for a passphrase when none is typed', () => {
    expect(passphraseStrength('')).toMatchObject({
      score: 0,
      label: 'Very weak',
      hint: 'Type a passphrase.',
    });
    expect(passphraseStrength('correct horse battery staple').label).toBe('Strong');
  });

  it('names the problem when a guessers’ favourite is inside', () => {
    expect(passphraseStrength('MyPassword!').hint).toContain('guessers try first');
  });

  it('scores a phrase of random words higher with each word added', () => {
    const words = ['maple', 'orbit', 'cactus', 'lantern', 'velvet'];
    const scores = words.map((_, i) => passphraseStrength(words.slice(0, i + 1).join(' ')).score);
    expect(scores).toEqual([0, 1, 2, 3, 4]);
  });

  it('never lowers the score by more than a step when a random character is appended', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
        fc.constantFrom(...'QZ%7#xK'),
        (text, extra) => {
          expect(passphraseStrength(text + extra).score).toBeGreaterThanOrEqual(
            passphraseStrength(text).score - 1,
          );
        },
      ),
    );
  });

  it('always answers a score from 0 to 4 with a plain sentence, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        const strength = passphraseStrength(text);
        expect([0, 1, 2, 3, 4]).toContain(strength.score);
        expect(strength.hint).toMatch(/^[A-Z].*\.$/);
      }),
    );
  });

  it('the passphrase window draws its meter from the same function', () => {
    const pinentry = readFileSync(join(ROOT, 'renderer/pinentry/pinentry.ts'), 'utf8');
    expect(pinentry).toContain("from '../../shared/passphrase-strength'");
  });

  it('signet keygen refuses minisign2024 with the sentence the window shows, and writes no key', async () => {
    const dir = await tempDir();
    const file = join(dir, 'passphrase');
    writeFileSync(file, 'minisign2024\n', { mode: 0o600 });
    const result = await signet(['keygen', '--out', join(dir, 'keys'), '--passphrase-file', file], dir);
    expect(result.status).toBe(2);
    const refusal = newPassphraseRefusal('minisign2024');
    expect(refusal).toContain(passphraseStrength('minisign2024').hint);
    expect(result.stderr).toBe(`signet: ${refusal} No key was created.\n`);
    expect(existsSync(join(dir, 'keys'))).toBe(false);
  });

  it('refuses exactly the very weak for a new key: weak ones pass with their hint', () => {
    for (const very of ['password1', 'qwerty123', 'hunter2', 'abcd1234']) {
      expect(newPassphraseRefusal(very), very).toMatch(/^That passphrase is very weak/);
    }
    for (const allowed of ['release words', 'orbit maple candle', 'correct horse battery staple', '']) {
      expect(newPassphraseRefusal(allowed), allowed).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        expect(newPassphraseRefusal(text) !== undefined).toBe(
          text.length > 0 && passphraseStrength(text).score === 0,
        );
      }),
    );
  });
});
