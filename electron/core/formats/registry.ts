import { DEFAULT_SIGNATURE_MAX_BYTES } from '../limits';
import { authenticodeDescriptor } from './authenticode/descriptor';
import type { FormatDescriptor } from './format-module';
import { minisignDescriptor } from './minisign/descriptor';
import { openpgpDescriptor } from './openpgp/descriptor';
import { signifyDescriptor } from './signify/descriptor';
import { sigstoreDescriptor } from './sigstore/descriptor';
import { sshDescriptor } from './sshsig/descriptor';

/**
 * Every signature kind Signet reads, in recognition order (minisign before signify: both start
 * "untrusted comment:", and only minisign's third line is "trusted comment:"). Discovery and
 * verification walk this list; adding a format touches its folder, this list and the trust kinds.
 * Only the descriptors are loaded here: a module's code (and its libraries) loads when a file it
 * reads turns up, so checking a minisign signature never loads openpgp.js, pkijs or Sigstore.
 */
export const FORMATS: readonly FormatDescriptor[] = [
  sshDescriptor,
  minisignDescriptor,
  signifyDescriptor,
  sigstoreDescriptor,
  authenticodeDescriptor,
  openpgpDescriptor,
];

/** The kind that reads these bytes, or undefined when none does. Never throws. */
export function recognise(bytes: Uint8Array): FormatDescriptor | undefined {
  return FORMATS.find((format) => recognisedBy(format, bytes));
}

function recognisedBy(format: FormatDescriptor, head: Uint8Array): boolean {
  try {
    return format.recognise(head);
  } catch {
    return false;
  }
}

/** The largest detached signature file this kind reads. */
export function signatureMaxBytes(kind: Pick<FormatDescriptor, 'maxSignatureBytes'>): number {
  return kind.maxSignatureBytes ?? DEFAULT_SIGNATURE_MAX_BYTES;
}

/** What a signature file beside an artifact is read up to, before its kind is known. */
export function largestSignatureBytes(): number {
  return Math.max(...FORMATS.map(signatureMaxBytes));
}

/** Every name ending a detached signature may have beside its file, without repeats. */
export function signatureSuffixes(): string[] {
  return [...new Set(FORMATS.filter((m) => m.placement === 'detached').flatMap((m) => m.suffixes))];
}

/** A sentence for a signature file no registered module reads. */
export function unreadableSignatureReason(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if (bytes.length === 0) return 'The signature file is empty.';
  if (head.startsWith('-----BEGIN PGP') || (bytes[0] ?? 0) >= 0x80) {
    return 'This is an OpenPGP (GnuPG) file, but not a signature Signet reads (it may be a key or a message).';
  }
  return 'This is not a kind of signature Signet reads.';
}

/** Checksum list names the registered formats add to the common ones, without repeats. */
export function formatListNames(): string[] {
  return [...new Set(FORMATS.flatMap((m) => m.listNames ?? []))];
}

/**
 * The embedded kinds that may find a signature inside a file starting with these bytes (at least
 * RECOGNISE_WINDOW_BYTES of it, or all of a shorter file). Only their modules need loading.
 */
export function embeddedKindsFor(head: Uint8Array): FormatDescriptor[] {
  return FORMATS.filter((format) => format.placement === 'embedded' && recognisedBy(format, head));
}

/**
 * Whether a file that starts with these bytes may carry its signature inside it (a Windows program
 * or installer): callers load costly trust material, such as the system's CA roots, only then.
 */
export function mayCarryEmbeddedSignature(head: Uint8Array): boolean {
  return embeddedKindsFor(head).length > 0;
}
