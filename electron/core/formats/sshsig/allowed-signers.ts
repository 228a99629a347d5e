import { FormatError } from '../../errors';
import { parseSshEd25519KeyBlob, SSH_ED25519 } from './key-blob';
import { splitSshPatternList } from './pattern';
import { decodeSshKeyPair } from './public-key-line';
import { parseSshTime } from './ssh-time';

export interface AllowedSigner {
  /** Principal patterns (may hold * and ?), as listed. */
  principals: string[];
  /** Namespace patterns from namespaces="..."; absent means any namespace. */
  namespaces?: string[];
  validAfter?: Date;
  validBefore?: Date;
  /** A CA key: it vouches for certificates and never matches a plain key. */
  certAuthority: boolean;
  /** The 32-byte Ed25519 key (lines with other key types are not returned; see parseAllowedSignersFile). */
  publicKey: Uint8Array;
  /** 1-based line in the file, for messages. */
  line: number;
}

/** A well-formed line whose key is not Ed25519: it can never match a signature Signet checks. */
export interface UnsupportedSignerLine {
  line: number;
  keyType: string;
  principals: string[];
}

/** OpenSSH key type names; a token that is none of these in key position is read as options. */
const KEY_TYPES = new Set(
  [
    'ssh-ed25519',
    'sk-ssh-ed25519@openssh.com',
    'ssh-rsa',
    'ssh-dss',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'sk-ecdsa-sha2-nistp256@openssh.com',
    'ssh-xmss@openssh.com',
  ].flatMap((type) => [type, type.replace(/(@openssh\.com)?$/, '-cert-v01@openssh.com')]),
);

const MAX_ALLOWED_SIGNERS_CHARS = 16 * 1024 * 1024;

class LineError extends Error {}

