import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signet } from '../helpers/run';
import { makeKeylessBundle } from '../helpers/sigstore-keyless-bundle';
import { makeTestLog, writeOpensslBundle } from '../helpers/sigstore-managed-bundle';
import { tempDir } from '../helpers/temp-dir';

// Sigstore bundles end to end through the built CLI with cosign's flags: a keyless bundle made at
// test time (openssl CA and leaf, a test CT log and Rekor log), found beside the file by each name
// it may have, checked against exact identities given on the command line or in the trust list;
// and managed-key bundles signed by openssl.

const IDENTITY = 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.0.0';
const ISSUER = 'https://token.actions.githubusercontent.com';

interface Answer {
  verdict: string;
  reason: string;
  signerName?: string;
  signedAt?: string;
  details?: { label: string; value: string }[];
}

let dir: string;
let config: string;
let root: string;
const path = (name: string) => join(dir, name);
const detail = (a: Answer, label: string) => a.details?.find((d) => d.label === label)?.value;

async function verify(args: string[], configDir = config): Promise<{ status: number; answer: Answer }> {
  const r = await signet(['verify', ...args, '--json'], configDir);
  expect(r.stderr).toBe('');
  return { status: r.status, answer: JSON.parse(r.stdout) as Answer };
}

beforeAll(async () => {
  dir = await tempDir();
  config = path('config');
  const artifact = Buffer.from('acme app release bytes\n'.repeat(500));
  const made = makeKeylessBundle(artifact, IDENTITY, ISSUER);
  await writeFile(path('app.tar.gz'), artifact);
  await writeFile(path('app.tar.gz.sigstore.json'), JSON.stringify(made.bundle));
  root = path('trusted_root.json');
  await writeFile(root, JSON.stringify(made.trustedRootJson));
});

describe('signet verify with a keyless Sigstore bundle', () => {
  it('finds FILE.sigstore.json and says which identity signed when nobody trusts it', async () => {
    const { status, answer } = await verify([path('app.tar.gz'), '--trusted-root', root]);
    expect(answer.verdict).toBe('unknown-signer');
    expect(status).toBe(1);
    expect(answer.reason).toContain(IDENTITY);
    expect(detail(answer, 'Identity (as the certificate states it)')).toBe(IDENTITY);
    expect(detail(answer, 'OIDC issuer (as the certificate states it)')).toBe(ISSUER);
    expect(answer.signerName).toBeUndefined();
  });

  it('verifies with the exact identity and issuer, with log index, time and trust root in --json', async () => {
    const { status, answer } = await verify([
      path('app.tar.gz'),
      '--bundle',
      path('app.tar.gz.sigstore.json'),
      '--certificate-identity',
      IDENTITY,
      '--certificate-oidc-issuer',
      ISSUER,
      '--trusted-root',
      root,
    ]);
    expect(answer.verdict, answer.reason).toBe('verified');
    expect(status).toBe(0);
    expect(answer.signerName).toBe(IDENTITY);
    expect(detail(answer, 'Transparency log index')).toBe('0');
    expect(detail(answer, 'Trust root')).toBe(root);
    expect(detail(answer, 'Logged at')).toBe(answer.signedAt);
    expect(Date.now() - Date.parse(answer.signedAt ?? '')).toBeLessThan(10 * 60_000);
  });

  it.each([
    ['a prefix of the identity', IDENTITY.slice(0, -6), ISSUER],
    ['the identity as a pattern', 'https://github.com/acme/.*', ISSUER],
    ['another issuer', IDENTITY, 'https://accounts.google.com'],
    ['the issuer with a trailing slash', IDENTITY, `${ISSUER}/`],
  ])('refuses %s', async (_what, identity, issuer) => {
    const { status, answer } = await verify([
      path('app.tar.gz'),
      '--certificate-identity',
      identity,
      '--certificate-oidc-issuer',
      issuer,
      '--trusted-root',
      root,
    ]);
    expect(answer.verdict).toBe('unknown-signer');
    expect(status).toBe(1);
  });

  it('is not verified under the built-in public-good root: the test CA is not Fulcio', async () => {
    const { status, answer } = await verify([
      path('app.tar.gz'),
      '--certificate-identity',
      IDENTITY,
      '--certificate-oidc-issuer',
      ISSUER,
    ]);
    expect(answer.verdict).not.toBe('verified');
    expect(status).not.toBe(0);
  });

  it.each(['.sigstore', '.bundle'])('finds the bundle as FILE%s too', async (suffix) => {
    await copyFile(path('app.tar.gz'), path(`other${suffix}.bin`));
    await copyFile(path('app.tar.gz.sigstore.json'), path(`other${suffix}.bin${suffix}`));
    const { answer } = await verify([
      path(`other${suffix}.bin`),
      '--certificate-identity',
      IDENTITY,
      '--certificate-oidc-issuer',
      ISSUER,
      '--trusted-root',
      root,
    ]);
    expect(answer.verdict, answer.reason).toBe('verified');
  });

  it('checking the bundle itself checks the file it is named after', async () => {
    const { status, answer } = await verify([
      path('app.tar.gz.sigstore.json'),
      '--certificate-identity',
      IDENTITY,
      '--certificate-oidc-issuer',
      ISSUER,
      '--trusted-root',
      root,
    ]);
    expect(answer.verdict, answer.reason).toBe('verified');
    expect(status).toBe(0);
    expect((answer as { file?: string }).file).toBe(path('app.tar.gz'));
  });

  it('a bundle beside the file past 64 KiB (a large attestation) is read; a 100 KiB minisign file is still malformed', async () => {
    // The same bundle with 100 KiB of JSON whitespace: still the same bundle, too large for a key signature.
    await copyFile(path('app.tar.gz'), path('big.tar.gz'));
    const bundle = await readFile(path('app.tar.gz.sigstore.json'), 'utf8');
    await writeFile(path('big.tar.gz.sigstore.json'), `${bundle}${' '.repeat(100 * 1024)}`);
    const { answer } = await verify([path('big.tar.gz'), '--trusted-root', root]);
    expect(answer.reason).toContain(IDENTITY);

    await writeFile(path('pad.bin'), 'x');
    await writeFile(path('pad.bin.minisig'), `untrusted comment: x\n${'A'.repeat(100 * 1024)}\n`);
    const padded = await verify([path('pad.bin')]);
    expect(padded.answer.verdict).toBe('malformed');
  });

  it('an identity without its issuer is a usage error, exit 2', async () => {
    const r = await signet(['verify', path('app.tar.gz'), '--certificate-identity', IDENTITY], config);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a changed file is tampered, exit 1', async () => {
    const changed = Buffer.from('acme app release bytes\n'.repeat(500));
    changed[3] = 0x21;
    await writeFile(path('changed.tar.gz'), changed);
    await copyFile(path('app.tar.gz.sigstore.json'), path('changed.tar.gz.sigstore.json'));
    const { status, answer } = await verify([
      path('changed.tar.gz'),
      '--certificate-identity',
      IDENTITY,
      '--certificate-oidc-issuer',
      ISSUER,
      '--trusted-root',
      root,
    ]);
    expect(answer.verdict).toBe('tampered');
    expect(status).toBe(1);
  });

  it('a damaged bundle is malformed, one line, exit 2', async () => {
    await writeFile(path('bad.bin'), 'x');
    await writeFile(
      path('bad.bin.sigstore.json'),
      '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"',
    );
    const { status, answer } = await verify([path('bad.bin'), '--trusted-root', root]);
    expect(answer.verdict).toBe('malformed');
    expect(status).toBe(2);
    expect(answer.reason).not.toContain('\n');
  });

  it('trust add --certificate-identity: the headline then names the trust entry', async () => {
    const own = path('config-trust');
    const added = await signet(
      [
        'trust',
        'add',
        '--certificate-identity',
        IDENTITY,
        '--certificate-oidc-issuer',
        ISSUER,
        '--name',
        'Acme Releases',
      ],
      own,
    );
    expect(added.status, added.stderr).toBe(0);
    const again = await signet(
      [
        'trust',
        'add',
        '--certificate-identity',
        IDENTITY,
        '--certificate-oidc-issuer',
        ISSUER,
        '--name',
        'Twice',
      ],
      own,
    );
    expect(again.status).toBe(2);
    const listed = await signet(['trust', 'list'], own);
    expect(listed.stdout).toContain('Acme Releases');
    expect(listed.stdout).toContain(IDENTITY);
    const { status, answer } = await verify([path('app.tar.gz'), '--trusted-root', root], own);
    expect(answer.verdict, answer.reason).toBe('verified');
    expect(status).toBe(0);
    expect(answer.signerName).toBe('Acme Releases');
    // Only the exact pair was trusted: the same identity from another issuer is not.
    const half = await signet(['trust', 'add', '--certificate-identity', IDENTITY, '--name', 'Half'], own);
    expect(half.status).toBe(2);
  });
});

