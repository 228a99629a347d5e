import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ed25519Sign, generateEd25519KeyPair } from '../../electron/core/crypto/ed25519';
import { FormatError } from '../../electron/core/errors';
import {
  findAllowedSigner,
  parseAllowedSigners,
  parseAllowedSignersFile,
} from '../../electron/core/formats/sshsig/allowed-signers';
import { armorSshSignature } from '../../electron/core/formats/sshsig/armor';
import { sshFingerprint } from '../../electron/core/formats/sshsig/fingerprint';
import {
  formatSshPublicKeyLine,
  parseSshPublicKeyLine,
} from '../../electron/core/formats/sshsig/public-key-line';
import {
  encodeSshSignatureBlob,
  parseSshSignature,
  type SshHashAlgorithm,
} from '../../electron/core/formats/sshsig/signature';
import {
  sshMessageDigest,
  sshSignedData,
  verifySshSignature,
} from '../../electron/core/formats/sshsig/verify';

const SSH_KEYGEN = '/usr/bin/ssh-keygen';

let dir: string;
const file = (name: string) => path.join(dir, name);
const readText = (name: string) => readFileSync(file(name), 'utf8');

/** Runs ssh-keygen in the test folder; a missing binary fails the test (spawn error), never skips it. */
function sshKeygen(args: string[], options: { input?: Buffer; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(SSH_KEYGEN, args, {
    cwd: dir,
    input: options.input ?? Buffer.alloc(0),
    env: { ...process.env, ...options.env },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

function sshKeygenOk(args: string[], input?: Buffer): string {
  const result = sshKeygen(args, { input });
  if (result.status !== 0) throw new Error(`ssh-keygen ${args.join(' ')} failed: ${result.output}`);
  return result.output;
}

function makeKey(name: string, type = 'ed25519') {
  sshKeygenOk(['-q', '-t', type, '-N', '', '-C', `${name}@example.com`, '-f', name]);
}

/** Signs with ssh-keygen -Y sign; returns the signature text. */
function sshSign(key: string, target: string, namespace: string, hashalg?: SshHashAlgorithm): string {
  rmSync(file(`${target}.sig`), { force: true });
  sshKeygenOk([
    '-Y',
    'sign',
    '-f',
    key,
    '-n',
    namespace,
    ...(hashalg ? ['-O', `hashalg=${hashalg}`] : []),
    target,
  ]);
  return readText(`${target}.sig`);
}

/** ssh-keygen -Y verify's answer for a message and signature text. */
function sshVerify(
  allowedSigners: string,
  principal: string,
  namespace: string,
  sigText: string,
  message: Buffer,
  extra: string[] = [],
  env?: NodeJS.ProcessEnv,
) {
  writeFileSync(file('check_signers'), allowedSigners);
  writeFileSync(file('check.sig'), sigText);
  return sshKeygen(
    ['-Y', 'verify', '-f', 'check_signers', '-I', principal, '-n', namespace, '-s', 'check.sig', ...extra],
    {
      input: message,
      env,
    },
  );
}

function signetVerify(sigText: string, message: Buffer, namespace: string) {
  const sig = parseSshSignature(sigText);
  return verifySshSignature(sig, sshMessageDigest(sig.hashAlgorithm, message), namespace);
}

const publicKeyOf = (name: string) => parseSshPublicKeyLine(readText(`${name}.pub`)).publicKey;
const keyLine = (name: string) => readText(`${name}.pub`).trim();

/** Set when setup failed (say, a tool is missing): every test then fails, none is skipped. */
let setupError: unknown;

beforeAll(() => {
  try {
    expect(existsSync(SSH_KEYGEN), `${SSH_KEYGEN} must be installed for the interop tests`).toBe(true);
    dir = mkdtempSync(path.join(tmpdir(), 'signet-sshsig-'));
    makeKey('alice');
    makeKey('mallory');
    writeFileSync(file('artifact.tar'), randomBytes(256 * 1024));
  } catch (error) {
    setupError = error;
  }
});

beforeEach(() => {
  if (setupError) throw setupError;
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ssh-keygen -Y sign, verified by Signet', () => {
  it('verifies a default (sha512) signature in namespace "file" against allowed_signers', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const message = readFileSync(file('artifact.tar'));
    expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
    expect(parseSshSignature(sigText).hashAlgorithm).toBe('sha512');
    const signers = parseAllowedSigners(`alice@example.com namespaces="file" ${keyLine('alice')}\n`);
    const found = findAllowedSigner(signers, parseSshSignature(sigText).publicKey, 'file', new Date());
    expect(found.signer?.principals).toEqual(['alice@example.com']);
    // And ssh-keygen agrees with the same file and signers.
    expect(
      sshVerify(
        `alice@example.com namespaces="file" ${keyLine('alice')}\n`,
        'alice@example.com',
        'file',
        sigText,
        message,
      ).status,
    ).toBe(0);
  });

  it('verifies a sha256 signature (-O hashalg=sha256)', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file', 'sha256');
    expect(parseSshSignature(sigText).hashAlgorithm).toBe('sha256');
    expect(signetVerify(sigText, readFileSync(file('artifact.tar')), 'file')).toEqual({ ok: true });
  });

  it('another namespace is wrong-namespace for Signet and refused by ssh-keygen', () => {
    const message = readFileSync(file('artifact.tar'));
    const fileSig = sshSign('alice', 'artifact.tar', 'file');
    expect(signetVerify(fileSig, message, 'email')).toEqual({ ok: false, problem: 'wrong-namespace' });
    expect(
      sshVerify(`alice@example.com ${keyLine('alice')}\n`, 'alice@example.com', 'email', fileSig, message)
        .status,
    ).not.toBe(0);
    const emailSig = sshSign('alice', 'artifact.tar', 'email');
    expect(signetVerify(emailSig, message, 'file')).toEqual({ ok: false, problem: 'wrong-namespace' });
    expect(
      sshVerify(`alice@example.com ${keyLine('alice')}\n`, 'alice@example.com', 'file', emailSig, message)
        .status,
    ).not.toBe(0);
  });

  it('a changed file is bad-signature for Signet and refused by ssh-keygen', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const changed = Buffer.from(readFileSync(file('artifact.tar')));
    changed.writeUInt8(changed.readUInt8(1000) ^ 1, 1000);
    expect(signetVerify(sigText, changed, 'file')).toEqual({ ok: false, problem: 'bad-signature' });
    expect(
      sshVerify(`alice@example.com ${keyLine('alice')}\n`, 'alice@example.com', 'file', sigText, changed)
        .status,
    ).not.toBe(0);
  });

  it('a signature by a key not in allowed_signers is not-listed, and ssh-keygen refuses it', () => {
    const sigText = sshSign('mallory', 'artifact.tar', 'file');
    const message = readFileSync(file('artifact.tar'));
    expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
    const signersText = `alice@example.com ${keyLine('alice')}\n`;
    const found = findAllowedSigner(
      parseAllowedSigners(signersText),
      parseSshSignature(sigText).publicKey,
      'file',
      new Date(),
    );
    expect(found).toEqual({ problem: 'not-listed' });
    expect(sshVerify(signersText, 'alice@example.com', 'file', sigText, message).status).not.toBe(0);
  });

  it('every signature Signet accepts, ssh-keygen accepts too, and the other way round for a damaged one', () => {
    const message = readFileSync(file('artifact.tar'));
    const signers = `alice@example.com ${keyLine('alice')}\n`;
    for (const hash of ['sha256', 'sha512'] as const) {
      const sigText = sshSign('alice', 'artifact.tar', 'file', hash);
      expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
      expect(sshVerify(signers, 'alice@example.com', 'file', sigText, message).status).toBe(0);
      // Flip one bit of the Ed25519 signature (inside the last base64 line) and both refuse.
      const lines = sigText.split('\n');
      const last = lines.length - 3;
      const chars = lines[last]!.split('');
      chars[2] = chars[2] === 'A' ? 'B' : 'A';
      lines[last] = chars.join('');
      const damaged = lines.join('\n');
      expect(signetVerify(damaged, message, 'file')).toEqual({ ok: false, problem: 'bad-signature' });
      expect(sshVerify(signers, 'alice@example.com', 'file', damaged, message).status).not.toBe(0);
    }
  });

  it('fingerprints match ssh-keygen -l', () => {
    for (const name of ['alice', 'mallory']) {
      const listed = sshKeygenOk(['-l', '-f', `${name}.pub`]).split(' ')[1];
      expect(sshFingerprint(publicKeyOf(name))).toBe(listed);
    }
  });

  it('find-principals names the same signer Signet finds', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const signersText = [
      `bob@example.com ${keyLine('mallory')}`,
      `"Alice Example,alice@example.com" namespaces="file" ${keyLine('alice')}`,
    ].join('\n');
    writeFileSync(file('signers'), signersText);
    writeFileSync(file('found.sig'), sigText);
    const found = sshKeygenOk(['-Y', 'find-principals', '-s', 'found.sig', '-f', 'signers']).trim();
    const ours = findAllowedSigner(
      parseAllowedSigners(signersText),
      parseSshSignature(sigText).publicKey,
      'file',
      new Date(),
    );
    expect(ours.signer?.principals.join('\n')).toBe(found);
  });
});

