import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDistinguishedName, sameDistinguishedName } from '../../electron/core/policy/distinguished-name';
import { readTrustFileJson } from '../../electron/core/trust/trust-file';
import { trustedSignersJsonSchema } from '../../electron/core/trust/trust-file-schema-json';
import { schemaProblems } from '../helpers/json-schema-check';

const problem = (json: unknown) => {
  const read = readTrustFileJson(json);
  return 'problem' in read ? read.problem : undefined;
};
const COMMITTED = resolve(__dirname, '../../schemas/trusted-signers.schema.json');
const OPENSSL_THUMBPRINT =
  '33:AC:12:0F:AC:52:10:79:9B:85:F7:AE:CF:93:C4:97:3F:4C:E2:CC:51:D8:7D:31:56:17:6F:60:B1:E9:24:25';

describe('the policy format is strict and published', () => {
  it('the committed schema is the one the reader’s schema generates (npm run schema)', () => {
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(JSON.parse(trustedSignersJsonSchema()));
  });

  it('the published schema closes every object, as the reader does', () => {
    const schema = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(schemaProblems(schema, { version: 2, signers: [], onlyListedSigner: true })).toEqual([
      '$.onlyListedSigner: not in the schema',
    ]);
    const entry = { kind: 'x509', keyId: 'c', name: 'C', thumbprintSha256: 'a'.repeat(64), pin: 1 };
    expect(schemaProblems(schema, { version: 2, signers: [entry] }).join()).toContain('fits 0 of the oneOf');
  });

  it('refuses a policy key it does not know, naming it, here and in nested settings', () => {
    expect(problem({ version: 2, timestampURL: 'http://t.example' })).toContain('"timestampURL"');
    expect(problem({ version: 2, sigstore: { refesh: false } })).toBe('sigstore has an unknown key "refesh"');
    expect(problem({ version: 1, signers: [], checkEveryDownload: true })).toBe(
      '"checkEveryDownload" is a version 2 key, and this list says "version": 1',
    );
    expect(problem({ version: 2, timestampUrl: 'ftp://t.example' })).toContain('http:// or https://');
    expect(problem({ version: 2, pkcs11Module: 'libsofthsm2.so' })).toContain('absolute path');
  });

  it('reads a policy as admins write it: no signers, no addedAt, thumbprints as openssl prints them', () => {
    const read = readTrustFileJson({
      version: 2,
      signers: [
        { kind: 'x509', keyId: 'ours', name: 'Ours', thumbprintSha256: OPENSSL_THUMBPRINT },
        {
          kind: 'x509',
          keyId: 'c',
          name: 'C',
          subject: 'O = C',
          rootSha256: OPENSSL_THUMBPRINT.toLowerCase(),
        },
      ],
    });
    expect(read).toMatchObject({
      file: {
        signers: [
          { addedAt: '', thumbprintSha256: OPENSSL_THUMBPRINT.replace(/:/g, '').toLowerCase() },
          { rootSha256: OPENSSL_THUMBPRINT.replace(/:/g, '').toLowerCase() },
        ],
      },
    });
    expect(readTrustFileJson({ version: 2, onlyListedSigners: true })).toEqual({
      file: { version: 2, signers: [], onlyListedSigners: true },
    });
    expect(
      problem({ version: 2, signers: [{ kind: 'x509', keyId: 'x', name: 'X', thumbprintSha256: 'AB:CD' }] }),
    ).toContain('thumbprintSha256');
  });
});

describe('a publisher’s subject matches on its names, whatever the spelling', () => {
  const node = 'C=GB\nO=Contoso\\, Ltd\nCN=Contoso Code Signing';
  it.each([
    ['openssl’s default', 'subject=C = GB, O = "Contoso, Ltd", CN = Contoso Code Signing'],
    ['RFC 2253, reversed', 'CN=Contoso Code Signing,O=Contoso\\, Ltd,C=GB'],
    [
      'Windows, with long and short names',
      'CN=Contoso  Code Signing, organizationName="Contoso, Ltd", countryName=gb',
    ],
    ['the old slash form', '/C=GB/O=Contoso, Ltd/CN=Contoso Code Signing'],
  ])('%s', (_label, spelling) => {
    expect(sameDistinguishedName(spelling, node)).toBe(true);
  });

  it('does not match another name, a missing or extra name, or text that is no subject', () => {
    expect(sameDistinguishedName('C=GB, O=Contoso\\, Ltd, CN=Contoso Code Signing 2', node)).toBe(false);
    expect(sameDistinguishedName('C=GB, O=Contoso\\, Ltd', node)).toBe(false);
    expect(sameDistinguishedName('C=GB, C=GB, O=Contoso\\, Ltd, CN=Contoso Code Signing', node)).toBe(false);
    expect(parseDistinguishedName('Contoso Ltd')).toBeUndefined();
    expect(parseDistinguishedName('O = "Contoso')).toBeUndefined();
    expect(sameDistinguishedName('Contoso Ltd', 'Contoso Ltd')).toBe(false);
  });
});
