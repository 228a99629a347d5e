import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encryptKey, enums, generateKey, readPrivateKey, revokeKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import {
  createOpenPgpKey,
  openImportedKey,
  readOpenPgpSecretKey,
} from '../../electron/core/formats/openpgp-keys';
import { signingFormatForKey } from '../../electron/core/formats/signing-formats';
import type { KeyInfo } from '../../electron/core/keystore/key-info';
import { recheckSignatures } from '../../electron/core/sign/recheck-signatures';
import { releaseStyleOf, runSignJob, type SignJobResult } from '../../electron/core/sign/sign-job';
import { type GpgHome, makeGpgHome, statusTokens } from '../helpers/gpg';
import { run } from '../helpers/run';

// Every output of the OpenPGP release styles (detached armored and binary signatures, clearsigned
// and detached lists), for keys Signet created (Ed25519, RSA 4096) and keys gpg --quick-gen-key made
// (RSA 3072, Ed25519, a separate signing subkey, --export-secret-subkeys) and Signet imported, judged
// by the real gpg, gpgv and sqv and by sha512sum/sha256sum; one changed byte and all of them refuse.

let h: GpgHome;
const path = (name: string) => join(h.dir, name);
const FILES = ['release-1.0.tar.gz', 'release 1.0.zip'];

interface Signer {
  label: string;
  info: KeyInfo;
  keyFile: Uint8Array;
  passphrase: string;
}
const signers: Signer[] = [];

const infoOf = (record: Omit<KeyInfo, 'createdAt' | 'name'>, name: string): KeyInfo => ({
  ...record,
  name,
  createdAt: new Date().toISOString(),
});