describe('allowed_signers lines: Signet reads what ssh-keygen reads', () => {
  const good: [string, string][] = [
    ['plain', 'alice@example.com KEY'],
    ['quoted principals with spaces', '"Alice Example,alice@example.com" KEY'],
    ['options in upper case', 'alice@example.com NAMESPACES="file",VALID-AFTER="20200101" KEY'],
    ['a comment after the key', 'alice@example.com namespaces="f*" KEY laptop key'],
    ['leading spaces and tabs', ' \t alice@example.com KEY'],
  ];
  const bad: [string, string][] = [
    ['an unquoted option value', 'alice@example.com namespaces=file KEY'],
    ['an unknown option', 'alice@example.com no-such-option KEY'],
    ['quotes closing mid-token', '"Alice Example",alice@example.com KEY'],
    [
      'valid-before before valid-after',
      'alice@example.com valid-after="20250101",valid-before="20240101" KEY',
    ],
    ['an unclosed quote', 'alice@example.com namespaces="file KEY'],
    ['a damaged key', 'alice@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk'],
    ['a trailing comma in the options', 'alice@example.com namespaces="file", KEY'],
  ];

  function theirAnswer(line: string, sigText: string) {
    writeFileSync(file('lines'), `${line}\n`);
    writeFileSync(file('lines.sig'), sigText);
    return sshKeygen(['-Y', 'find-principals', '-s', 'lines.sig', '-f', 'lines']);
  }

  it.each(good)('both accept %s', (_, template) => {
    const line = template.replace('KEY', keyLine('alice'));
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    expect(theirAnswer(line, sigText).status).toBe(0);
    const found = findAllowedSigner(parseAllowedSigners(line), publicKeyOf('alice'), 'file', new Date());
    expect(found.signer).toBeDefined();
  });

  it.each(bad)('both refuse %s: ssh-keygen skips the line, and so does Signet, naming it', (_, template) => {
    const line = template.replace('KEY', keyLine('alice'));
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    expect(theirAnswer(line, sigText).status).not.toBe(0);
    const parsed = parseAllowedSignersFile(line);
    expect(parsed.signers).toEqual([]);
    expect(parsed.skipped.map((s) => s.line)).toEqual([1]);
  });
});

