import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readKeys } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexKeyring } from '../../electron/core/formats/openpgp/keyring-index';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { makeKeyring, type TestKeyring } from '../helpers/openpgp-keyring';
import { signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// A distribution's developer keyring: about a thousand certificates, megabytes, given with
// --pubkey or added with `trust add`. It is split by packet headers, and openpgp.js parses only
// the certificate the signature names, so a check stays quick and small.

const COUNT = 1000;
let dir: string;
let ring: TestKeyring;
const path = (name: string) => join(dir, name);
const release = Buffer.from('distro release 2.0\n'.repeat(2000));

beforeAll(async () => {
  dir = await tempDir();
  await mkdir(path('config'));
  // Six User IDs each: 1000 certificates come to about 1.7 MB, past the old 1 MB cap for a key file.
  ring = await makeKeyring(COUNT, { userIdsPerKey: 6 });
  await writeFile(path('keyring.gpg'), ring.keyring);
  await writeFile(path('release.tar'), release);
  await writeFile(path('release.tar.sig'), await ring.signDetached(release));
}, 180_000);

describe('a developer keyring of a thousand certificates', () => {
  it('is split by packet headers into the fingerprints and key ids openpgp.js reads', async () => {
    const indexed = indexKeyring(ring.keyring);
    expect(indexed).toHaveLength(COUNT);
    expect(ring.keyring.length).toBeGreaterThan(1_000_000);
    // The first certificates, parsed in full by openpgp.js, agree with the index key for key.
    const head = indexed.slice(0, 20);
    const keys = await readKeys({ binaryKeys: Buffer.concat(head.map((c) => c.bytes)) });
    for (const [i, key] of keys.entries()) {
      const cert = head[i]!;
      expect(cert.fingerprint).toBe(key.getFingerprint().toUpperCase());
      for (const k of [key, ...key.getSubkeys()]) {
        expect(cert.names.has(k.getFingerprint().toUpperCase())).toBe(true);
        expect(cert.names.has(k.getKeyID().toHex().toUpperCase())).toBe(true);
      }
    }
  });

  it('checks a signed file quickly: verified, and tampered once the file changes', async () => {
    const given = { publicKeyText: '', publicKeyBytes: ring.keyring, publicKeyFromFile: true, trusted: [] };
    const started = performance.now();
    const result = await verifyArtifact(path('release.tar'), {
      signatureFile: path('release.tar.sig'),
      ...given,
    });
    const elapsed = performance.now() - started;
    expect(result.verdict, result.reason).toBe('verified');
    // Under 1 s on an idle machine (see the report); loose here, where tests share two cores.
    expect(elapsed).toBeLessThan(8_000);
    await writeFile(path('changed.tar'), Buffer.concat([release, Buffer.from('x')]));
    const changed = await verifyArtifact(path('changed.tar'), {
      signatureFile: path('release.tar.sig'),
      ...given,
    });
    expect(changed.verdict).toBe('tampered');
  });

  it('signet verify --pubkey KEYRING accepts it (once refused as "too large to be one")', async () => {
    const r = await signet(
      [
        'verify',
        path('release.tar'),
        '--sig',
        path('release.tar.sig'),
        '--pubkey',
        path('keyring.gpg'),
        '--json',
      ],
      path('config'),
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).verdict).toBe('verified');
    expect(r.status).toBe(0);
  });

  it('signet trust add KEYRING trusts every certificate, and the file then verifies by name', async () => {
    const added = await signet(
      ['trust', 'add', path('keyring.gpg'), '--name', 'Distro developers'],
      path('config'),
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout.trim().split('\n')).toHaveLength(COUNT);
    const r = await signet(
      ['verify', path('release.tar'), '--sig', path('release.tar.sig'), '--json'],
      path('config'),
    );
    const answer = JSON.parse(r.stdout);
    expect(answer.verdict).toBe('verified');
    expect(answer.signerName).toBe('Distro developers');
  });
});
