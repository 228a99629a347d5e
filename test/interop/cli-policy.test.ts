import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { osslsign } from '../helpers/authenticode-sign';
import { makeGpgHome } from '../helpers/gpg';
import { tinyPe } from '../helpers/pe-writer';
import { run, signet } from '../helpers/run';
import { makeKeylessBundle } from '../helpers/sigstore-keyless-bundle';
import { tempDir } from '../helpers/temp-dir';
import { CODE_SIGNING_EXTENSIONS, type Issued, issue, selfSigned } from '../helpers/x509-ca';

// `signet policy …` end to end through dist/cli/signet.mjs, with files signed by the real tools
// (minisign, ssh-keygen, gpg, osslsigncode): an administrator builds a policy, checks it, and sees
// what each file would get under it before deploying it.

const WORKFLOW = 'https://github.com/contoso/app/.github/workflows/release.yml@refs/tags/v1';
const ACTIONS = 'https://token.actions.githubusercontent.com';
let dir: string;
let config: string;
let root: Issued;
let exe: string;
const path = (name: string) => join(dir, name);
const ok = async (args: string[]) => {
  const r = await signet(args, config);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.status, args.join(' ')).toBe(0);
  return r.stdout;
};

const must = (result: { status: number; stderr: string }, tool: string) => {
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
};

beforeAll(async () => {
  dir = await tempDir('signet-cli-policy-');
  config = path('config');
  await mkdir(config);
  const tools = [
    run('minisign', ['-G', '-W', '-p', path('release.pub'), '-s', path('release.key')]).then(async () => {
      await writeFile(path('notes.txt'), 'release notes\n');
      must(await run('minisign', ['-S', '-s', path('release.key'), '-m', path('notes.txt')]), 'minisign');
    }),
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ci@contoso', '-f', path('ci')]).then(
      async () => {
        await writeFile(path('build.tar'), 'a build\n');
        must(
          await run('ssh-keygen', ['-Y', 'sign', '-f', path('ci'), '-n', 'file', path('build.tar')]),
          'ssh-keygen',
        );
      },
    ),
    (async () => {
      const gpg = await makeGpgHome();
      const fingerprint = await gpg.genKey(
        'Fabrikam Releases <rel@fabrikam.example>',
        'ed25519',
        'sign',
        '1y',
      );
      await writeFile(path('tool.tgz'), 'a tool\n');
      const signed = await gpg.gpg([
        '--detach-sign',
        '--armor',
        '-u',
        fingerprint,
        '-o',
        path('tool.tgz.asc'),
        path('tool.tgz'),
      ]);
      if (signed.status !== 0) throw new Error(`gpg --detach-sign failed: ${signed.stderr}`);
      await writeFile(path('fabrikam.asc'), (await gpg.exportCert(fingerprint)) as string);
    })(),
    (async () => {
      const artifact = Buffer.from('an app\n');
      const made = makeKeylessBundle(artifact, WORKFLOW, ACTIONS);
      await writeFile(path('app.tar.gz'), artifact);
      await writeFile(path('app.tar.gz.sigstore.json'), JSON.stringify(made.bundle));
      await writeFile(path('trusted_root.json'), JSON.stringify(made.trustedRootJson));
    })(),
    (async () => {
      root = await selfSigned(dir, 'root', '/C=GB/O=Contoso Ltd/CN=Contoso Root CA', { ca: true, key: 'ec' });
      const leaf = await issue(
        dir,
        'leaf',
        '/C=GB/O=Contoso Ltd/CN=Contoso Ltd',
        root,
        CODE_SIGNING_EXTENSIONS,
        { key: 'ec' },
      );
      await writeFile(path('unsigned.exe'), tinyPe({ overlay: 100 }));
      exe = path('setup.exe');
      await osslsign(path('unsigned.exe'), exe, leaf);
    })(),
  ];
  await Promise.all(tools);
}, 120_000);

