import { authenticodeModule } from './authenticode/module';
import type { FormatModule } from './format-module';
import { minisignModule } from './minisign/module';
import { openpgpModule } from './openpgp/module';
import { signifyModule } from './signify/module';
import { sigstoreModule } from './sigstore/module';
import { sshModule } from './sshsig/module';

/**
 * Every signature kind Signet reads, in recognition order (minisign before signify: both start
 * "untrusted comment:", and only minisign's third line is "trusted comment:"). Discovery and
 * verification walk this list; adding a format touches its folder, this list and the trust kinds.
 */
// biome-ignore lint/suspicious/noExplicitAny: each module is typed by its own signature and entry kinds
export const FORMATS: readonly FormatModule<any, any>[] = [
  sshModule,
  minisignModule,
  signifyModule,
  sigstoreModule,
  authenticodeModule,
  openpgpModule,
];

/** The module that reads these bytes, or undefined when none does. Never throws. */
// biome-ignore lint/suspicious/noExplicitAny: see FORMATS
export function recognise(bytes: Uint8Array): FormatModule<any, any> | undefined {
  return FORMATS.find((module) => {
    try {
      return module.recognise(bytes);
    } catch {
      return false;
    }
  });
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
 * Whether a file that starts with these bytes may carry its signature inside it (a Windows program
 * or installer): callers load costly trust material, such as the system's CA roots, only then.
 */
export function mayCarryEmbeddedSignature(head: Uint8Array): boolean {
  return FORMATS.some((module) => {
    if (module.placement !== 'embedded') return false;
    try {
      return module.recognise(head);
    } catch {
      return false;
    }
  });
}
