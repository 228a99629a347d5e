import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readActivity } from '../../electron/core/activity/activity-log';
import { plainMessage } from '../../electron/core/errors';
import { givenIdentityEntry } from '../../electron/core/formats/sigstore-identity';
import {
  browserLogin,
  KEYLESS_FORMAT,
  type KeylessInstance,
  type KeylessSession,
  keylessInstance,
  keylessJobKey,
  keylessSignIn,
} from '../../electron/core/formats/sigstore-signing';
import { runSignJob, type SignJobResult } from '../../electron/core/sign/sign-job';
import { browserOpens, type OidcProvider, startOidcProvider } from '../helpers/oidc-provider';
import { signet } from '../helpers/run';
import { type SigstoreServices, startSigstoreServices } from '../helpers/sigstore-services';
import { verifySigstoreFiles } from '../helpers/sigstore-verify-files';
import { tempDir } from '../helpers/temp-dir';

// Keyless signing against Fulcio, Rekor and a timestamp authority (@sigstore/mock) and an OIDC
// provider, all on loopback: what Signet writes verifies with Signet and with sigstore-js for the
// exact identity, and every way signing can go wrong ends in a sentence with nothing written.

const EMAIL = 'alice@signet.test';
let dir: string;
let services: SigstoreServices;
let oidc: OidcProvider;
let instance: KeylessInstance;
let rootPath: string;
let configPath: string;
let n = 0;

beforeAll(async () => {
  dir = await tempDir('signet-keyless-');
  [services, oidc] = await Promise.all([startSigstoreServices(), startOidcProvider({ email: EMAIL })]);
  rootPath = join(dir, 'trusted_root.json');
  configPath = join(dir, 'signing_config.json');
  await writeFile(rootPath, JSON.stringify(services.trustedRoot));
  await writeFile(configPath, JSON.stringify(services.signingConfig(oidc.issuer)));
  instance = await keylessInstance({
    signingConfig: { bytes: await readFile(configPath), source: configPath },
    trustedRoot: { bytes: await readFile(rootPath), source: rootPath },
  });
});
afterAll(async () => {
  await Promise.all([services?.close(), oidc?.close()]);
});
beforeEach(() => {
  Object.assign(services.faults, { fulcio: 'none', rekor: 'none', tsa: 'none' });
  oidc.mode = 'approve';
  oidc.claims = {};
});

async function files(count: number): Promise<string[]> {
  const made: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `release-${++n}.tar.gz`);
    await writeFile(path, `release ${n} bytes\n`.repeat(100));
    made.push(path);
  }
  return made;
}

function signIn(over: Partial<Parameters<typeof keylessSignIn>[0]> = {}): Promise<KeylessSession> {
  return keylessSignIn({
    instance,
    fileCount: 1,
    env: {},
    login: (issuer) => browserLogin({ issuer, open: browserOpens, timeoutMs: 3000 }),
    consent: async () => true,
    retries: 0,
    timeoutMs: 3000,
    ...over,
  });
}

async function sign(paths: string[], session: KeylessSession): Promise<SignJobResult> {
  return runSignJob({
    files: paths,
    key: keylessJobKey(session),
    format: KEYLESS_FORMAT,
    overwrite: () => false,
    skip: () => false,
    activityDir: dir,
    now: () => new Date(),
    report: { failed: (_i, e) => process.env.KEYLESS_DEBUG && console.error('FAILED', plainMessage(e)) },
  });
}

const trustIdentity = (identity = EMAIL, issuer = oidc.issuer) => [givenIdentityEntry(identity, issuer, [])];

