import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMinisignPublicKey } from '../../../electron/core/formats/minisign/public-key';
import { generateMinisignKeyPair } from '../../../electron/core/formats/minisign/secret-key';
import { statedText } from '../../../electron/core/formats/sigstore/check-details';
import { checkKeyName } from '../../../electron/core/keystore/key-name';
import { TrustStore } from '../../../electron/core/trust/trust-store';
import { hasHiddenCharacters } from '../../../shared/hidden-characters';
import { printable } from '../../../shared/printable';
import { sourcesMatching } from './source-files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-one-rule-names-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function keystoreTakes(name: string): boolean {
  try {
    checkKeyName(name);
    return true;
  } catch {
    return false;
  }
}

describe('hidden characters in names: one rule for the keystore and the trust list', () => {
  it.each(['Release\u200Bkey', 'Mozilla\u202EFirefox', 'Ac\u2060me', 'A\uFEFFB', 'A\u061CB', 'Ac\u2029me'])(
    '%j is refused by both',
    async (name) => {
      expect(keystoreTakes(name)).toBe(false);
      const store = new TrustStore({ configDir: join(dir, 'refused'), managedFile: join(dir, 'none.json') });
      const keyText = formatMinisignPublicKey(generateMinisignKeyPair());
      await expect(store.add({ keyText, name })).rejects.toThrow(
        /control characters, direction marks or invisible/,
      );
    },
  );

  it('the keystore refuses exactly the names with a character shared/hidden-characters.ts calls hidden', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }), (raw) => {
        const name = `a${raw}z`;
        expect(keystoreTakes(name)).toBe(!hasHiddenCharacters(name));
      }),
    );
  });
});

describe('display escaping: one printable', () => {
  it('Sigstore certificate text is escaped as every other text Signet did not write', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100, unit: 'binary' }), (text) => {
        expect(statedText(text, '-')).toBe(printable(text));
      }),
    );
  });

  it('no module but shared/printable.ts defines a function named printable', () => {
    expect(sourcesMatching(/function printable\b/)).toEqual(['shared/printable.ts']);
  });
});
