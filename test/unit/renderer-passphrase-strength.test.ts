import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passphraseStrength } from '../../renderer/lib/passphrase-strength';

describe('passphraseStrength (computed in the renderer, never sent anywhere)', () => {
  it('calls an empty passphrase very weak and asks for one', () => {
    expect(passphraseStrength('')).toMatchObject({ score: 0, hint: 'Type a passphrase.' });
  });

  it.each(['password', 'password1', 'qwerty123', '123456', 'aaaaaaaa', 'abcdefgh', 'Signet2025'])(
    'rates the guessable "%s" weak at best',
    (guessable) => {
      expect(passphraseStrength(guessable).score).toBeLessThanOrEqual(1);
    },
  );

  it('names the problem when a guessers’ favourite is inside', () => {
    expect(passphraseStrength('MyPassword!').hint).toContain('guessers try first');
  });

  it.each(['maple orbit candle river', 'correct horse battery staple', 'tX9#qL2!vR7@wZ4$'])(
    'rates "%s" strong',
    (strong) => {
      expect(passphraseStrength(strong).score).toBeGreaterThanOrEqual(3);
    },
  );

  it('scores four unrelated words above the same words run together as one', () => {
    expect(passphraseStrength('maple orbit candle river').bits).toBeGreaterThanOrEqual(
      passphraseStrength('maple orbit').bits,
    );
  });

  it('never lowers the score when a random character is added to a random passphrase', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
        fc.constantFrom(...'QZ%7#xK'),
        (text, extra) => {
          // Appending a character never makes a passphrase easier to guess by much: allow one step for
          // a character that happens to extend a sequence.
          expect(passphraseStrength(text + extra).score).toBeGreaterThanOrEqual(
            passphraseStrength(text).score - 1,
          );
        },
      ),
    );
  });

  it('always answers a score from 0 to 4 with a sentence, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), (text) => {
        const strength = passphraseStrength(text);
        expect([0, 1, 2, 3, 4]).toContain(strength.score);
        expect(strength.hint).toMatch(/\.$/);
      }),
    );
  });
});
