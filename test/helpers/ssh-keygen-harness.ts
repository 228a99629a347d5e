import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { parseSshPublicKeyLine } from '../../electron/core/formats/sshsig/public-key-line';
import { parseSshSignature, type SshHashAlgorithm } from '../../electron/core/formats/sshsig/signature';
import { sshMessageDigest, verifySshSignature } from '../../electron/core/formats/sshsig/verify';

// The real ssh-keygen, driven the way the sshsig interop tests need it.

const SSH_KEYGEN = '/usr/bin/ssh-keygen';

let dir: string;
export const file = (name: string) => path.join(dir, name);
export const readText = (name: string) => readFileSync(file(name), 'utf8');

/** Runs ssh-keygen in the test folder; a missing binary fails the test (spawn error), never skips it. */
export function sshKeygen(args: string[], options: { input?: Buffer; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(SSH_KEYGEN, args, {
    cwd: dir,
    input: options.input ?? Buffer.alloc(0),
    env: { ...process.env, ...options.env },
  });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

export function sshKeygenOk(args: string[], input?: Buffer): string {
  const result = sshKeygen(args, { input });
  if (result.status !== 0) throw new Error(`ssh-keygen ${args.join(' ')} failed: ${result.output}`);
  return result.output;
}

export function makeKey(name: string, type = 'ed25519') {
  sshKeygenOk(['-q', '-t', type, '-N', '', '-C', `${name}@example.com`, '-f', name]);
}

/** Signs with ssh-keygen -Y sign; returns the signature text. */
export function sshSign(key: string, target: string, namespace: string, hashalg?: SshHashAlgorithm): string {
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
export function sshVerify(
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

export function signetVerify(sigText: string, message: Buffer, namespace: string) {
  const sig = parseSshSignature(sigText);
  return verifySshSignature(sig, sshMessageDigest(sig.hashAlgorithm, message), namespace);
}

export const publicKeyOf = (name: string) => parseSshPublicKeyLine(readText(`${name}.pub`)).publicKey;
export const keyLine = (name: string) => readText(`${name}.pub`).trim();

/** Set when setup failed (say, a tool is missing): every test then fails, none is skipped. */
let setupError: unknown;

/**
 * Registers the file's hooks: a temp folder with keys alice and mallory and a random artifact.tar,
 * made with the real ssh-keygen.
 */
export function setUpSshKeygenFolder(): void {
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
}
