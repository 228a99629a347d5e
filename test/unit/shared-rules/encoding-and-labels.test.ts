import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { enums } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { decodeBase64Strict } from '../../../electron/core/encoding/base64';
import type { HashName } from '../../../electron/core/formats/format-module';
import { generateMinisignKeyPair } from '../../../electron/core/formats/minisign/secret-key';
import { parseMinisignSignature } from '../../../electron/core/formats/minisign/signature';
import { minisignSignatureText } from '../../../electron/core/formats/minisign/signing';
import { algorithmWords } from '../../../electron/core/formats/openpgp/describe';
import type { OpenPgpSignature } from '../../../electron/core/formats/openpgp/signature-packet';
import { standardPolicy } from '../../../electron/core/policy/verify-policy';
import { HASH_LABEL } from '../../../shared/hash-label';
import { sourcesMatching } from './source-files';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodes(text: string): boolean {
  try {
    decodeBase64Strict(text, 'x');
    return true;
  } catch {
    return false;
  }
}

describe('canonical base64: one strict decoder, minisign included', () => {
  it('a minisign signature line whose padding bits are not zero is refused, as the core decoder refuses it', () => {
    const text = minisignSignatureText(
      createHash('blake2b512').update('x').digest(),
      generateMinisignKeyPair(),
      'c',
    );
    const lines = text.split('\n');
    const line = lines[1]!;
    const pad = line.indexOf('=');
    expect(pad).toBeGreaterThan(0);
    const last = line[pad - 1]!;
    const tweaked = `${line.slice(0, pad - 1)}${ALPHABET[ALPHABET.indexOf(last) + 1]}${line.slice(pad)}`;
    expect(decodes(line)).toBe(true);
    expect(decodes(tweaked)).toBe(false);
    expect(() => parseMinisignSignature(text)).not.toThrow();
    lines[1] = tweaked;
    expect(() => parseMinisignSignature(lines.join('\n'))).toThrow(/not valid base64/);
  });

  it('accepts exactly the texts that re-encode to themselves', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(63), (bytes, swap) => {
        const canonical = Buffer.from(bytes).toString('base64');
        const at = canonical.replace(/=+$/, '').length - 1;
        const other = `${canonical.slice(0, at)}${ALPHABET[swap]}${canonical.slice(at + 1)}`;
        expect(decodes(canonical)).toBe(true);
        expect(decodes(other)).toBe(Buffer.from(other, 'base64').toString('base64') === other);
      }),
    );
  });

  it('no other module re-encodes base64 to compare', () => {
    expect(sourcesMatching(/toString\('base64'\)\s*!==|encodeBase64\([^)]*\)\s*!==/)).toEqual([
      'electron/core/encoding/base64.ts',
    ]);
  });
});

describe('hash labels: one table for the formats and the policy', () => {
  it.each(Object.entries(HASH_LABEL))('%s is named %j by the policy and by OpenPGP', (name, label) => {
    const refusal = standardPolicy({ at: new Date('2030-01-01') }).hash(name as HashName, 'document');
    if (!refusal.ok) expect(refusal.detail).toContain(label);
    const sig = { hash: name, publicKeyAlgorithm: enums.publicKey.ed25519, textMode: false };
    expect(algorithmWords(sig as OpenPgpSignature)).toBe(`OpenPGP Ed25519, ${label}`);
  });

  it('no other module spells out the table', () => {
    expect(sourcesMatching(/sha1: 'SHA-1'/)).toEqual(['shared/hash-label.ts']);
  });
});
