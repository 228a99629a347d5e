import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTrustFileJson } from '../../electron/core/trust/trust-file';
import { quickTrustFile } from '../../electron/core/trust/trust-file-quick';

const MINISIGN = {
  keyId: '3D791C76D12D90F4',
  name: 'Bench',
  addedAt: '2026-12-08T00:13:29.357Z',
  kind: 'minisign',
  publicKey: 'hrw7SoYacLYAZOmby/SrEPHJl/3VQe2DDzGZNKhN430=',
  keyNum: '9JAt0XYceT0=',
};
const OPENPGP = {
  keyId: '88A39802A5D60878908218435FDB15564D143696',
  name: 'Bench OpenPGP',
  kind: 'openpgp',
  fingerprint: '88A39802A5D60878908218435FDB15564D143696',
  certificate: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEaxdLqxYJ\n-----END PGP PUBLIC KEY BLOCK-----\n',
};
const SSH = {
  keyId: 'SHA256:abc',
  name: 'Deploy',
  note: 'CI',
  kind: 'ssh',
  publicKey: 'hrw7SoYacLYAZOmby/SrEPHJl/3VQe2DDzGZNKhN430=',
  namespaces: ['file', 'git'],
  validFrom: '20260101',
};
const SIGSTORE = {
  keyId: 'sigstore-1',
  name: 'Release workflow',
  kind: 'sigstore',
  identity: 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
  issuer: 'https://token.actions.githubusercontent.com',
  addedFrom: 'kit.txt',
};

/** What the schemas read, as JSON text (so the order of keys counts), or undefined when they refuse. */
function bySchema(json: unknown): string | undefined {
  const read = readTrustFileJson(json);
  return 'file' in read ? JSON.stringify(read.file) : undefined;
}

describe('the trust list read without zod (issue 21)', () => {
  it('reads the lists people have exactly as the schemas do, key order included', () => {
    const lists = [
      { version: 2, signers: [MINISIGN, OPENPGP, SSH, SIGSTORE] },
      { signers: [SIGSTORE, MINISIGN], version: 2, allowUserSigners: false, checkEveryDownload: true },
      { version: 2 },
      { version: 2, signers: [], onlyListedSigners: true },
    ];
    for (const list of lists) {
      const quick = quickTrustFile(JSON.parse(JSON.stringify(list)));
      expect(quick, JSON.stringify(list)).toBeDefined();
      expect(JSON.stringify(quick)).toBe(bySchema(JSON.parse(JSON.stringify(list))));
    }
  });

  it('leaves to the schemas what it does not surely know, so they word the problem', () => {
    const refusedOrOther = [
      { version: 1, signers: [] },
      { version: 2, signers: null },
      { version: 2, signers: [{ ...MINISIGN, extra: 1 }] },
      { version: 2, signers: [{ ...MINISIGN, name: '' }] },
      { version: 2, signers: [{ ...MINISIGN, keyNum: undefined }] },
      { version: 2, signers: [{ ...OPENPGP, certificate: 'not armored' }] },
      { version: 2, signers: [{ ...SSH, namespaces: [''] }] },
      {
        version: 2,
        signers: [{ kind: 'x509', keyId: 'ab', name: 'Publisher', thumbprintSha256: 'a'.repeat(64) }],
      },
      { version: 2, signers: [], caRoots: [] },
      { version: 2, signers: [], allowUserSigners: 'no' },
      { version: 2, signers: [], sigstore: {} },
    ];
    for (const list of refusedOrOther)
      expect(quickTrustFile(JSON.parse(JSON.stringify(list)))).toBeUndefined();
  });

  it('never accepts a list the schemas refuse, nor reads one otherwise (random lists)', () => {
    const short = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('', 'x'.repeat(41), 'x'.repeat(201)));
    const value = fc.oneof(
      short,
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
      fc.array(short, { maxLength: 2 }),
      fc.constantFrom(
        MINISIGN.publicKey,
        MINISIGN.keyNum,
        OPENPGP.fingerprint,
        OPENPGP.certificate,
        ` ${OPENPGP.certificate}`,
      ),
    );
    const base = fc.constantFrom<Record<string, unknown>>(MINISIGN, OPENPGP, SSH, SIGSTORE);
    const keys = fc.constantFrom(
      'keyId',
      'name',
      'note',
      'addedAt',
      'addedFrom',
      'validFrom',
      'validUntil',
      'kind',
      'publicKey',
      'keyNum',
      'namespaces',
      'fingerprint',
      'certificate',
      'identity',
      'issuer',
      'other',
    );
    const entry = fc
      .tuple(
        base,
        fc.array(fc.tuple(keys, value), { maxLength: 2 }),
        fc.constantFrom('minisign', 'ssh', 'openpgp', 'sigstore', 'x509', 'gpg'),
      )
      .map(([start, changes, kind]) => {
        const changed: Record<string, unknown> = { ...start };
        for (const [key, v] of changes) {
          if (v === undefined) delete changed[key];
          else changed[key] = key === 'kind' ? kind : v;
        }
        return changed;
      });
    const list = fc.record(
      {
        version: fc.constantFrom<unknown>(2, 2, 2, 1, '2'),
        signers: fc.oneof(fc.array(entry, { maxLength: 3 }), fc.constant(null)),
        allowUserSigners: fc.oneof(fc.boolean(), fc.constant('yes')),
        onlyListedSigners: fc.boolean(),
        checkEveryDownload: fc.boolean(),
      },
      { requiredKeys: ['version'] },
    );
    let quickReads = 0;
    fc.assert(
      fc.property(list, (generated) => {
        const json = JSON.parse(JSON.stringify(generated));
        const quick = quickTrustFile(json);
        if (quick === undefined) return;
        quickReads += 1;
        expect(JSON.stringify(quick)).toBe(bySchema(JSON.parse(JSON.stringify(generated))));
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many of the random lists were read quickly.
    expect(quickReads).toBeGreaterThan(100);
  });
});
