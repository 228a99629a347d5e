import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, isHiddenCharacter } from '../../shared/hidden-characters';
import { printable } from '../../shared/printable';

const cp = (code: number) => String.fromCodePoint(code);
const hex = (code: number) => code.toString(16).toUpperCase();

const HIDDEN = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
  0x061c,
  0x200b,
  0x200c,
  0x200d,
  0x200e,
  0x200f,
  0x2028,
  0x2029,
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2060,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
  0xfeff,
];

describe('printable', () => {
  it('escapes every bidi, zero-width, separator and control character as \\u{HEX}', () => {
    for (const code of HIDDEN) {
      expect(isHiddenCharacter(cp(code)), hex(code)).toBe(true);
      expect(printable(`a${cp(code)}b`)).toBe(`a\\u{${hex(code)}}b`);
    }
  });

  it('shows the classic spoof as it is stored', () => {
    expect(printable('invoice\u202Efdp.exe')).toBe('invoice\\u{202E}fdp.exe');
    expect(printable('Acme\u001b[2J Releases')).toBe('Acme\\u{1B}[2J Releases');
    expect(printable('new\nline')).toBe('new\\u{A}line');
  });

  it('leaves ordinary text from every script alone, including emoji, accents and backslashes', () => {
    for (const text of [
      'café',
      'cafe\u0301',
      'Ελληνικά',
      'עברית',
      'العربية',
      '中文',
      '📦 release',
      'C:\\a\\b',
      'tab\u00a0nbsp',
    ]) {
      expect(printable(text)).toBe(text);
      expect(hasHiddenCharacters(text)).toBe(false);
    }
  });

  it('escapes a lone surrogate instead of showing a replacement character', () => {
    expect(printable('a\ud800b')).toBe('a\\u{D800}b');
  });

  it('never outputs a hidden character, and changes nothing when there is none', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = printable(text);
        expect(hasHiddenCharacters(shown)).toBe(false);
        if (!hasHiddenCharacters(text)) expect(shown).toBe(text);
      }),
    );
  });
});
