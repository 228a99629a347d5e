import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcProvider, startOidcProvider } from '../helpers/oidc-provider';
import { signet } from '../helpers/run';
import { type SigstoreServices, startSigstoreServices } from '../helpers/sigstore-services';
import { tempDir } from '../helpers/temp-dir';

// The organisation's policy names the Sigstore instance (a loopback mock) for everyone: `signet
// sign --sigstore` signs against it without flags, the person's own --signing-config and
// --trusted-root are refused, and a policy that cannot be read signs nothing.

const EMAIL = 'alice@signet.test';
let dir: string;
let config: string;
let policyFile: string;
let rootPath: string;
let configPath: string;
let services: SigstoreServices;
let oidc: OidcProvider;
let n = 0;

beforeAll(async () => {
  dir = await tempDir('signet-managed-sigstore-');
  config = join(dir, 'config');
  await mkdir(join(dir, 'machine'));
  policyFile = join(dir, 'machine', 'trusted-signers.json');
  [services, oidc] = await Promise.all([startSigstoreServices(), startOidcProvider({ email: EMAIL })]);
  rootPath = join(dir, 'org_trusted_root.json');
  configPath = join(dir, 'org_signing_config.json');
  await writeFile(rootPath, JSON.stringify(services.trustedRoot));
  await writeFile(configPath, JSON.stringify(services.signingConfig(oidc.issuer)));
  await writeFile(
    policyFile,
    JSON.stringify({ version: 2, sigstore: { signingConfig: configPath, trustedRoot: rootPath } }),
  );
});
afterAll(async () => {
  await Promise.all([services?.close(), oidc?.close()]);
});

async function release(): Promise<string> {
  const path = join(dir, `release-${++n}.tar.gz`);
  await writeFile(path, `release ${n} bytes\n`.repeat(50));
  return path;
}

const ci = (policy = policyFile) => ({
  SIGSTORE_ID_TOKEN: oidc.mint(),
  CI: 'true',
  SIGNET_MANAGED_TRUST_FILE: policy,
});
const as = ['--certificate-identity', EMAIL];

describe('signet sign --sigstore with the instance the policy names', () => {
  it('signs against the organisation’s instance without flags, and the bundle verifies with its pinned root', async () => {
    const path = await release();
    const before = services.calls.fulcio;
    const signed = await signet(['sign', '--sigstore', '--yes', path], config, ci());
    expect(signed.stderr).toBe(
      `You will sign as ${EMAIL} (vouched for by ${new URL(oidc.issuer).host}).\nThis identity, the time and the file's SHA-256 are published in a public log that anyone can search.\n`,
    );
    expect(signed.status).toBe(0);
    expect(services.calls.fulcio - before).toBe(1);
    expect(signed.stdout).toContain(
      `The bundle was checked for ${EMAIL} (${oidc.issuer}) against ${rootPath}.`,
    );
    // `signet verify` takes the same pinned root from the policy; without it the mock's bundle fails.
    const args = ['verify', path, ...as, '--certificate-oidc-issuer', oidc.issuer, '--json'];
    const verified = await signet(args, config, { SIGNET_MANAGED_TRUST_FILE: policyFile });
    expect(JSON.parse(verified.stdout).verdict).toBe('verified');
    // Refresh off keeps this check off the network: the built-in public-good root, which is not the mock's.
    const builtIn = join(dir, 'machine', 'no-refresh.json');
    await writeFile(builtIn, JSON.stringify({ version: 2, sigstore: { refresh: false } }));
    const unpinned = await signet(args, config, { SIGNET_MANAGED_TRUST_FILE: builtIn });
    expect(JSON.parse(unpinned.stdout).verdict).not.toBe('verified');
  });

  it('refuses --trusted-root and --signing-config the policy sets, for signing and for checking', async () => {
    const path = await release();
    const before = services.calls.fulcio;
    const root = await signet(
      ['sign', '--sigstore', '--yes', '--signing-config', configPath, '--trusted-root', rootPath, path],
      config,
      ci(),
    );
    expect(root.status).toBe(2);
    expect(root.stderr).toContain(
      `Your organisation’s policy sets the Sigstore signing configuration (${configPath}), so --signing-config cannot be used. Nothing was signed.`,
    );
    const only = await signet(
      ['sign', '--sigstore', '--yes', '--trusted-root', rootPath, path],
      config,
      ci(),
    );
    expect(only.status).toBe(2);
    expect(only.stderr).toContain('so --trusted-root cannot be used. Nothing was signed.');
    expect(services.calls.fulcio).toBe(before);
    expect(existsSync(`${path}.sigstore.json`)).toBe(false);
    const check = await signet(
      ['verify', path, ...as, '--certificate-oidc-issuer', oidc.issuer, '--trusted-root', rootPath],
      config,
      { SIGNET_MANAGED_TRUST_FILE: policyFile },
    );
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('so --trusted-root cannot be used. Nothing was checked.');
  });

  it('signs nothing when the policy cannot be read, or names a root that cannot be read', async () => {
    const path = await release();
    const before = services.calls.fulcio;
    const broken = join(dir, 'machine', 'broken.json');
    await writeFile(broken, '{"version": 2, "sigstore": {"refresh": "no"}}');
    const unreadable = await signet(['sign', '--sigstore', '--yes', path], config, ci(broken));
    expect(unreadable.status).toBe(2);
    expect(unreadable.stderr).toBe(
      `signet: Your organisation’s trust list (${broken}) is damaged (sigstore.refresh: Invalid input: expected boolean, received string); it was left as it is. Fix or remove it. Nothing was signed.\n`,
    );
    const missing = join(dir, 'machine', 'missing-root.json');
    await writeFile(
      missing,
      JSON.stringify({
        version: 2,
        sigstore: { signingConfig: configPath, trustedRoot: join(dir, 'gone.json') },
      }),
    );
    const gone = await signet(['sign', '--sigstore', '--yes', path], config, ci(missing));
    expect(gone.status).toBe(2);
    expect(gone.stderr).toContain(
      `Your organisation’s policy names the Sigstore trusted root ${join(dir, 'gone.json')}, and it cannot be read`,
    );
    expect(services.calls.fulcio).toBe(before);
    expect(existsSync(`${path}.sigstore.json`)).toBe(false);
  });
});
