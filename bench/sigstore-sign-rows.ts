import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOidcProvider } from '../test/helpers/oidc-provider';
import { startSigstoreServices } from '../test/helpers/sigstore-services';
import type { BenchConfig } from './config';
import type { BenchData } from './data';
import { oneLane } from './floor';
import type { Pair } from './pairs';
import { formatSize } from './sizes';

/**
 * The keyless signing row: `signet sign --sigstore` of the large file against Fulcio, Rekor and a
 * timestamp authority from @sigstore/mock on loopback, with a CI token (no browser), vs `openssl
 * dgst -sha256`. What Signet adds beyond the services' answers is the one read for the digest, the
 * key and the bundle check; the services answer in milliseconds.
 */
export async function keylessSignPairs(
  config: BenchConfig,
  data: BenchData,
): Promise<{ pairs: Pair[]; close(): Promise<void> }> {
  const [services, oidc] = await Promise.all([startSigstoreServices(), startOidcProvider()]);
  const dir = join(data.dir, 'sigstore-sign');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The same bytes as the large file, under a name no other row looks beside.
  const file = join(dir, 'big-keyless.bin');
  linkSync(data.big, file);
  const signingConfig = join(dir, 'signing_config.json');
  const trustedRoot = join(dir, 'trusted_root.json');
  writeFileSync(signingConfig, JSON.stringify(services.signingConfig(oidc.issuer)));
  writeFileSync(trustedRoot, JSON.stringify(services.trustedRoot));
  const env = {
    ...process.env,
    NODE_OPTIONS: undefined,
    SIGNET_CONFIG_DIR: join(data.dir, 'config'),
    SIGNET_MANAGED_TRUST_FILE: join(data.dir, 'no-managed-trust.json'),
    CI: 'true',
    // Valid for the whole bench run; Fulcio's certificate still lasts ten minutes per signing.
    SIGSTORE_ID_TOKEN: oidc.mint({ exp: Math.floor(Date.now() / 1000) + 6 * 3600 }),
  };
  const args = ['sign', '--sigstore', '--signing-config', signingConfig, '--trusted-root', trustedRoot];
  return {
    pairs: [
      {
        id: 'sigstore sign',
        what: `${formatSize(config.size)}, \`signet sign --sigstore\` (loopback Fulcio, Rekor, TSA; CI token) vs \`openssl dgst -sha256\``,
        target: 1.1,
        // The bundle signs the file's SHA-256, which the log records too: one digest, one thread.
        floor: oneLane(['sha256'], config.size),
        signet: { file: process.execPath, args: [config.cli, ...args, '--yes', '--force', file], env },
        other: { file: 'openssl', args: ['dgst', '-sha256', file] },
        check: (stdout) => {
          if (!/The bundle was checked for /.test(stdout))
            throw new Error(`signet sign --sigstore did not sign and check: ${stdout.slice(0, 300)}`);
        },
      },
    ],
    close: async () => {
      await Promise.all([services.close(), oidc.close()]);
    },
  };
}
