import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import { type GpgHome, makeGpgHome } from '../helpers/gpg';
import { recordingDeps } from '../helpers/ipc-deps';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { selfSigned } from '../helpers/x509-ca';

/**
 * The trust handlers for the kinds beyond raw keys, over the real TrustStore: certificates and keys
 * made by gpg and openssl at test time.
 */
let dir: string;
let home: GpgHome;
let tor: string;
let tails: string;
let expired: string;

beforeAll(async () => {
  dir = await tempDir('signet-trust-kinds-');
  home = await makeGpgHome();
  tor = await home.genKey('Tor Browser Developers <torbrowser@example.org>', 'ed25519', 'sign', '2y');
  await home.addKey(tor, 'ed25519', 'sign', '1y');
  tails = await home.genKey('Tails developers <tails@example.org>', 'rsa3072', 'sign', 'never');
  expired = await home.genKey(
    'Old Key <old@example.org>',
    'ed25519',
    'sign',
    '1d',
    new Date('2020-01-01T00:00:00Z'),
  );
}, 60_000);

afterAll(async () => {
  await home?.close();
});

const grouped = (hex: string) => (hex.match(/.{4}/g) ?? []).join(' ');

describe('OpenPGP certificates', () => {
  it('adds a binary export holding two certificates: one entry each, with what the card shows', async () => {
    const deps = recordingDeps(join(dir, 'pgp-1'));
    const handlers = createHandlers(deps);
    const out = join(dir, 'both.gpg');
    const exported = await home.gpg(['--yes', '--output', out, '--export', tor, tails]);
    expect(exported.status).toBe(0);
    deps.grants.grant([out], { chosen: 'public-key' });
    deps.confirmAnswers.push(true);
    const { signer, signers } = await handlers.addTrusted({ name: 'Tor Project', keyFile: out });
    expect(signers.map((s) => s.keyId).sort()).toEqual([tor, tails].sort());
    expect(signer).toMatchObject({ kind: 'openpgp', name: 'Tor Project', addedFrom: 'both.gpg' });
    const torInfo = signers.find((s) => s.keyId === tor);
    expect(torInfo).toMatchObject({
      kind: 'openpgp',
      kindWords: 'OpenPGP key',
      facts: [
        { fact: 'fingerprint', hex: tor },
        { fact: 'key-says', text: 'Tor Browser Developers <torbrowser@example.org>' },
        { fact: 'expires', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
        { fact: 'subkeys', count: 1 },
      ],
    });
    // No whole certificate crosses to the page.
    expect(JSON.stringify(signers)).not.toContain('BEGIN PGP');
    const asked = deps.confirmations[0];
    expect(asked?.message).toBe('Trust “Tor Project” as the maker of files signed with these 2 keys?');
    expect(asked?.detail).toContain(`fingerprint: ${grouped(tor)}`);
    expect(asked?.detail).toContain('The key says: Tails developers <tails@example.org>');
    expect(asked?.detail).toContain('Expires: never');
    const listed = (await handlers.listTrusted({})).signers;
    expect(listed.find((s) => s.keyId === tails)).toMatchObject({
      kind: 'openpgp',
      facts: [
        { fact: 'fingerprint', hex: tails },
        { fact: 'key-says', text: 'Tails developers <tails@example.org>' },
        { fact: 'expires' },
      ],
    });
  });

  it('adds pasted armored text; refuses it again, a secret key and an expired key, asking nothing', async () => {
    const deps = recordingDeps(join(dir, 'pgp-2'));
    const handlers = createHandlers(deps);
    const armored = (await home.exportCert(tor)) as string;
    deps.confirmAnswers.push(true);
    await handlers.addTrusted({ name: 'Tor', keyText: armored });
    await expect(handlers.addTrusted({ name: 'Tor again', keyText: armored })).rejects.toThrow(
      'This key is already trusted as “Tor”.',
    );
    const secret = (await home.gpg(['--armor', '--export-secret-keys', tor])).stdout;
    await expect(handlers.addTrusted({ name: 'Secret', keyText: secret })).rejects.toThrow(
      /OpenPGP secret key\. Give the public key instead/,
    );
    const old = (await home.exportCert(expired)) as string;
    await expect(handlers.addTrusted({ name: 'Old', keyText: old })).rejects.toThrow(
      /^This OpenPGP key expired on 2 Jan 2020/,
    );
    expect(deps.confirmations).toHaveLength(1);
    expect((await handlers.listTrusted({})).signers.map((s) => s.name)).toEqual(['Tor']);
  });

  it('refuses a key its owner revoked (with the revocation gpg made when it made the key)', async () => {
    const deps = recordingDeps(join(dir, 'pgp-3'));
    const handlers = createHandlers(deps);
    const doomed = await home.genKey('Withdrawn <gone@example.org>', 'ed25519', 'sign', 'never');
    // gpg writes a revocation for every new key, its armor line escaped with ":" until it is needed.
    const stored = await readFile(join(home.dir, 'openpgp-revocs.d', `${doomed}.rev`), 'utf8');
    const revocation = stored.replace(/^:-----BEGIN/m, '-----BEGIN');
    expect((await home.gpg(['--import'], { input: revocation })).status).toBe(0);
    await expect(
      handlers.addTrusted({ name: 'Withdrawn', keyText: (await home.exportCert(doomed)) as string }),
    ).rejects.toThrow(/^The owner of this OpenPGP key has withdrawn it/);
    expect(deps.confirmations).toEqual([]);
  });
});

describe('Sigstore identities', () => {
  it('adds an exact identity and issuer after main confirms, and removes it after main confirms', async () => {
    const deps = recordingDeps(join(dir, 'id-1'));
    const handlers = createHandlers(deps);
    deps.confirmAnswers.push(true);
    const request = {
      name: 'CPython 3.14',
      identity: 'hugo@python.org',
      issuer: 'https://github.com/login/oauth',
    };
    const { signer } = await handlers.addTrustedIdentity(request);
    expect(signer).toMatchObject({
      kind: 'sigstore',
      name: request.name,
      noun: 'identity',
      facts: [
        { fact: 'identity', text: request.identity },
        { fact: 'issuer', text: request.issuer },
      ],
      keyId: expect.stringMatching(/^sigstore:[0-9a-f]{16}$/),
    });
    expect(deps.confirmations[0]?.detail).toContain(
      'Identity: hugo@python.org\nIssuer: https://github.com/login/oauth',
    );
    await expect(handlers.addTrustedIdentity({ ...request, name: 'Again' })).rejects.toThrow(
      'This identity is already trusted as “CPython 3.14”.',
    );
    deps.confirmAnswers.push(false, true);
    await expect(handlers.removeTrusted({ keyId: signer.keyId })).rejects.toThrow('still trusted');
    await handlers.removeTrusted({ keyId: signer.keyId });
    expect(deps.confirmations.at(-1)?.detail).toContain('Identity: hugo@python.org');
    expect(deps.confirmations.at(-1)?.detail).toContain(
      'Files signed by this identity will then show “Signed, but not by anyone you trust”.',
    );
    expect((await handlers.listTrusted({})).signers).toEqual([]);
  });
});

describe('Publishers', () => {
  it('pins a self-signed certificate by thumbprint; the card gets publisher, issuer, validity', async () => {
    const deps = recordingDeps(join(dir, 'pub-1'));
    const handlers = createHandlers(deps);
    const issued = await selfSigned(dir, 'contoso', '/CN=Contoso Code Signing/O=Contoso Ltd', {
      key: 'ec',
      days: 30,
      extensions: ['extendedKeyUsage=codeSigning'],
    });
    deps.grants.grant([issued.cert, issued.key], { chosen: 'certificate' });
    deps.confirmAnswers.push(true);
    const { signer } = await handlers.addTrustedPublisher({ name: 'Contoso', certificateFile: issued.cert });
    const fingerprint = (
      await run('openssl', ['x509', '-in', issued.cert, '-noout', '-fingerprint', '-sha256'])
    ).stdout
      .split('=')[1]
      ?.replace(/:/g, '')
      .trim()
      .toLowerCase();
    expect(signer).toMatchObject({
      kind: 'x509',
      keyId: fingerprint,
      addedFrom: 'contoso.pem',
      facts: [
        { fact: 'certificate-names', text: 'Contoso Ltd' },
        { fact: 'issued-by', text: 'Contoso Code Signing' },
        { fact: 'thumbprint-sha256', hex: fingerprint },
        { fact: 'valid', from: expect.any(String), to: expect.any(String) },
      ],
    });
    expect(deps.confirmations[0]?.detail).toContain('The certificate names: Contoso Ltd');
    // A private key, a bare public key, garbage: each refused in a plain sentence, nothing asked.
    await expect(handlers.addTrustedPublisher({ name: 'Key', certificateFile: issued.key })).rejects.toThrow(
      /^This is a private key, not a certificate/,
    );
    const pub = (await run('openssl', ['pkey', '-in', issued.key, '-pubout'])).stdout;
    await expect(handlers.addTrustedPublisher({ name: 'Pub', certificateText: pub })).rejects.toThrow(
      /^This is a bare public key, not a certificate/,
    );
    await expect(handlers.addTrustedPublisher({ name: 'G', certificateText: 'garbage' })).rejects.toThrow(
      /^This is not a certificate Signet can read/,
    );
    expect(deps.confirmations).toHaveLength(1);
  });

  it('refuses an expired certificate and says when it expired', async () => {
    const deps = recordingDeps(join(dir, 'pub-2'));
    const handlers = createHandlers(deps);
    const key = join(dir, 'old.key');
    const csr = join(dir, 'old.csr');
    const cert = join(dir, 'old.pem');
    await run('openssl', [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      '/CN=Old Publisher',
    ]);
    const db = join(dir, 'ca-db');
    await run('mkdir', ['-p', db]);
    await writeFile(join(db, 'index.txt'), '');
    await writeFile(join(db, 'serial'), '01\n');
    const config = join(dir, 'ca.cnf');
    await writeFile(
      config,
      `[ca]\ndefault_ca=c\n[c]\ndatabase=${db}/index.txt\nnew_certs_dir=${db}\nserial=${db}/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`,
    );
    const made = await run('openssl', [
      'ca',
      '-batch',
      '-config',
      config,
      '-selfsign',
      '-keyfile',
      key,
      '-in',
      csr,
      '-out',
      cert,
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
    ]);
    expect(made.status).toBe(0);
    await expect(
      handlers.addTrustedPublisher({ name: 'Old', certificateText: await readFile(cert, 'utf8') }),
    ).rejects.toThrow(/^This certificate expired on 1 Feb 2020\./);
    expect(deps.confirmations).toEqual([]);
  });

  it('lists a managed subject-plus-root publisher with its subject and root, and will not remove it', async () => {
    const deps = recordingDeps(join(dir, 'pub-3'));
    const handlers = createHandlers(deps);
    const root = 'ab'.repeat(32);
    await mkdir(join(dir, 'pub-3'), { recursive: true });
    await writeFile(
      join(dir, 'pub-3', 'managed-trust.json'),
      JSON.stringify({
        version: 2,
        signers: [
          {
            kind: 'x509',
            keyId: 'northwind-publisher',
            name: 'Northwind Traders',
            subject: 'C=GB\nO=Northwind Traders\nCN=Northwind Traders',
            rootSha256: root,
            addedAt: '2026-01-01T00:00:00.000Z',
          },
        ],
      }),
    );
    const [listed] = (await handlers.listTrusted({})).signers;
    expect(listed).toEqual({
      kind: 'x509',
      kindWords: 'Publisher certificate',
      noun: 'certificate',
      meta: ['kind'],
      keyId: 'northwind-publisher',
      name: 'Northwind Traders',
      facts: [
        { fact: 'subject', text: 'C=GB\nO=Northwind Traders\nCN=Northwind Traders' },
        { fact: 'root-sha256', hex: root },
      ],
      source: 'managed',
      addedAt: '2026-01-01T00:00:00.000Z',
    });
    await expect(handlers.removeTrusted({ keyId: 'northwind-publisher' })).rejects.toThrow(
      '“Northwind Traders” is managed by your organisation and cannot be removed here.',
    );
    expect(deps.confirmations).toEqual([]);
  });
});