describe('an identity in the organisation’s managed trust list', () => {
  it('verifies, named as the organisation named it', async () => {
    const managed = path('config-managed');
    await mkdir(managed, { recursive: true });
    const entry = {
      kind: 'sigstore',
      keyId: 'sigstore:managed-acme',
      identity: IDENTITY,
      issuer: ISSUER,
      name: 'Acme (managed)',
      addedAt: '2026-01-01T00:00:00.000Z',
    };
    await writeFile(join(managed, 'managed-trust.json'), JSON.stringify({ version: 2, signers: [entry] }));
    const { status, answer } = await verify([path('app.tar.gz'), '--trusted-root', root], managed);
    expect(answer.verdict, answer.reason).toBe('verified');
    expect(status).toBe(0);
    expect(answer.signerName).toBe('Acme (managed)');
    expect((answer as { signerManaged?: boolean }).signerManaged).toBe(true);
  });
});

describe('signet verify with a managed-key bundle signed by openssl', () => {
  it.each(['ec-p256', 'rsa-2048'] as const)(
    '%s: verified with --pubkey, unknown-signer with another key',
    async (kind) => {
      await writeFile(path(`m-${kind}.bin`), `managed ${kind}\n`);
      const log = makeTestLog();
      const made = writeOpensslBundle(dir, `m-${kind}`, kind, path(`m-${kind}.bin`), log);
      const other = writeOpensslBundle(dir, `o-${kind}`, kind, path(`m-${kind}.bin`), log);
      const good = await verify([
        path(`m-${kind}.bin`),
        '--bundle',
        made.bundlePath,
        '--pubkey',
        made.publicPath,
        '--trusted-root',
        made.rootPath,
      ]);
      expect(good.answer.verdict, good.answer.reason).toBe('verified');
      expect(good.status).toBe(0);
      const wrong = await verify([
        path(`m-${kind}.bin`),
        '--bundle',
        made.bundlePath,
        '--pubkey',
        other.publicPath,
        '--trusted-root',
        made.rootPath,
      ]);
      expect(wrong.answer.verdict).toBe('unknown-signer');
      expect(wrong.status).toBe(1);
    },
  );
});