describe('namespace patterns, compared with ssh-keygen', () => {
  it.each([
    ['file', true],
    ['fi?e', true],
    ['*', true],
    ['git,f*', true],
    ['f*,!file', false],
    ['email', false],
    [`file,${'x'.repeat(1022)}`, true],
    [`file,${'x'.repeat(1023)}`, false],
  ])('namespaces="%s" allows "file": %s', (patterns, allowed) => {
    const message = readFileSync(file('artifact.tar'));
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const signersText = `alice@example.com namespaces="${patterns}" ${keyLine('alice')}\n`;
    expect(sshVerify(signersText, 'alice@example.com', 'file', sigText, message).status === 0).toBe(allowed);
    const ours = findAllowedSigner(
      parseAllowedSigners(signersText),
      publicKeyOf('alice'),
      'file',
      new Date(),
    );
    expect(ours.signer !== undefined).toBe(allowed);
    if (!allowed) expect(ours.problem).toBe('namespace-not-allowed');
  });
});

describe('signatures Signet builds, checked by ssh-keygen', () => {
  function signetSign(
    message: Buffer,
    namespace: string,
    hashAlgorithm: SshHashAlgorithm,
    reserved = new Uint8Array(0),
  ) {
    const pair = generateEd25519KeyPair();
    const signed = sshSignedData(namespace, hashAlgorithm, sshMessageDigest(hashAlgorithm, message));
    const blob = encodeSshSignatureBlob({
      publicKey: pair.publicKey,
      namespace,
      reserved,
      hashAlgorithm,
      signature: ed25519Sign(signed, pair.seed),
    });
    return { pair, sigText: armorSshSignature(blob) };
  }

  it('ssh-keygen -Y verify accepts signed data built the way Signet checks it', () => {
    const message = readFileSync(file('artifact.tar'));
    for (const hash of ['sha256', 'sha512'] as const) {
      const { pair, sigText } = signetSign(message, 'file', hash);
      const signers = `me@example.com ${formatSshPublicKeyLine(pair.publicKey)}\n`;
      expect(sshVerify(signers, 'me@example.com', 'file', sigText, message).status).toBe(0);
      expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
    }
  });

  it('ssh-keygen ignores a non-empty reserved field in the signed data, as Signet does', () => {
    const message = Buffer.from('reserved test\n');
    const { pair, sigText } = signetSign(message, 'file', 'sha512', new TextEncoder().encode('future'));
    const signers = `me@example.com ${formatSshPublicKeyLine(pair.publicKey)}\n`;
    expect(sshVerify(signers, 'me@example.com', 'file', sigText, message).status).toBe(0);
    expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
  });
});

