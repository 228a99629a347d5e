import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError, SignetError } from '../../electron/core/errors';
import type { CodeSigningKey } from '../../electron/core/formats/authenticode/code-signing-key';
import { readMsiBytes } from '../../electron/core/formats/authenticode/msi';
import { openPkcs12Key } from '../../electron/core/formats/authenticode/pkcs12-key';
import { signAuthenticodeFile } from '../../electron/core/formats/authenticode/sign-file';
import { readAuthenticode } from '../../electron/core/formats/authenticode/signed-data';
import { TimestampFailure } from '../../electron/core/formats/authenticode/timestamp-client';
import { readWinCertificates } from '../../electron/core/formats/authenticode/win-certificate';
import type { KnownContent } from '../../electron/core/hashing/known-content';
import { Keystore } from '../../electron/core/keystore/keystore';
import { keystoreDir } from '../../electron/core/keystore/location';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { formatDate } from '../../shared/dates';
import { buildMsi } from '../helpers/authenticode-msi';
import { osslsign } from '../helpers/authenticode-sign';
import { derOfPem, signetVerify } from '../helpers/authenticode-verdict';
import { type CodeSigningWorld, codeSigningWorld, issueWithDates, pfxOf } from '../helpers/code-signing-pfx';
import { tinyPe } from '../helpers/pe-writer';
import { startRfc3161Tsa } from '../helpers/rfc3161-tsa';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { CODE_SIGNING_EXTENSIONS, issue, selfSigned } from '../helpers/x509-ca';

/**
 * Signet signs PE files with a PKCS#12 key and a local RFC 3161 server; osslsigncode, sbverify and
 * Signet's own verifier must all accept the result, and every refusal must leave the file as it was.
 */
let dir: string;
let world: CodeSigningWorld;
let pfx: { modern: Buffer; legacy: Buffer };
let roots: Uint8Array[];
let tsaRoots: Uint8Array[];
const tsas: Record<string, Awaited<ReturnType<typeof startRfc3161Tsa>>> = {};
const PASSWORD = 'correct horse';

const key = (which: 'modern' | 'legacy' = 'modern') => openPkcs12Key(pfx[which], PASSWORD);

async function unsignedPe(name: string, format: 'PE32' | 'PE32+' = 'PE32+', overlay = 0): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, tinyPe({ format, codeSize: 5000, overlay }));
  return file;
}

async function osslVerify(file: string): Promise<{ ok: boolean; signatures: number; out: string }> {
  const result = await run('osslsigncode', [
    'verify',
    '-in',
    file,
    '-CAfile',
    world.root.cert,
    '-TSA-CAfile',
    world.tsaRoot.cert,
    '-ignore-crl',
  ]);
  const out = result.stdout + result.stderr;
  return {
    ok: result.status === 0 && /Succeeded/.test(out) && !/invalid PE checksum/.test(out),
    signatures: Number(/Number of verified signatures: (\d+)/.exec(out)?.[1] ?? 0),
    out,
  };
}

const sign = (file: string, options: Partial<Parameters<typeof signAuthenticodeFile>[1]> = {}) =>
  signAuthenticodeFile(file, {
    key: key(),
    timestampUrls: [],
    timestampRoots: tsaRoots,
    existing: 'refuse',
    timeoutMs: 1500,
    ...options,
  });

beforeAll(async () => {
  dir = await tempDir('signet-authenticode-sign-');
  world = await codeSigningWorld(dir);
  pfx = {
    modern: await readFile(await pfxOf(world.leaf, [world.root.cert], PASSWORD, join(dir, 'modern.pfx'))),
    legacy: await readFile(
      await pfxOf(world.leaf, [world.root.cert], PASSWORD, join(dir, 'legacy.pfx'), 'legacy'),
    ),
  };
  roots = [await derOfPem(world.root.cert)];
  tsaRoots = [await derOfPem(world.tsaRoot.cert)];
  for (const behaviour of ['good', 'garbage', 'other-digest', 'silent'] as const) {
    tsas[behaviour] = await startRfc3161Tsa(join(dir), world.tsa, [world.tsaRoot.cert], behaviour);
  }
});

afterAll(async () => {
  await Promise.all(Object.values(tsas).map((t) => t.close()));
});