describe('keyless signing with one login', () => {
  let paths: string[];
  let result: SignJobResult;
  let before: SigstoreServices['calls'];

  beforeAll(async () => {
    paths = await files(2);
    before = { ...services.calls };
    const session = await signIn({ fileCount: 2 });
    result = await sign(paths, session);
  });

  it('writes a bundle v0.3 beside each file, with one certificate, a log entry with its proof and a timestamp', async () => {
    expect(result.outcomes.every((o) => 'signed' in o)).toBe(true);
    expect(result.recheck).toEqual({ checked: 2, failed: [] });
    expect(services.calls.fulcio - before.fulcio).toBe(1);
    expect(services.calls.rekor - before.rekor).toBe(2);
    expect(services.calls.tsa - before.tsa).toBe(2);
    const bundles = await Promise.all(
      paths.map(async (p) => JSON.parse(await readFile(`${p}.sigstore.json`, 'utf8'))),
    );
    for (const bundle of bundles) {
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(bundle.messageSignature.messageDigest.algorithm).toBe('SHA2_256');
      expect(bundle.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint.envelope).toBeTruthy();
      expect(bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1);
    }
    expect(bundles[0].verificationMaterial.certificate.rawBytes).toBe(
      bundles[1].verificationMaterial.certificate.rawBytes,
    );
  });

  it('verifies with Signet for the exact identity and issuer', async () => {
    const check = await verifySigstoreFiles({
      artifactPath: paths[0]!,
      bundlePath: `${paths[0]}.sigstore.json`,
      trustedRootPath: rootPath,
      trust: trustIdentity(),
    });
    expect(check.outcome, 'reason' in check ? check.reason : '').toBe('valid');
  });

  it('verifies with sigstore-js against the instance root, and with nothing else', async () => {
    const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(services.trustedRoot)), {
      tlogThreshold: 1,
      ctlogThreshold: 1,
      tsaThreshold: 1,
    });
    const bundle = bundleFromJSON(JSON.parse(await readFile(`${paths[1]}.sigstore.json`, 'utf8')));
    const signer = verifier.verify(toSignedEntity(bundle, await readFile(paths[1]!)), {
      subjectAlternativeName: EMAIL,
      extensions: { issuer: oidc.issuer },
    });
    expect(signer.identity?.subjectAlternativeName).toBe(EMAIL);
    expect(() =>
      verifier.verify(toSignedEntity(bundle, Buffer.from('other bytes')), { subjectAlternativeName: EMAIL }),
    ).toThrow();
  });

  it('reads one changed byte as tampered and another identity as unknown-signer (signet verify)', async () => {
    const config = join(dir, 'cli-config');
    const changed = join(dir, 'changed.tar.gz');
    const bytes = await readFile(paths[0]!);
    bytes[10] = bytes[10]! ^ 1;
    await writeFile(changed, bytes);
    const base = ['--bundle', `${paths[0]}.sigstore.json`, '--trusted-root', rootPath, '--json'];
    const as = (identity: string) => [
      '--certificate-identity',
      identity,
      '--certificate-oidc-issuer',
      oidc.issuer,
    ];
    const good = JSON.parse((await signet(['verify', paths[0]!, ...base, ...as(EMAIL)], config)).stdout);
    const tampered = JSON.parse((await signet(['verify', changed, ...base, ...as(EMAIL)], config)).stdout);
    const other = JSON.parse(
      (await signet(['verify', paths[0]!, ...base, ...as('mallory@signet.test')], config)).stdout,
    );
    expect([good.verdict, tampered.verdict, other.verdict]).toEqual([
      'verified',
      'tampered',
      'unknown-signer',
    ]);
  });

  it('records the identity, issuer, log index and files in the activity log', async () => {
    const entries = (await readActivity(dir)).filter((e) => paths.includes(e.file));
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        identity: EMAIL,
        issuer: oidc.issuer,
        output: `${entry.file}.sigstore.json`,
      });
      expect(entry.logIndex).toMatch(/^\d+$/);
    }
  });
});

describe('an instance that names no timestamp authority', () => {
  it('writes no timestamp, and the log entry alone dates the signature', async () => {
    const noTsa = await keylessInstance({
      signingConfig: {
        bytes: Buffer.from(JSON.stringify(services.signingConfig(oidc.issuer, { tsa: false }))),
        source: 'no-tsa.json',
      },
      trustedRoot: { bytes: await readFile(rootPath), source: rootPath },
    });
    const [path] = await files(1);
    const before = services.calls.tsa;
    const done = await sign([path!], await signIn({ instance: noTsa }));
    expect(done.recheck).toEqual({ checked: 1, failed: [] });
    const bundle = JSON.parse(await readFile(`${path}.sigstore.json`, 'utf8'));
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []).toEqual([]);
    expect(services.calls.tsa).toBe(before);
  });
});