describe('building a policy with signet policy', () => {
  it('init writes an empty, valid policy and never replaces one without --force', async () => {
    await ok(['policy', 'init', path('empty.json')]);
    expect(JSON.parse(await readFile(path('empty.json'), 'utf8'))).toEqual({ version: 2, signers: [] });
    const again = await signet(['policy', 'init', path('empty.json')], config);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
    await ok(['policy', 'init', path('empty.json'), '--force']);
    const missing = await signet(
      ['policy', 'add', path('none.json'), path('release.pub'), '--name', 'X'],
      config,
    );
    expect(missing.stderr).toContain('signet policy init');
  });

  it('adds signers of every kind as trust add takes them, sets settings, and removes them', async () => {
    const policy = path('contoso.json');
    await ok(['policy', 'init', policy]);
    await ok(['policy', 'add', policy, path('release.pub'), '--name', 'Acme Releases']);
    await ok(['policy', 'add', policy, path('ci.pub'), '--name', 'Contoso CI']);
    await ok(['policy', 'add', policy, path('fabrikam.asc'), '--name', 'Fabrikam Releases']);
    await ok([
      'policy',
      'add',
      policy,
      '--certificate-identity',
      'ci@contoso.example',
      '--certificate-oidc-issuer',
      'https://accounts.google.com',
      '--name',
      'Contoso keyless',
    ]);
    await ok(['policy', 'add', policy, '--publisher-cert', path('leaf.pem'), '--name', 'Contoso pinned']);
    await ok(['policy', 'add', policy, '--ca-root', root.cert]);
    const twice = await signet(['policy', 'add', policy, path('release.pub'), '--name', 'Again'], config);
    expect(twice.stderr).toContain('already trusted as “Acme Releases”');
    await ok([
      'policy',
      'set',
      policy,
      'only-listed-signers=true',
      'timestamp-url=http://timestamp.digicert.com',
      'sigstore-refresh=false',
    ]);
    const before = await readFile(policy, 'utf8');
    const bad = await signet(
      ['policy', 'set', policy, 'check-every-download=true', 'pkcs11-module=libsofthsm2.so'],
      config,
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('pkcs11Module: must be an absolute path');
    expect(await readFile(policy, 'utf8')).toBe(before);
    const written = JSON.parse(before);
    expect(written.signers.map((s: { kind: string }) => s.kind)).toEqual([
      'minisign',
      'ssh',
      'openpgp',
      'sigstore',
      'x509',
    ]);
    expect(written).toMatchObject({
      onlyListedSigners: true,
      sigstore: { refresh: false },
      caRoots: [expect.stringContaining('BEGIN CERTIFICATE')],
    });
    const pinned = written.signers[4].keyId as string;
    expect(await ok(['policy', 'remove', policy, pinned])).toContain('Contoso pinned');
    const rootId = new X509Certificate(await readFile(root.cert)).fingerprint256;
    expect(await ok(['policy', 'remove', policy, rootId])).toContain('CA root');
    expect(JSON.parse(await readFile(policy, 'utf8')).caRoots).toBeUndefined();
    // The person's own list and this computer's policy were never touched.
    expect((await signet(['trust', 'list'], config)).stdout).toContain('No trusted signers yet');
  });
});

describe('checking and testing a policy before it is deployed', () => {
  /** A policy that lists the Contoso publisher by subject (as openssl prints it) and its root (as openssl prints it). */
  async function publisherPolicy(name: string, settings: Record<string, unknown>): Promise<string> {
    const rootPrint = new X509Certificate(await readFile(root.cert)).fingerprint256;
    const file = path(name);
    await writeFile(
      file,
      JSON.stringify({
        version: 2,
        caRoots: [await readFile(root.cert, 'utf8')],
        ...settings,
        signers: [
          {
            kind: 'x509',
            keyId: 'contoso',
            name: 'Contoso Ltd',
            subject: 'C = GB, O = Contoso Ltd, CN = Contoso Ltd',
            rootSha256: rootPrint,
          },
        ],
      }),
    );
    // The keys go in as `policy add` puts them (the CLI's own path is tested above), in this process.
    const store = new TrustStore({ editFile: file });
    for (const [key, signer] of [
      ['release.pub', 'Acme Releases'],
      ['ci.pub', 'Contoso CI'],
      ['fabrikam.asc', 'Fabrikam Releases'],
    ]) {
      await store.addAll({ keyText: await readFile(path(key!), 'utf8'), name: signer! });
    }
    return file;
  }

  it('check says what the policy does in plain words, and warns when people could list a publisher themselves', async () => {
    const file = await publisherPolicy('open.json', { onlyListedSigners: true });
    const text = await ok(['policy', 'check', file]);
    expect(text).toContain(
      'The organisation trusts 4 signers: “Acme Releases”, “Contoso CI”, “Fabrikam Releases” and “Contoso Ltd”.',
    );
    expect(text).toContain('Windows programs count only when signed by “Contoso Ltd”.');
    expect(text).toContain(
      'The organisation’s own authorities are trusted for Windows programs: “Contoso Root CA”.',
    );
    expect(text).toContain(
      'Warning: Only listed publishers count, but people may still add their own signers: anyone can make a publisher listed with one click. Also set allow-user-signers=false.',
    );
    await ok(['policy', 'set', file, 'allow-user-signers=false']);
    const locked = await ok(['policy', 'check', file]);
    expect(locked).toContain('Only these 4 signers count');
    expect(locked).toContain('People cannot add their own signers.');
    expect(locked).not.toContain('Warning');
  });

  it('check refuses a file with a key it does not know, naming it, and says when a subject can never match', async () => {
    await writeFile(path('typo.json'), JSON.stringify({ version: 2, signers: [], onlyListedSigner: true }));
    const typo = await signet(['policy', 'check', path('typo.json')], config);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('"onlyListedSigner"');
    await writeFile(
      path('never.json'),
      JSON.stringify({
        version: 2,
        signers: [
          { kind: 'x509', keyId: 'x', name: 'Contoso', subject: 'Contoso Ltd', rootSha256: 'ab'.repeat(32) },
        ],
      }),
    );
    expect(await ok(['policy', 'check', path('never.json')])).toContain('“Contoso” will never match');
  });

  it('test gives each file the verdict it would get under the policy alone, for every kind', async () => {
    const file = await publisherPolicy('listed.json', { onlyListedSigners: true, allowUserSigners: false });
    // The Sigstore bundle is checked against the trusted root the policy pins; its identity is not listed yet.
    await ok(['policy', 'set', file, `sigstore-trusted-root=${path('trusted_root.json')}`]);
    const notYet = await signet(['policy', 'test', file, path('app.tar.gz')], config);
    expect(notYet.status).toBe(1);
    expect(notYet.stdout).toContain('github.com/contoso/app');
    const identity = ['--certificate-identity', WORKFLOW, '--certificate-oidc-issuer', ACTIONS];
    await ok(['policy', 'add', file, ...identity, '--name', 'Contoso release workflow']);
    const artifacts = [path('notes.txt'), path('build.tar'), path('tool.tgz'), exe, path('app.tar.gz')];
    const r = await signet(['policy', 'test', file, ...artifacts], config);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const names = [
      'Acme Releases',
      'Contoso CI',
      'Fabrikam Releases',
      'Contoso Ltd',
      'Contoso release workflow',
    ];
    for (const name of names) {
      expect(r.stdout).toContain(`Verified: made by ${name}`);
    }
    // The same publisher, not listed: "only listed publishers" refuses it, though the CA vouches for it.
    await writeFile(
      path('unlisted.json'),
      JSON.stringify({ version: 2, onlyListedSigners: true, caRoots: [await readFile(root.cert, 'utf8')] }),
    );
    const unlisted = await signet(['policy', 'test', path('unlisted.json'), exe, path('notes.txt')], config);
    expect(unlisted.status).toBe(1);
    expect(unlisted.stdout).toContain(
      'Warning: Only listed publishers count, but people may still add their own signers',
    );
    expect(unlisted.stdout).toContain('your organisation allows only the publishers on its list');
    expect(unlisted.stdout).not.toContain('Verified');
  });
});

describe('the policy in force: signet policy show and a check', () => {
  it('merges policy.d in name order, says where it came from, applies at once, and fails closed', async () => {
    const machine = path('machine');
    await mkdir(join(machine, 'policy.d'), { recursive: true });
    const env = { SIGNET_MANAGED_TRUST_FILE: join(machine, 'trusted-signers.json') };
    const show = (args: string[] = []) => signet(['policy', 'show', ...args], config, env);
    expect((await show()).stdout).toContain('Your organisation sets no policy on this computer');
    await writeFile(
      join(machine, 'trusted-signers.json'),
      JSON.stringify({ version: 2, allowUserSigners: true }),
    );
    await writeFile(join(machine, 'policy.d', '10-acme.json'), await readFile(path('listed.json')));
    await writeFile(
      join(machine, 'policy.d', '20-open.json'),
      JSON.stringify({ version: 2, allowUserSigners: true }),
    );
    const text = (await show()).stdout;
    expect(text).toContain('Set by your organisation through a policy file.');
    expect(text).toContain('People may add signers of their own.');
    expect(text).toContain(`read from ${join(machine, 'policy.d', '20-open.json')}`);
    expect(JSON.parse((await show(['--json'])).stdout)).toMatchObject({
      present: true,
      onlyListedSigners: true,
      allowUserSigners: true,
    });
    const verified = await signet(['verify', path('notes.txt')], config, env);
    expect(verified.stdout).toContain('Verified: made by Acme Releases');
    // The Sigstore root the policy pins is the one `signet verify` checks bundles against.
    const keyless = await signet(['verify', path('app.tar.gz')], config, env);
    expect(keyless.stdout).toContain('Verified: made by Contoso release workflow');
    await writeFile(join(machine, 'policy.d', '20-open.json'), '{"version": 2, "allowUserSigners": "no"}');
    const broken = await show();
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("Your organisation's policy cannot be read — ask your IT team.");
    const refused = await signet(['verify', path('notes.txt'), '--json'], config, env);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      verdict: 'unknown-signer',
      code: 'policy-unreadable',
    });
  });
});