/** Like OpenSSH's strdelimw: one token, where a double-quoted part may hold spaces. */
function takePrincipals(rest: string): { token: string; rest: string } {
  const stop = rest.search(/[ \t\r\n"]/);
  if (stop < 0) throw new LineError('it has principals but no key');
  if (rest[stop] === '"') {
    const close = rest.indexOf('"', stop + 1);
    if (close < 0) throw new LineError('a quote in the principals is never closed');
    const token = rest.slice(0, stop) + rest.slice(stop + 1, close);
    return { token, rest: rest.slice(close + 1).replace(/^[ \t\r\n]+/, '') };
  }
  return { token: rest.slice(0, stop), rest: rest.slice(stop).replace(/^[ \t\r\n]+/, '') };
}

/** Like OpenSSH's sshkey_advance_past_options: up to the first space or tab outside quotes. */
function takeOptions(rest: string): { options: string; rest: string } {
  let quoted = false;
  let i = 0;
  for (; i < rest.length && (quoted || (rest[i] !== ' ' && rest[i] !== '\t')); i++) {
    if (rest[i] === '\\' && rest[i + 1] === '"') i++;
    else if (rest[i] === '"') quoted = !quoted;
  }
  if (quoted) throw new LineError('a quote in the options is never closed');
  return { options: rest.slice(0, i), rest: rest.slice(i).replace(/^[ \t]+/, '') };
}

/** Like OpenSSH's opt_dequote: a value in double quotes, where \" stands for a quote. */
function takeQuoted(options: string, name: string): { value: string; rest: string } {
  if (options[0] !== '"') throw new LineError(`the value of ${name} must be in double quotes`);
  let value = '';
  let i = 1;
  for (; i < options.length && options[i] !== '"'; i++) {
    if (options[i] === '\\' && options[i + 1] === '"') i++;
    value += options[i];
  }
  if (i >= options.length) throw new LineError(`the value of ${name} has no closing quote`);
  return { value, rest: options.slice(i + 1) };
}

type SignerOptions = Pick<AllowedSigner, 'namespaces' | 'validAfter' | 'validBefore' | 'certAuthority'>;

function parseTimeOption(value: string, name: string): Date {
  try {
    return parseSshTime(value);
  } catch (error) {
    throw new LineError(`${name}: ${(error as Error).message}`);
  }
}

/** sshsigopt_parse: comma-separated, option names in any case, values quoted. */
function parseOptions(text: string): SignerOptions {
  const result: SignerOptions = { certAuthority: false };
  let rest = text;
  while (rest.length > 0) {
    const lower = rest.toLowerCase();
    if (lower.startsWith('cert-authority')) {
      result.certAuthority = true;
      rest = rest.slice('cert-authority'.length);
    } else {
      const name = ['namespaces', 'valid-after', 'valid-before'].find((option) =>
        lower.startsWith(`${option}=`),
      );
      if (!name) throw new LineError(`unknown option "${rest.split(/[,=]/)[0]}"`);
      const { value, rest: after } = takeQuoted(rest.slice(name.length + 1), name);
      rest = after;
      if (name === 'namespaces') {
        if (result.namespaces) throw new LineError('namespaces is given twice');
        result.namespaces = splitSshPatternList(value);
      } else if (name === 'valid-after') {
        if (result.validAfter) throw new LineError('valid-after is given twice');
        result.validAfter = parseTimeOption(value, name);
      } else {
        if (result.validBefore) throw new LineError('valid-before is given twice');
        result.validBefore = parseTimeOption(value, name);
      }
    }
    if (rest.length === 0) break;
    if (rest[0] !== ',') throw new LineError(`unexpected text "${rest}" in the options`);
    rest = rest.slice(1);
    if (rest.length === 0) throw new LineError('the options end with a comma');
  }
  if (result.validAfter && result.validBefore && result.validBefore <= result.validAfter) {
    throw new LineError('valid-before is not after valid-after');
  }
  return result;
}

function parseKey(text: string): { keyType: string; publicKey?: Uint8Array } {
  const match = text.match(/^(\S+)[ \t]+([^ \t\r\n]+)(?:[ \t][\s\S]*)?$/);
  if (!match) throw new LineError('the key is missing or incomplete');
  const [, keyType, base64] = match as unknown as [string, string, string];
  if (!KEY_TYPES.has(keyType)) throw new LineError(`"${keyType}" is not an SSH key type`);
  try {
    const blob = decodeSshKeyPair(keyType, base64, 'the key');
    return keyType === SSH_ED25519
      ? { keyType, publicKey: parseSshEd25519KeyBlob(blob, 'the key') }
      : { keyType };
  } catch (error) {
    throw new LineError((error as Error).message.replace(/\.$/, ''));
  }
}

type ParsedLine = { signer: AllowedSigner } | { unsupported: UnsupportedSignerLine } | undefined;

function parseLine(text: string, line: number): ParsedLine {
  const start = text.replace(/^[ \t\r\n]+/, '');
  if (start === '' || start.startsWith('#')) return undefined;
  const { token, rest: afterPrincipals } = takePrincipals(start);
  const principals = token.split(',');
  if (principals.some((principal) => principal === '')) throw new LineError('a principal is empty');
  let keyText = afterPrincipals;
  let options: SignerOptions = { certAuthority: false };
  const firstWord = afterPrincipals.split(/[ \t]/, 1)[0] ?? '';
  if (!KEY_TYPES.has(firstWord)) {
    const taken = takeOptions(afterPrincipals);
    options = parseOptions(taken.options);
    keyText = taken.rest;
  }
  if (keyText.trim() === '') throw new LineError('the key is missing');
  const { keyType, publicKey } = parseKey(keyText);
  if (!publicKey) return { unsupported: { line, keyType, principals } };
  return { signer: { principals, ...options, publicKey, line } };
}

/** A line ssh-keygen would skip too: its options or key type are unknown, or it is malformed. */
export interface SkippedSignerLine {
  line: number;
  problem: string;
}

/**
 * Reads an OpenSSH allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS): one
 * `principals [options] keytype base64 [comment]` per line; blank lines and # comments skipped.
 * A line that cannot be read (an option or key type from a newer OpenSSH, a typo) is skipped, as
 * ssh-keygen skips it, and returned in `skipped` so the caller can say so. Lines with RSA, ECDSA or
 * other non-Ed25519 keys are checked for form and returned apart, so a shared file that also lists
 * such keys still works for the Ed25519 ones.
 */
export function parseAllowedSignersFile(text: string): {
  signers: AllowedSigner[];
  unsupported: UnsupportedSignerLine[];
  skipped: SkippedSignerLine[];
} {
  if (text.length > MAX_ALLOWED_SIGNERS_CHARS)
    throw new FormatError('The allowed signers file is too large.');
  const signers: AllowedSigner[] = [];
  const unsupported: UnsupportedSignerLine[] = [];
  const skipped: SkippedSignerLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (const [index, lineText] of lines.entries()) {
    let parsed: ParsedLine;
    try {
      parsed = parseLine(lineText.replace(/\r$/, ''), index + 1);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      skipped.push({ line: index + 1, problem: error.message });
      continue;
    }
    if (parsed && 'signer' in parsed) signers.push(parsed.signer);
    else if (parsed) unsupported.push(parsed.unsupported);
  }
  return { signers, unsupported, skipped };
}