describe('refused with a sentence and nothing written', () => {
  async function refusedAtSignIn(over: Parameters<typeof signIn>[0], words: RegExp): Promise<void> {
    const before = services.calls.fulcio;
    const error = await signIn(over).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'sign-in went ahead').toBeDefined();
    expect(plainMessage(error)).toMatch(words);
    expect(plainMessage(error)).toMatch(/Nothing was (sent and nothing was )?signed/);
    if (!/certificate authority|clock/.test(words.source)) expect(services.calls.fulcio).toBe(before);
  }

  async function refusedAtSigning(words: RegExp, session?: KeylessSession): Promise<void> {
    const [path] = await files(1);
    const done = await sign([path!], session ?? (await signIn()));
    const outcome = done.outcomes[0]!;
    expect('error' in outcome ? plainMessage(outcome.error) : 'signed').toMatch(words);
    expect(existsSync(`${path}.sigstore.json`)).toBe(false);
  }

  it('the login cancelled at the login service', async () => {
    oidc.mode = 'deny';
    await refusedAtSignIn({}, /sign-in was cancelled or refused/);
  });

  it('the login timed out', async () => {
    oidc.mode = 'ignore';
    await refusedAtSignIn(
      { login: (issuer) => browserLogin({ issuer, open: browserOpens, timeoutMs: 300 }) },
      /sign-in timed out/,
    );
  });

  it('the person does not agree to publish their identity', async () => {
    await refusedAtSignIn({ consent: async () => false }, /did not agree to publish/);
  });

  it('a token for another audience, or already expired (CI ambient token)', async () => {
    await refusedAtSignIn(
      { env: { SIGSTORE_ID_TOKEN: oidc.mint({ aud: 'other-service' }) } },
      /another service/,
    );
    const past = Math.floor(Date.now() / 1000) - 60;
    await refusedAtSignIn({ env: { SIGSTORE_ID_TOKEN: oidc.mint({ exp: past }) } }, /token expired/);
  });

  it('Fulcio down or refusing', async () => {
    services.faults.fulcio = 'down';
    await refusedAtSignIn(
      {},
      /certificate authority at .* did not certify your key \(it could not be reached\)/,
    );
    services.faults.fulcio = 'refuse';
    await refusedAtSignIn({}, /certificate authority at .* did not certify your key \(it answered 403\)/);
  });

  it('Rekor down or refusing', async () => {
    services.faults.rekor = 'down';
    await refusedAtSigning(/transparency log at .* did not record the signature \(it could not be reached\)/);
    services.faults.rekor = 'refuse';
    await refusedAtSigning(/transparency log at .* did not record the signature \(it answered 403\)/);
  });

  it('a timestamp authority that answers garbage', async () => {
    services.faults.tsa = 'garbage';
    await refusedAtSigning(
      /timestamp authority at .* (answered with something that is not a timestamp|did not timestamp)/,
    );
  });

  it("a clock far from the services' time", async () => {
    const hoursBehind = () => new Date(Date.now() - 2 * 3600_000);
    await refusedAtSignIn({ now: hoursBehind }, /clock .* is far from the time at/);
    const minutesAhead = () => new Date(Date.now() + 7 * 60_000);
    await refusedAtSigning(/clock .* is far from the time at/, await signIn({ now: minutesAhead }));
  });
});

describe('login and ambient tokens', () => {
  it('takes only the answer to its own request: a redirect with another state is refused', async () => {
    const token = await browserLogin({
      issuer: oidc.issuer,
      timeoutMs: 3000,
      open: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        redirect.searchParams.set('state', 'forged');
        redirect.searchParams.set('code', 'forged');
        const forged = await fetch(redirect);
        expect(forged.status).toBe(400);
        await browserOpens(url);
      },
    });
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).email).toBe(EMAIL);
  });

  it("takes GitHub Actions' token, asked for the sigstore audience with the job's request token", async () => {
    const { createServer } = await import('node:http');
    const asked: string[] = [];
    const actions = createServer((req, res) => {
      asked.push(
        `${req.headers.authorization} ${new URL(req.url!, 'http://x').searchParams.get('audience')}`,
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: oidc.mint() }));
    });
    await new Promise<void>((resolve) => actions.listen(0, '127.0.0.1', resolve));
    try {
      const port = (actions.address() as { port: number }).port;
      const session = await signIn({
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'job-request-token',
        },
        login: () => Promise.reject(new Error('the browser is not for CI')),
      });
      expect(session.identity).toBe(EMAIL);
      expect(asked).toEqual(['Bearer job-request-token sigstore']);
      session.forget();
    } finally {
      actions.close();
    }
  });
});

describe('signet sign --sigstore', () => {
  it('signs with CI ambient token, checks each bundle, and writes the release kit', async () => {
    const config = join(dir, 'cli-sign-config');
    const [path] = await files(1);
    const kit = join(dir, 'kit.txt');
    const args = ['sign', '--sigstore', '--signing-config', configPath, '--trusted-root', rootPath];
    const token = { SIGSTORE_ID_TOKEN: oidc.mint(), CI: 'true' };
    const refused = await signet([...args, path!], config, token);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      `You will sign as ${EMAIL} (vouched for by ${new URL(oidc.issuer).host}).`,
    );
    expect(refused.stderr).toContain('Add --yes');
    expect(existsSync(`${path}.sigstore.json`)).toBe(false);
    const r = await signet([...args, '--yes', '--kit', kit, path!], config, token);
    expect(r.stderr + r.stdout).toContain('The bundle was checked for alice@signet.test');
    expect(r.status).toBe(0);
    const text = await readFile(kit, 'utf8');
    const name = path!.split('/').pop()!;
    expect(text).toContain(
      `cosign verify-blob --bundle ${name}.sigstore.json --certificate-identity ${EMAIL} --certificate-oidc-issuer ${oidc.issuer} --trusted-root trusted_root.json ${name}`,
    );
    const verifyLine = text.split('\n').find((line) => line.startsWith('signet verify'))!;
    const verified = await signet(
      [
        ...verifyLine
          .split(' ')
          .slice(1)
          .map((w) => (w === name ? path! : w.endsWith('.json') ? join(dir, w) : w)),
        '--json',
      ],
      config,
    );
    expect(JSON.parse(verified.stdout).verdict).toBe('verified');
  });
});
