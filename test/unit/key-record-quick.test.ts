import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickKeyRecord } from '../../electron/core/keystore/key-record-quick';
import { schemaKeyRecord } from '../../electron/core/keystore/key-record-schema';

const OPENPGP = {
  format: 'signet-key-metadata',
  version: 2,
  id: 'B1CF34CF74D04A1B',
  kind: 'openpgp',
  keyId: 'B1CF34CF74D04A1B',
  fingerprint: '108AE2A60436CB8C26B9A23AB1CF34CF74D04A1B',
  label: 'Bench OpenPGP <bench@example.org>',
  expiresAt: '2028-12-07T00:13:35.000Z',
  publicKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEaxdLrxYJ\n-----END PGP PUBLIC KEY BLOCK-----\n',
  name: 'Bench OpenPGP',
  createdAt: '2026-12-08T00:13:35.488Z',
};
const MINISIGN = {
  format: 'signet-key-metadata',
  version: 2,
  kind: 'minisign',
  id: '3D791C76D12D90F4',
  keyId: '3D791C76D12D90F4',
  name: 'Release key 2025',
  publicKey: 'RWT0kC3Rdhx5PYa8O0qGGnC2AGTpm8v0qxDxyZf91UHtgw8xmTSoTeN9',
  createdAt: '2025-01-02T03:04:05.678Z',
  backedUpAt: '2025-02-02T03:04:05.000Z',
  retired: { reason: 'Yearly rotation', successorKeyId: 'B1CF34CF74D04A1B', at: '2026-01-01T00:00:00.000Z' },
};
const X509 = {
  format: 'signet-key-metadata',
  version: 2,
  id: '293B6FB3DFC5C9F9',
  keyId: '293B6FB3DFC5C9F9',
  kind: 'x509',
  fingerprint: '293B6FB3DFC5C9F9BCC05B42F66477D15A4681DC0E4EE210A7F8EEA595914479',
  label: 'Bench Publisher',
  location: 'token',
  publicKey: '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n',
  name: 'Bench Publisher',
  createdAt: '2026-12-08T00:13:45.000Z',
};

const bySchema = (json: unknown) => {
  const fields = schemaKeyRecord(json);
  return fields && JSON.stringify(fields);
};

describe('key records read without zod (issue 21)', () => {
  it('reads the records Signet writes exactly as the schema does, key order included', () => {
    for (const record of [OPENPGP, MINISIGN, X509]) {
      const quick = quickKeyRecord(structuredClone(record));
      expect(quick, record.id).toBeDefined();
      expect(JSON.stringify(quick)).toBe(bySchema(structuredClone(record)));
    }
  });

  it('leaves to the schema what it does not surely know', () => {
    const { kind: _kind, ...v1 } = { ...MINISIGN, version: 1 };
    for (const record of [
      v1,
      { ...MINISIGN, createdAt: '2025-01-02T03:04:05Z' },
      { ...MINISIGN, createdAt: '2025-02-30T03:04:05.000Z' },
      { ...MINISIGN, extra: true },
      { ...MINISIGN, retired: { ...MINISIGN.retired, by: 'me' } },
      { ...OPENPGP, fingerprint: OPENPGP.fingerprint.toLowerCase() },
      { ...X509, location: 'cloud' },
    ]) {
      expect(quickKeyRecord(structuredClone(record))).toBeUndefined();
    }
  });

  it('never accepts a record the schema refuses, nor reads one otherwise (random records)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.constantFrom(
        '',
        'x'.repeat(101),
        'B1CF34CF74D04A1B',
        'b1cf34cf74d04a1b',
        '2024-02-29T23:59:59.999Z',
        '2023-02-29T00:00:00.000Z',
        '+012024-01-01T00:00:00.000Z',
        '2024-01-01T24:00:00.000Z',
        OPENPGP.fingerprint,
        X509.fingerprint,
        'minisign',
        'x509',
        'keystore',
        { at: '2026-01-01T00:00:00.000Z', successorKeyId: '3D791C76D12D90F4' },
        { at: '2026-01-01T00:00:00.000Z', successorKeyId: '3D791C76D12D90F4', reason: null },
      ),
    );
    const keys = fc.constantFrom(
      'format',
      'version',
      'id',
      'name',
      'keyId',
      'createdAt',
      'backedUpAt',
      'retired',
      'kind',
      'publicKey',
      'fingerprint',
      'label',
      'expiresAt',
      'location',
      'other',
    );
    const record = fc
      .tuple(
        fc.constantFrom<Record<string, unknown>>(OPENPGP, MINISIGN, X509),
        fc.array(fc.tuple(keys, value), { maxLength: 2 }),
      )
      .map(([start, changes]) => {
        const changed: Record<string, unknown> = structuredClone(start);
        for (const [key, v] of changes) {
          if (v === undefined) delete changed[key];
          else changed[key] = v;
        }
        return changed;
      });
    let quickReads = 0;
    fc.assert(
      fc.property(record, (generated) => {
        const quick = quickKeyRecord(JSON.parse(JSON.stringify(generated)));
        if (quick === undefined) return;
        quickReads += 1;
        expect(JSON.stringify(quick)).toBe(bySchema(JSON.parse(JSON.stringify(generated))));
      }),
      { numRuns: 3000 },
    );
    expect(quickReads).toBeGreaterThan(100);
  });
});
