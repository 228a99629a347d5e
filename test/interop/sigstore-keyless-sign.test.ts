import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserLogin,
  KEYLESS_FORMAT,
  type KeylessInstance,
  keylessInstance,
  keylessJobKey,
  keylessSignIn,
} from '../../electron/core/formats/sigstore-signing';
import { runSignJob } from '../../electron/core/sign/sign-job';
import { browserOpens, type OidcProvider, startOidcProvider } from '../helpers/oidc-provider';
import { type SigstoreServices, startSigstoreServices } from '../helpers/sigstore-services';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
let services: SigstoreServices;
let oidc: OidcProvider;
let instance: KeylessInstance;

beforeAll(async () => {
  dir = await tempDir('signet-keyless-');
  [services, oidc] = await Promise.all([startSigstoreServices(), startOidcProvider()]);
  const json = (value: unknown, source: string) => ({ bytes: Buffer.from(JSON.stringify(value)), source });
  instance = keylessInstance({
    signingConfig: json(services.signingConfig(oidc.issuer), 'signing_config.json'),
    trustedRoot: json(services.trustedRoot, 'trusted_root.json'),
  });
});
afterAll(async () => {
  await Promise.all([services?.close(), oidc?.close()]);
});

describe('keyless signing', () => {
  it('signs two files with one login', async () => {
    const files = [join(dir, 'a.bin'), join(dir, 'b.bin')];
    await writeFile(files[0]!, 'release a\n');
    await writeFile(files[1]!, 'release b\n');
    const session = await keylessSignIn({
      instance,
      fileCount: 2,
      env: {},
      login: (issuer) => browserLogin({ issuer, open: browserOpens, timeoutMs: 5000 }),
      consent: async () => true,
      retries: 0,
      timeoutMs: 3000,
    });
    const result = await runSignJob({
      files,
      key: keylessJobKey(session),
      format: KEYLESS_FORMAT,
      overwrite: () => false,
      skip: () => false,
      activityDir: dir,
      now: () => new Date(),
      report: { failed: (_i, e) => console.error(e) },
    });
    console.log(JSON.stringify(result.recheck), result.outcomes);
    console.log(await readFile(`${files[0]}.sigstore.json`, 'utf8'));
  });
});