async function gpgExport(fpr: string, how: string, passphrase = ''): Promise<Uint8Array> {
  const out = path(`export-${fpr}${how}`);
  const r = await run(
    'gpg',
    [
      '--batch',
      '--yes',
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      passphrase,
      '--armor',
      '--output',
      out,
      how,
      fpr,
    ],
    { env: { GNUPGHOME: h.dir } },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return new Uint8Array(await readFile(out));
}

async function imported(label: string, bytes: Uint8Array, passphrase?: string): Promise<Signer> {
  const file = await readOpenPgpSecretKey(bytes);
  // An unprotected export gets a new passphrase; a protected one keeps its own.
  const opened = await openImportedKey(file, passphrase, passphrase ? undefined : 'new passphrase');
  return {
    label,
    info: infoOf(opened.record, label),
    keyFile: new Uint8Array(Buffer.from(opened.keyFile)),
    passphrase: passphrase ?? 'new passphrase',
  };
}

beforeAll(async () => {
  h = await makeGpgHome();
  // RSA 4096 made by openpgp.js takes seconds; RSA is covered by gpg's RSA 3072 key, imported.
  const ed = await createOpenPgpKey({ name: 'Release Bot', email: 'rb@example.org', passphrase: 'pw' });
  signers.push({
    label: 'created Ed25519',
    info: infoOf(ed.record, 'created'),
    keyFile: new Uint8Array(Buffer.from(ed.keyFile)),
    passphrase: 'pw',
  });
  const gpgRsa = await h.genKey('RSA Release <rsa@example.org>', 'rsa2048', 'sign', '2y');
  // gpg-agent takes seconds to protect a new key with a passphrase, so gpg's keys are exported
  // unprotected (and given one on import); protected keys are Signet's own (iterated and salted
  // S2K, as gpg's) and an Argon2 one below.
  const gpgEd = await h.genKey('Ed Release <ed@example.org>', 'ed25519', 'sign', '2y');
  const withSub = await h.genKey('Sub Release <sub@example.org>', 'ed25519', 'cert', '2y');
  await h.addKey(withSub, 'ed25519', 'sign', '2y');
  signers.push(await imported('gpg RSA 2048', await gpgExport(gpgRsa, '--export-secret-keys')));
  signers.push(await imported('gpg Ed25519', await gpgExport(gpgEd, '--export-secret-keys')));
  signers.push(await imported('gpg signing subkey', await gpgExport(withSub, '--export-secret-keys')));
  signers.push(
    await imported('gpg --export-secret-subkeys', await gpgExport(withSub, '--export-secret-subkeys')),
  );
  await writeFile(path(FILES[0] as string), 'release tarball\n'.repeat(4000));
  await writeFile(path(FILES[1] as string), Buffer.alloc(3000, 7));
}, 60_000);

afterAll(() => h?.close());

async function signIn(signer: Signer, styleName: string, folder: string): Promise<SignJobResult> {
  await mkdir(folder, { recursive: true });
  for (const name of FILES) await writeFile(join(folder, name), await readFile(path(name)));
  const { format, side } = await signingFormatForKey(signer.info.kind);
  const secret = await side.openStoredKey!({ info: signer.info, keyFile: signer.keyFile }, signer.passphrase);
  const style = await releaseStyleOf(format, styleName);
  const result = await runSignJob({
    files: FILES.map((name) => join(folder, name)),
    format,
    ...(style ? { style } : {}),
    key: {
      secret,
      publicKey: signer.info.publicKey,
      keyId: signer.info.keyId,
      fingerprint: signer.info.fingerprint!,
      forget: () => void side.forgetKey?.(secret),
    },
    overwrite: () => false,
    skip: () => false,
    activityDir: join(folder, '.activity'),
    now: () => new Date(),
    report: {},
  });
  await writeFile(join(folder, 'KEY.asc'), signer.info.publicKey);
  await run('sh', ['-c', 'gpg --batch --dearmor < KEY.asc > KEY.gpg'], { cwd: folder });
  return result;
}

type Tool = 'gpg' | 'gpgv' | 'sqv';

/** Which tools accept `sig` (over `data` when detached), from their status tokens or exit code. */
async function accepted(
  folder: string,
  sig: string,
  data: string | undefined,
  tools: Tool[],
): Promise<Tool[]> {
  const ok: Tool[] = [];
  for (const tool of tools) {
    const keyring = join(folder, 'KEY.gpg');
    const args =
      tool === 'gpg'
        ? [
            '--batch',
            '--status-fd',
            '1',
            '--no-default-keyring',
            '--keyring',
            keyring,
            '--verify',
            sig,
            ...(data ? [data] : []),
          ]
        : tool === 'gpgv'
          ? ['--status-fd', '1', '--keyring', keyring, sig, ...(data ? [data] : [])]
          : ['--keyring', keyring, sig, data as string];
    const r = await run(tool, args, { cwd: folder, env: { GNUPGHOME: h.dir } });
    if (r.status === 0 && (tool === 'sqv' || statusTokens(r.stdout).includes('VALIDSIG'))) ok.push(tool);
  }
  return ok;
}

const ALL: Tool[] = ['gpg', 'gpgv', 'sqv'];

describe('every output of every style, for every kind of key, is accepted by gpg, gpgv and sqv', () => {
  it('apache: FILE.asc (armored, detached) and FILE.sha512', async () => {
    for (const [i, signer] of signers.slice(0, 2).entries()) {
      const folder = path(`apache-${i}`);
      const result = await signIn(signer, 'apache', folder);
      expect(result.recheck, signer.label).toEqual({ checked: 2, failed: [] });
      for (const name of FILES) {
        expect(await accepted(folder, `${name}.asc`, name, ALL), signer.label).toEqual(ALL);
        expect(
          (await readFile(join(folder, `${name}.asc`), 'utf8')).startsWith('-----BEGIN PGP SIGNATURE-----\n'),
        ).toBe(true);
      }
      const sums = await run('sha512sum', ['-c', ...FILES.map((n) => `${n}.sha512`)], { cwd: folder });
      expect(sums.status, sums.stderr).toBe(0);
    }
  });

  it('node: SHASUMS256.txt clearsigned (.asc) and detached binary (.sig)', async () => {
    for (const [i, signer] of signers.slice(0, 2).entries()) {
      const folder = path(`node-${i}`);
      const result = await signIn(signer, 'node', folder);
      expect(result.recheck, signer.label).toEqual({ checked: 2, failed: [] });
      // sqv reads detached signatures only; the clearsigned text goes to gpg and gpgv.
      expect(await accepted(folder, 'SHASUMS256.txt.asc', undefined, ['gpg', 'gpgv']), signer.label).toEqual([
        'gpg',
        'gpgv',
      ]);
      expect(await accepted(folder, 'SHASUMS256.txt.sig', 'SHASUMS256.txt', ALL), signer.label).toEqual(ALL);
      expect((await run('sha256sum', ['-c', 'SHASUMS256.txt'], { cwd: folder })).status).toBe(0);
      const clear = await readFile(join(folder, 'SHASUMS256.txt.asc'), 'utf8');
      expect(clear).toMatch(
        /^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n[0-9a-f]{64} {2}release-1\.0\.tar\.gz\n/,
      );
    }
  });

  it('debian: SHA256SUMS and SHA256SUMS.gpg (binary, detached)', async () => {
    for (const [i, signer] of signers.slice(0, 2).entries()) {
      const folder = path(`debian-${i}`);
      const result = await signIn(signer, 'debian', folder);
      expect(result.recheck, signer.label).toEqual({ checked: 1, failed: [] });
      expect(await accepted(folder, 'SHA256SUMS.gpg', 'SHA256SUMS', ALL), signer.label).toEqual(ALL);
      expect((await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder })).status).toBe(0);
    }
    // Debian's CD images publish an armored SHA256SUMS.sign instead.
    const folder = path('debian-sign');
    await signIn(signers[1] as Signer, 'debian-sign', folder);
    expect(await accepted(folder, 'SHA256SUMS.sign', 'SHA256SUMS', ALL)).toEqual(ALL);
  });

  it('keys gpg made (Ed25519, a signing subkey, --export-secret-subkeys) sign as gpg does', async () => {
    for (const [i, signer] of signers.slice(2).entries()) {
      const folder = path(`imported-${i}`);
      const result = await signIn(signer, 'node', folder);
      expect(result.recheck, signer.label).toEqual({ checked: 2, failed: [] });
      expect(await accepted(folder, 'SHASUMS256.txt.asc', undefined, ['gpgv']), signer.label).toEqual([
        'gpgv',
      ]);
      expect(await accepted(folder, 'SHASUMS256.txt.sig', 'SHASUMS256.txt', ['sqv']), signer.label).toEqual([
        'sqv',
      ]);
    }
  });

  it('the activity log records the format, the fingerprint and each output', async () => {
    const log = (await readFile(path('node-0/.activity/activity.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.map((e) => e.output.split('/').pop())).toEqual(['SHASUMS256.txt.asc', 'SHASUMS256.txt.sig']);
    expect(log[0]).toMatchObject({
      format: 'openpgp',
      fingerprint: signers[0]?.info.fingerprint,
      keyId: signers[0]?.info.keyId,
    });
  });
});

describe('one changed byte: gpg, gpgv, sqv, the checksum tools and Signet all refuse', () => {
  const flip = async (file: string) => {
    const bytes = await readFile(file);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    await writeFile(file, bytes);
  };
  const signetRefuses = async (publicKey: string, file: string, signatureFile: string) =>
    (await recheckSignatures(publicKey, [{ file, signatureFile }], { format: 'openpgp' })).failed.length;

  it('in a signed file (apache) and in a signed list (node, debian)', async () => {
    const signer = signers[1] as Signer; // RSA: the Ed25519 key is covered by the others' rows
    const apache = path('apache-1');
    await flip(join(apache, FILES[0] as string));
    expect(await accepted(apache, `${FILES[0]}.asc`, FILES[0], ALL)).toEqual([]);
    expect((await run('sha512sum', ['-c', `${FILES[0]}.sha512`], { cwd: apache })).status).not.toBe(0);
    expect(
      await signetRefuses(
        signer.info.publicKey,
        join(apache, FILES[0] as string),
        join(apache, `${FILES[0]}.asc`),
      ),
    ).toBe(1);

    const node = path('node-1');
    const list = join(node, 'SHASUMS256.txt');
    await writeFile(
      list,
      (await readFile(list, 'utf8')).replace(/^./, (c) => (c === '0' ? '1' : '0')),
    );
    expect(await accepted(node, 'SHASUMS256.txt.sig', 'SHASUMS256.txt', ALL)).toEqual([]);
    expect((await run('sha256sum', ['-c', 'SHASUMS256.txt'], { cwd: node })).status).not.toBe(0);
    expect(await signetRefuses(signer.info.publicKey, list, `${list}.sig`)).toBe(1);
    const clear = join(node, 'SHASUMS256.txt.asc');
    await writeFile(
      clear,
      (await readFile(clear, 'utf8')).replace(/\n([0-9a-f])/, (_m, c) => `\n${c === 'a' ? 'b' : 'a'}`),
    );
    expect(await accepted(node, 'SHASUMS256.txt.asc', undefined, ['gpg', 'gpgv'])).toEqual([]);
    expect(await signetRefuses(signer.info.publicKey, list, clear)).toBe(1);

    const debian = path('debian-1');
    await flip(join(debian, 'SHA256SUMS.gpg'));
    expect(await accepted(debian, 'SHA256SUMS.gpg', 'SHA256SUMS', ALL)).toEqual([]);
    expect(
      await signetRefuses(signer.info.publicKey, join(debian, 'SHA256SUMS'), join(debian, 'SHA256SUMS.gpg')),
    ).toBe(1);
  });
});

describe('what a signing job refuses, leaving nothing behind', () => {
  it('a wrong passphrase opens nothing', async () => {
    const signer = signers[0] as Signer;
    const { side } = await signingFormatForKey('openpgp');
    await expect(
      side.openStoredKey!({ info: signer.info, keyFile: signer.keyFile }, 'wrong'),
    ).rejects.toMatchObject({
      kind: 'wrong-passphrase',
    });
  });

  it('an existing output is not replaced unless the person said so', async () => {
    const folder = path('debian-0');
    const before = await readFile(join(folder, 'SHA256SUMS.gpg'));
    await expect(signIn(signers[0] as Signer, 'debian', folder)).rejects.toMatchObject({ kind: 'exists' });
    expect(await readFile(join(folder, 'SHA256SUMS.gpg'))).toEqual(before);
    const apache = await signIn(signers[0] as Signer, 'apache', path('apache-0'));
    expect(apache.outcomes.every((o) => 'error' in o && (o.error as SignetError).kind === 'exists')).toBe(
      true,
    );
    expect((await readdir(path('apache-0'))).filter((n) => n.includes('tmp'))).toEqual([]);
  });
});

describe('importing a secret key: refused with a sentence, nothing opened', () => {
  const refusal = async (bytes: Uint8Array) => {
    try {
      await readOpenPgpSecretKey(bytes);
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(SignetError);
      return (error as Error).message;
    }
  };

  it('a public key, an expired or revoked key, no signing key, RSA under 2048, SHA-1 only, damaged, too large', async () => {
    const now = new Date();
    const pub = new TextEncoder().encode(signers[0]?.info.publicKey);
    expect(await refusal(pub)).toMatch(/public key, not a secret key/);

    const old = await createOpenPgpKey({
      name: 'Old',
      email: 'old@example.org',
      passphrase: 'pw',
      expiresInSeconds: 86400,
      now: new Date(now.getTime() - 3 * 86400_000),
    });
    expect(await refusal(new TextEncoder().encode(old.keyFile))).toMatch(/expired on/);

    const live = await readPrivateKey({
      armoredKey: (
        await generateKey({
          type: 'ecc',
          curve: 'ed25519Legacy',
          userIDs: [{ name: 'R', email: 'r@example.org' }],
          format: 'armored',
          subkeys: [],
        })
      ).privateKey,
    });
    const revoked = await revokeKey({ key: live, format: 'armored' });
    expect(await refusal(new TextEncoder().encode(revoked.privateKey))).toMatch(/revoked/);

    const certOnly = await h.genKey('Cert Only <c@example.org>', 'ed25519', 'cert', '2y');
    expect(await refusal(await gpgExport(certOnly, '--export-secret-keys'))).toMatch(/no key that may sign/);
    const weak = await h.genKey('Weak <w@example.org>', 'rsa1024', 'sign', '2y');
    expect(await refusal(await gpgExport(weak, '--export-secret-keys'))).toMatch(/1024 bits/);
    const sha1 = await run(
      'gpg',
      [
        '--batch',
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        '',
        '--cert-digest-algo',
        'SHA1',
        '--quick-gen-key',
        'Sha One <s@example.org>',
        'rsa2048',
        'sign',
        '2y',
      ],
      { env: { GNUPGHOME: h.dir } },
    );
    expect(sha1.status, sha1.stderr).toBe(0);
    expect(await refusal(await gpgExport('s@example.org', '--export-secret-keys'))).toMatch(/SHA-1/);

    const good = await gpgExport(certOnly, '--export-secret-keys');
    expect(await refusal(good.subarray(0, good.length / 2))).toMatch(/damaged|truncated/);
    expect(await refusal(new Uint8Array(70 * 1024).fill(0x41))).toMatch(/larger than/);
  });

  it('a wrong passphrase, an unknown S2K; Argon2 protection opens', async () => {
    const read = await readOpenPgpSecretKey(signers[0]?.keyFile as Uint8Array);
    expect(read.encrypted).toBe(true);
    await expect(openImportedKey(read, 'not it', undefined)).rejects.toMatchObject({
      kind: 'wrong-passphrase',
    });

    const argon = await encryptKey({
      privateKey: (
        await generateKey({
          type: 'ecc',
          curve: 'ed25519Legacy',
          userIDs: [{ name: 'A', email: 'a@example.org' }],
          format: 'object',
          subkeys: [],
        })
      ).privateKey,
      passphrase: 'argon pass',
      config: {
        aeadProtect: true,
        s2kType: enums.s2k.argon2,
        s2kArgon2Params: { passes: 1, parallelism: 1, memoryExponent: 10 },
      },
    });
    const argonRead = await readOpenPgpSecretKey(argon.write());
    const opened = await openImportedKey(argonRead, 'argon pass', undefined);
    expect(opened.record.fingerprint).toBe(argon.getFingerprint().toUpperCase());

    // The S2K specifier's type octet (iterated and salted, 3, after usage 254 and AES-256) made unknown.
    const created = await readPrivateKey({
      armoredKey: Buffer.from(signers[0]?.keyFile as Uint8Array)
        .toString('utf8')
        .split('\n\n-----BEGIN PGP PUBLIC')[0] as string,
    });
    const unknown = new Uint8Array(created.write());
    const at = unknown.findIndex(
      (b, i) =>
        b === enums.s2k.iterated && unknown[i - 1] === enums.symmetric.aes256 && unknown[i - 2] === 254,
    );
    expect(at).toBeGreaterThan(0);
    unknown[at] = 0x65;
    const outcome = await readOpenPgpSecretKey(unknown)
      .then((r) => openImportedKey(r, 'pw', undefined).then(() => 'opened'))
      .catch((e: Error) => e.message);
    expect(outcome).toMatch(/damaged|protection Signet does not read/);
  });
});