describe('PKCS#12 keys', () => {
  it('opens modern (AES-256, PBKDF2) and legacy (3DES, RC2-40, SHA-1 MAC) files to the same key and chain', async () => {
    const modern = key('modern');
    const legacy = key('legacy');
    expect(modern.algorithm).toBe('rsa');
    expect(modern.chain).toHaveLength(2);
    expect(Buffer.from(legacy.chain[0]!)).toEqual(Buffer.from(modern.chain[0]!));
    const data = new TextEncoder().encode('attributes');
    expect(Buffer.from(await legacy.sign(data))).toEqual(Buffer.from(await modern.sign(data)));
  });

  it('tells a wrong password apart from a damaged file', () => {
    for (const which of ['modern', 'legacy'] as const) {
      expect(() => openPkcs12Key(pfx[which], 'wrong')).toThrow(
        expect.objectContaining({ kind: 'wrong-passphrase' }),
      );
    }
    const cut = pfx.modern.subarray(0, pfx.modern.length - 40);
    expect(() => openPkcs12Key(cut, PASSWORD)).toThrow(FormatError);
  });
});

describe('signing PE files', () => {
  it('signs PE32 and PE32+ with a timestamp that osslsigncode, sbverify and Signet accept', async () => {
    for (const format of ['PE32', 'PE32+'] as const) {
      const file = await unsignedPe(`stamped-${format}.efi`, format, 11);
      const signed = await sign(file, {
        timestampUrls: [tsas.good!.url],
        claims: { programName: 'Example Tool', url: 'https://example.com/tool' },
      });
      expect(signed.timestampUrl).toBe(tsas.good!.url);
      const ossl = await osslVerify(file);
      expect(ossl.out).toMatch(/Timestamp Server Signature verification: ok/);
      expect(ossl.ok, ossl.out).toBe(true);
      expect((await run('sbverify', ['--cert', world.root.cert, file])).status).toBe(0);
      const { verdict, answer } = await signetVerify(file, { roots: [...roots, ...tsaRoots] });
      expect(verdict).toBe('verified');
      const check = answer.kind === 'checked' ? answer.check : undefined;
      expect(check?.signedAtSource).toBe('timestamp');
      expect(check?.facts).toMatchObject({
        programName: 'Example Tool',
        moreInfoUrl: 'https://example.com/tool',
      });
    }
  });

  it('signs with an ECDSA key (the SignerInfo names ecdsa-with-SHA256), accepted by osslsigncode and Signet', async () => {
    const ecLeaf = await issue(dir, 'ec-leaf', '/CN=EC Publisher', world.root, CODE_SIGNING_EXTENSIONS, {
      key: 'ec',
    });
    const ecKey = openPkcs12Key(await readFile(await pfxOf(ecLeaf, [], 'pw', join(dir, 'ec.pfx'))), 'pw');
    expect(ecKey.algorithm).toBe('ecdsa');
    const file = await unsignedPe('ec.exe');
    await sign(file, { key: ecKey, timestampUrls: [tsas.good!.url] });
    expect((await osslVerify(file)).ok).toBe(true);
    expect((await signetVerify(file, { roots })).verdict).toBe('verified');
  });

  it('signs without a timestamp, and the digest it signs is the one osslsigncode signs', async () => {
    const file = await unsignedPe('plain.exe', 'PE32', 3);
    const copy = join(dir, 'plain-ossl.exe');
    await osslsign(file, copy, world.leaf);
    const signed = await sign(file);
    expect((await osslVerify(file)).ok).toBe(true);
    const table = readWinCertificates(tableOf(await readFile(copy)));
    const [theirs] = readAuthenticode(table[0]!);
    expect(Buffer.from(signed.sha256).toString('hex')).toBe(Buffer.from(theirs!.imageDigest).toString('hex'));
  });

  it('reads its copy back as it writes it: the digest it signs is the file’s, and the check after uses it only while the file is as signing left it', async () => {
    // 20 MiB and an odd length: the 16 MiB ring goes round, the last chunk is short, padding is added.
    const file = join(dir, 'large.exe');
    await writeFile(file, tinyPe({ format: 'PE32+', codeSize: 20 * 1024 * 1024 + 3, overlay: 5 }));
    const copy = join(dir, 'large-ossl.exe');
    await osslsign(file, copy, world.leaf);
    const signed = await sign(file);
    const ossl = await osslVerify(file);
    expect(ossl.ok, ossl.out).toBe(true);
    const [theirs] = readAuthenticode(readWinCertificates(tableOf(await readFile(copy)))[0]!);
    expect(Buffer.from(signed.sha256).toString('hex')).toBe(Buffer.from(theirs!.imageDigest).toString('hex'));
    const known = signed.known!;
    expect(known.snapshot.size).toBe((await stat(file)).size);
    const check = (knownContent: KnownContent) =>
      verifyArtifact(file, { caRoots: roots, sha256: false, knownContent });
    expect((await check(known)).verdict).toBe('verified');
    // A known digest that is wrong shows it is the one used while the file is unchanged...
    const wrong = structuredClone(known);
    wrong.result.ranged[0]![0]! ^= 1;
    expect((await check(wrong)).verdict).toBe('tampered');
    // ...and once anything has written to the file (here its own bytes again), it is read afresh.
    await writeFile(file, await readFile(file));
    expect((await check(wrong)).verdict).toBe('verified');
  });

  it('nests a second signature in an osslsigncode-signed file, and replaces one', async () => {
    const file = await unsignedPe('nest-src.exe');
    const theirs = join(dir, 'nest.exe');
    await osslsign(file, theirs, world.leaf);
    const nested = await sign(theirs, { existing: 'nest', timestampUrls: [tsas.good!.url] });
    expect(nested.previous).toBe('nested');
    const both = await osslVerify(theirs);
    expect(both.ok, both.out).toBe(true);
    expect(both.signatures).toBe(2);
    expect((await signetVerify(theirs, { roots })).verdict).toBe('verified');
    const replaced = await sign(theirs, { existing: 'replace' });
    expect(replaced.previous).toBe('replaced');
    const one = await osslVerify(theirs);
    expect(one.ok).toBe(true);
    expect(one.signatures).toBe(1);
  });

  it('tries the next server when one fails, and refuses when every one fails', async () => {
    const file = await unsignedPe('fallback.exe');
    const signed = await sign(file, { timestampUrls: [tsas.garbage!.url, tsas.good!.url] });
    expect(signed.timestampUrl).toBe(tsas.good!.url);

    const untouched = await unsignedPe('all-fail.exe');
    const before = await fileHash(untouched);
    const failing = [tsas.garbage!.url, tsas['other-digest']!.url, tsas.silent!.url, 'http://127.0.0.1:9/'];
    const error = await sign(untouched, { timestampUrls: failing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimestampFailure);
    const reasons = (error as TimestampFailure).failures.map((f) => f.reason);
    expect(reasons).toHaveLength(4);
    expect(reasons[1]).toMatch(/stamped something other/);
    expect(reasons[2]).toMatch(/did not answer in time/);
    expect(reasons[3]).toMatch(/could not be reached/);
    expect(await fileHash(untouched)).toBe(before);
    await expectNoTempFiles();
  });

  it('refuses a TSA whose chain is not trusted', async () => {
    const file = await unsignedPe('untrusted-tsa.exe');
    await expect(sign(file, { timestampUrls: [tsas.good!.url], timestampRoots: roots })).rejects.toThrow(
      /cannot be trusted/,
    );
  });
});

/**
 * The digest signing read back from the package it wrote answers the check of that package (its
 * plan, from the structure the check reads there, is the one signing hashed): a wrong one shows
 * it is used, until anything writes to the file.
 */
async function expectKnownContentUsed(file: string, known: KnownContent, caRoots: Uint8Array[]) {
  expect(known.snapshot.size).toBe((await stat(file)).size);
  const check = (knownContent: KnownContent) =>
    verifyArtifact(file, { caRoots, sha256: false, knownContent });
  expect((await check(known)).verdict).toBe('verified');
  const wrong = structuredClone(known);
  wrong.result.scattered![0]![0]! ^= 1;
  expect((await check(wrong)).verdict).toBe('tampered');
  await writeFile(file, await readFile(file));
  expect((await check(wrong)).verdict).toBe('verified');
}

describe('signing MSI packages', () => {
  it('signs a wixl package with a timestamp; nests into and replaces an osslsigncode signature; osslsigncode and Signet accept each', async () => {
    const msi = await buildMsi(dir, 'setup');
    const signed = await sign(msi, { timestampUrls: [tsas.good!.url], claims: { programName: 'Setup' } });
    expect(signed.timestampUrl).toBe(tsas.good!.url);
    expect((await osslVerify(msi)).ok).toBe(true);
    expect((await signetVerify(msi, { roots: [...roots, ...tsaRoots] })).verdict).toBe('verified');

    const withList = await buildMsi(dir, 'with-list');
    const listSigned = await sign(withList, { msiEx: true });
    await expectKnownContentUsed(withList, listSigned.known!, roots);
    const listed = await osslVerify(withList);
    expect(listed.ok).toBe(true);
    expect(listed.out).toMatch(/Current MsiDigitalSignatureEx\s*: ([0-9A-F]{64})/);
    expect((await signetVerify(withList, { roots })).verdict).toBe('verified');

    const theirs = join(dir, 'theirs.msi');
    await osslsign(await buildMsi(dir, 'other'), theirs, world.leaf, { msiEx: true });
    expect((await sign(theirs, { existing: 'nest' })).previous).toBe('nested');
    const both = await osslVerify(theirs);
    expect(both.ok, both.out).toBe(true);
    expect(both.signatures).toBe(2);
    expect((await signetVerify(theirs, { roots })).verdict).toBe('verified');
    expect((await sign(theirs, { existing: 'replace' })).previous).toBe('replaced');
    const one = await osslVerify(theirs);
    expect(one.ok, one.out).toBe(true);
    expect(one.signatures).toBe(1);
  });

  it('signs a package past 8 MiB: its digest hashed on a worker while its streams are copied, the same digest osslsigncode signs', async () => {
    const msi = await buildMsi(dir, 'large-setup', randomBytes(9 * 1024 * 1024));
    const theirs = join(dir, 'large-setup-ossl.msi');
    await osslsign(msi, theirs, world.leaf, { msiEx: true });
    const signed = await sign(msi, { timestampUrls: [tsas.good!.url], msiEx: true });
    const ossl = await osslVerify(msi);
    expect(ossl.ok, ossl.out).toBe(true);
    expect((await signetVerify(msi, { roots: [...roots, ...tsaRoots] })).verdict).toBe('verified');
    const [their] = readAuthenticode(readMsiBytes(await readFile(theirs)).signature!);
    expect(Buffer.from(signed.sha256).toString('hex')).toBe(Buffer.from(their!.imageDigest).toString('hex'));
    await expectKnownContentUsed(msi, signed.known!, [...roots, ...tsaRoots]);
  });
});

describe('refusals leave the file as it was', () => {
  async function refused(file: string, options: Parameters<typeof sign>[1], pattern: RegExp) {
    const before = await fileHash(file);
    const error = await sign(file, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignetError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toMatch(/\n/);
    expect(await fileHash(file)).toBe(before);
  }

  it('refuses what is not a program, a cut-short one, and data after the signature table', async () => {
    const text = join(dir, 'readme.txt');
    await writeFile(text, 'not a program at all, just words'.repeat(10));
    await refused(text, {}, /neither a Windows program/);
    const full = tinyPe();
    const cut = join(dir, 'cut.exe');
    await writeFile(cut, full.subarray(0, 0x300));
    await refused(cut, {}, /not a valid Windows program/);
    const signedFile = await unsignedPe('trailing.exe');
    await sign(signedFile);
    await writeFile(signedFile, Buffer.concat([await readFile(signedFile), Buffer.from('appended')]));
    await refused(signedFile, { existing: 'replace' }, /data after its signature table/);
  });

  it('refuses an already-signed file unless told to replace or nest', async () => {
    const file = await unsignedPe('twice.exe');
    await sign(file);
    await refused(file, {}, /already signed/);
  });

  it('refuses a certificate without code signing, an expired one, and a key that does not match', async () => {
    const noEku = await issue(
      dir,
      'no-eku',
      '/CN=Not Code Signing',
      world.root,
      ['basicConstraints=CA:false', 'extendedKeyUsage=serverAuth'],
      { key: 'ec' },
    );
    const noEkuKey = openPkcs12Key(
      await readFile(await pfxOf(noEku, [], 'pw', join(dir, 'no-eku.pfx'))),
      'pw',
    );
    await refused(await unsignedPe('no-eku.exe'), { key: noEkuKey }, /not for code signing/);

    const expired = await issueWithDates(
      dir,
      'expired',
      '/CN=Expired Publisher',
      world.root,
      ['basicConstraints=CA:false', 'extendedKeyUsage=codeSigning'],
      '20200101000000Z',
      '20210101000000Z',
    );
    const expiredKey = openPkcs12Key(
      await readFile(await pfxOf(expired, [], 'pw', join(dir, 'expired.pfx'))),
      'pw',
    );
    await refused(
      await unsignedPe('expired.exe'),
      { key: expiredKey },
      new RegExp(`expired on ${formatDate('2021-01-01T00:00:00Z')}\\.`),
    );

    const other = await selfSigned(dir, 'other', '/CN=Other', {
      extensions: ['extendedKeyUsage=codeSigning'],
    });
    const otherKey = openPkcs12Key(
      await readFile(await pfxOf(other, [], 'pw', join(dir, 'other.pfx'))),
      'pw',
    );
    const good = key();
    const mismatched: CodeSigningKey = {
      ...good,
      sign: (data) => otherKey.sign(data),
      close: async () => {},
    };
    await refused(await unsignedPe('mismatch.exe'), { key: mismatched }, /does not match the certificate/);
    await expectNoTempFiles();
  });
});

describe('signet key import and signet sign', () => {
  it('imports a .pfx, signs with a timestamp, refuses a signed file without --replace or --nest', async () => {
    const config = join(dir, 'cli-config');
    const env = { SIGNET_PASSPHRASE: PASSWORD };
    const pfxFile = join(dir, 'legacy.pfx');
    const wrong = await signet(['key', 'import', pfxFile], config, { SIGNET_PASSPHRASE: 'nope' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/password for the certificate file is wrong/);
    const imported = await signet(['key', 'import', pfxFile, '--name', 'Release cert'], config, env);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Thumbprint \(SHA-256\): [0-9A-F]{64}/);

    const roots = join(dir, 'cli-roots.pem');
    await writeFile(
      roots,
      (await readFile(world.root.cert, 'latin1')) + (await readFile(world.tsaRoot.cert, 'latin1')),
    );
    const file = await unsignedPe('cli.exe');
    const signedRun = await signet(
      [
        'sign',
        '--key',
        'Release cert',
        '--timestamp',
        tsas.garbage!.url,
        '--timestamp',
        tsas.good!.url,
        '--description',
        'CLI Tool',
        '--ca-roots',
        roots,
        file,
      ],
      config,
      env,
    );
    expect(signedRun.status, signedRun.stderr).toBe(0);
    expect(signedRun.stdout).toMatch(/Verified/);
    expect((await osslVerify(file)).ok).toBe(true);

    const before = await fileHash(file);
    const again = await signet(['sign', '--key', 'Release cert', file], config, env);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already signed: add --replace .* or --nest/);
    expect(await fileHash(file)).toBe(before);

    const plain = await unsignedPe('cli-plain.exe');
    const untimed = await signet(['sign', '--key', 'Release cert', plain], config, env);
    expect(untimed.status, untimed.stderr).toBe(0);
    // In the app's words and date, as the Sign screen says it: "… expires on 7 Dec 2027."
    const [info] = await new Keystore(keystoreDir(config)).list();
    expect(untimed.stderr).toContain(
      `This signature stops being valid when the certificate expires on ${formatDate(info!.expiresAt!)}.`,
    );
  });
});

describe('fuzzing the PE writer', () => {
  it('signs or refuses with a sentence any damaged header, and what it signs verifies', async () => {
    const base = tinyPe({ format: 'PE32', codeSize: 600 });
    const file = join(dir, 'fuzz.exe');
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const fuzzKey = key();
    let signedCount = 0;
    for (let round = 0; round < 40; round++) {
      const bytes = Buffer.from(base);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        bytes[Math.floor(random() * 0x200)] = Math.floor(random() * 256);
      }
      const cut = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      await writeFile(file, cut);
      const before = await fileHash(file);
      try {
        await sign(file, { key: fuzzKey });
        signedCount++;
        expect((await signetVerify(file, { roots })).verdict).not.toBe('tampered');
      } catch (error) {
        expect(error).toBeInstanceOf(SignetError);
        expect(await fileHash(file)).toBe(before);
      }
    }
    expect(signedCount).toBeGreaterThan(0);
    await expectNoTempFiles();
  });
});

function tableOf(bytes: Buffer): Buffer {
  const opt = bytes.readUInt32LE(0x3c) + 24;
  const dirs = bytes.readUInt16LE(opt) === 0x20b ? 112 : 96;
  const offset = bytes.readUInt32LE(opt + dirs + 32);
  return bytes.subarray(offset, offset + bytes.readUInt32LE(opt + dirs + 36));
}

async function fileHash(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

async function expectNoTempFiles(): Promise<void> {
  expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
}
