import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The real signing tools, used to make the files a person would download (and, for minisign, to check
 * what Signet writes). Each call fails loudly with the tool's own output.
 */
export function run(command: string, args: string[], input?: string, cwd?: string): string {
  try {
    return execFileSync(command, args, {
      input: input ?? '',
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    }).toString();
  } catch (error) {
    const failed = error as { stdout?: Buffer; stderr?: Buffer; status?: number };
    throw new Error(
      `${command} ${args.join(' ')} exited with ${failed.status}: ${failed.stderr?.toString() ?? ''}${failed.stdout?.toString() ?? ''}`,
    );
  }
}

/** A folder of its own per case: a SHA256SUMS in a shared folder would be found for every file. */
export async function caseDir(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function makeFile(dir: string, name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

export interface ToolKey {
  publicKeyFile: string;
  secretKeyFile: string;
  publicKeyText: string;
}

/** `minisign -G`; unencrypted (-W) unless a password is given (fed on stdin, as minisign allows). */
export async function minisignKeyPair(dir: string, name: string, password?: string): Promise<ToolKey> {
  const publicKeyFile = join(dir, `${name}.pub`);
  const secretKeyFile = join(dir, `${name}.key`);
  const args = ['-G', '-p', publicKeyFile, '-s', secretKeyFile];
  if (password === undefined) run('minisign', [...args, '-W']);
  else run('minisign', args, `${password}\n${password}\n`);
  return { publicKeyFile, secretKeyFile, publicKeyText: await readFile(publicKeyFile, 'utf8') };
}

/**
 * The key id from the .pub file's comment, in Signet's 16-digit form: minisign prints it without
 * leading zeros (one key in sixteen shows 15 digits).
 */
export function minisignKeyId(key: ToolKey): string {
  const match = /minisign public key ([0-9A-F]{1,16})\b/.exec(key.publicKeyText);
  if (!match?.[1]) throw new Error('public key file has no key id');
  return match[1].padStart(16, '0');
}

/** The bare base64 key (the second line of the .pub file), as publishers paste it on web pages. */
export function bareKey(key: ToolKey): string {
  const line = key.publicKeyText.trim().split('\n')[1];
  if (!line) throw new Error('public key file has no key line');
  return line.trim();
}

export interface MinisignSignOptions {
  password?: string;
  /** Signed (trusted) comment, -t. */
  comment?: string;
  /** Unsigned comment, -c: anyone can change it, so Signet must never show it. */
  untrustedComment?: string;
}

export function minisignSign(key: ToolKey, file: string, options: MinisignSignOptions = {}): string {
  const args = ['-S', '-s', key.secretKeyFile, '-m', file];
  if (options.comment) args.push('-t', options.comment);
  if (options.untrustedComment) args.push('-c', options.untrustedComment);
  run('minisign', args, options.password === undefined ? '' : `${options.password}\n`);
  return `${file}.minisig`;
}

/** `minisign -V`: true when minisign itself accepts the signature. */
export function minisignAccepts(
  publicKeyFile: string,
  file: string,
  signatureFile = `${file}.minisig`,
): boolean {
  try {
    execFileSync('minisign', ['-V', '-p', publicKeyFile, '-m', file, '-x', signatureFile], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export async function signifyKeyPair(dir: string, name: string): Promise<ToolKey> {
  const publicKeyFile = join(dir, `${name}.pub`);
  const secretKeyFile = join(dir, `${name}.sec`);
  run('signify-openbsd', ['-G', '-n', '-p', publicKeyFile, '-s', secretKeyFile]);
  return { publicKeyFile, secretKeyFile, publicKeyText: await readFile(publicKeyFile, 'utf8') };
}

export function signifySign(key: ToolKey, file: string): string {
  const signatureFile = `${file}.sig`;
  run('signify-openbsd', ['-S', '-s', key.secretKeyFile, '-m', file, '-x', signatureFile]);
  return signatureFile;
}

export async function sshKeyPair(dir: string, name: string): Promise<ToolKey> {
  const secretKeyFile = join(dir, name);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@example.org`, '-f', secretKeyFile]);
  const publicKeyFile = `${secretKeyFile}.pub`;
  return { publicKeyFile, secretKeyFile, publicKeyText: await readFile(publicKeyFile, 'utf8') };
}

/** `ssh-keygen -Y sign -n file`, which writes <file>.sig. */
export function sshSign(key: ToolKey, file: string, namespace = 'file'): string {
  run('ssh-keygen', ['-Y', 'sign', '-f', key.secretKeyFile, '-n', namespace, file]);
  return `${file}.sig`;
}