describe('other key types give a clear FormatError', () => {
  it.each([
    ['rsa', 'ssh-rsa'],
    ['ecdsa', 'ecdsa-sha2-nistp256'],
  ])('%s signatures', (type, keyType) => {
    makeKey(`k-${type}`, type);
    const sigText = sshSign(`k-${type}`, 'artifact.tar', 'file');
    expect(() => parseSshSignature(sigText)).toThrow(FormatError);
    expect(() => parseSshSignature(sigText)).toThrow(`unsupported key type ${keyType}`);
    expect(() => parseSshPublicKeyLine(readText(`k-${type}.pub`))).toThrow(`unsupported key type ${keyType}`);
  });
});

describe('valid-after and valid-before, compared with ssh-keygen', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  /** ssh-keygen's verify-time takes YYYYMMDD[HHMM[SS]] in local time (or with Z). */
  const cases: [options: string, verifyTime: string][] = [
    ['valid-after="20250601"', '20250531235959'],
    ['valid-after="20250601"', '20250601'],
    ['valid-before="20250601"', '20250601'],
    ['valid-before="20250601"', '20250601000001'],
    ['valid-before="202506011230"', '202506011230'],
    ['valid-after="20250601Z",valid-before="20250602Z"', '20250601120000Z'],
    ['valid-after="20250601Z",valid-before="20250602Z"', '20250602000001Z'],
    ['valid-after="20250101"', '20241231235959Z'],
    // Local dates against UTC instants: these answers differ between time zones. (January, because
    // ssh-keygen reads local times as standard time and is an hour off during summer time.)
    ['valid-after="20250115"', '20250115043000Z'],
    ['valid-before="20250115"', '20250115043000Z'],
    ['valid-after="202501151200"', '20250115063000Z'],
  ];

  for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
    it.each(cases)(`in ${tz}: %s at %s`, (options, verifyTime) => {
      process.env.TZ = tz;
      const message = readFileSync(file('artifact.tar'));
      const sigText = sshSign('alice', 'artifact.tar', 'file');
      const signersText = `alice@example.com ${options} ${keyLine('alice')}\n`;
      const theirs = sshVerify(
        signersText,
        'alice@example.com',
        'file',
        sigText,
        message,
        ['-O', `verify-time=${verifyTime}`],
        { TZ: tz },
      );
      const at = parseVerifyTime(verifyTime);
      const ours = findAllowedSigner(parseAllowedSigners(signersText), publicKeyOf('alice'), 'file', at);
      expect(ours.signer !== undefined, theirs.output).toBe(theirs.status === 0);
      if (!ours.signer)
        expect(theirs.output).toMatch(ours.problem === 'expired' ? /expired/ : /not yet valid/);
    });
  }
});

/** The same YYYYMMDD[HHMM[SS]][Z] rule, local unless Z: reuse the allowed_signers time reader. */
function parseVerifyTime(value: string): Date {
  const [signer] = parseAllowedSigners(
    `x valid-after="${value}" ${formatSshPublicKeyLine(new Uint8Array(32))}`,
  );
  return signer!.validAfter!;
}
