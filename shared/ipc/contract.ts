import { z } from 'zod';
import type { ActivityEntry, KeyInfo, TokenCertificate } from '../domain';
import type { PolicySummary } from '../policy-summary';
import type { TrustedSignerInfo } from '../trusted-signer';
import type { VerifyResult } from '../verdict';
import { displayName, jobId, keyId, localPath, noteText } from './schemas';
import { oidcIssuer, sigstoreIdentity, trustEntryId } from './trust-schemas';

/**
 * The one IPC contract: every channel the renderer may call, with the runtime schema of its request
 * (checked in the main process before any handler runs) and the TypeScript type of its response.
 * The preload exposes exactly one method per channel, named by the channel. The passphrase window's
 * channels are in pinentry.ts, the events main pushes in events.ts, and window.signet's type in
 * bridge.ts.
 */

// What the core keeps (keys, the activity log): shared/domain.ts.
export type { ActivityEntry, KeyInfo, TokenCertificate } from '../domain';

// The trust list's entries as the renderer sees them: shared/trusted-signer.ts.
export type { TrustedSignerInfo } from '../trusted-signer';

/** A release kit as main writes it: what goes beside the files, and what comes from a place the person controls. */
export interface ReleaseKitView {
  text: string;
  sections: Array<{ id: 'beside-files' | 'key-elsewhere'; title: string; why: string; text: string }>;
}

export interface SignOutcome {
  file: string;
  /** Set when the signature was written. */
  signatureFile?: string;
  /** Every file written for it, when its style writes several (FILE.asc and FILE.sha512). */
  outputs?: string[];
  sha256?: string;
  /** A plain sentence when this file was not signed. */
  error?: string;
  /** Set when the person chose to leave this file's existing signature as it was. */
  skipped?: boolean;
  /** A signature inside the file: the server whose timestamp it carries, and what became of an older one. */
  timestampUrl?: string;
  previous?: 'replaced' | 'nested';
  /** A signature inside the file: the written file verified by Signet, the card anyone checking it sees. */
  verdict?: VerifyResult;
}

/** After signing, every written signature read back and checked against the key's public key. */
export interface SignRecheck {
  checked: number;
  /** Outputs that did not check out (none, normally), with why. */
  failed: Array<{ file: string; problem: string }>;
  keyName: string;
  keyId: string;
}

/** One key's part of a release signed with several keys (signWithKeys). */
export interface SignPart {
  keyId: string;
  keyName: string;
  /** The release style it signed in, when its format has styles. */
  style?: string;
  outcomes: SignOutcome[];
  checksumList?: string;
  checksumListSignature?: string;
  checksumListSignatures?: string[];
  checksumListSkipped?: boolean;
  recheck: SignRecheck;
  /** The kit of a part signed in a style (main writes every word). */
  releaseKit?: ReleaseKitView;
}

/** After keyless signing: who signed, each bundle checked as others will check it, and the kit. */
export interface KeylessSignResponse {
  outcomes: SignOutcome[];
  identity: string;
  issuer: string;
  recheck: { checked: number; failed: Array<{ file: string; problem: string }> };
  /** The verdict card a person checking each signed file would see. */
  cards: VerifyResult[];
  /** The Sigstore release kit: identity, issuer and the exact commands (cosign, sigstore-python, signet). */
  kit: string;
}

/** What "Trust this …" on a verdict card added: enough to say so; the list reloads for the rest. */
export interface TrustedFromVerdict {
  keyId: string;
  name: string;
  kind: string;
}

export interface ChecksumComparison {
  match: boolean;
  /** sha1 and md5 are old kinds: a match shows a complete download, not who made the file. */
  algorithm: 'sha256' | 'sha512' | 'sha1' | 'md5';
  /** Plain sentence for the person. */
  message: string;
}

export type FilePurpose =
  | 'verify'
  | 'sign'
  | 'signature'
  | 'public-key'
  | 'secret-key'
  | 'certificate'
  | 'release-kit'
  | 'policy'
  | 'token-module'
  | 'key-transition';

export const channels = {
  /** Verify each file (signature found beside it unless signatureFile is given). Progress arrives as job events. */
  verifyFiles: {
    request: z.strictObject({
      jobId,
      files: z.array(localPath).min(1).max(500),
      signatureFile: localPath.optional(),
    }),
    response: {} as { results: VerifyResult[] },
  },
  /** Compares a checksum pasted from a website with the file's own; a job, so it can be cancelled. */
  compareChecksum: {
    request: z.strictObject({ jobId, file: localPath, expected: z.string().min(1).max(1000) }),
    response: {} as ChecksumComparison,
  },
  cancelJob: {
    request: z.strictObject({ jobId }),
    response: {} as { cancelled: boolean },
  },
  // Trust from a verdict
  /**
   * "Trust this signer / publisher / identity" on a verdict card. Main works out who signed
   * `forFile` from its own verdict (an Authenticode publisher, a Sigstore identity), or takes the
   * key or certificate given and adds only the one that made that signature, after its own
   * re-check and its own native confirmation.
   */
  trustSignerOfFile: {
    request: z.strictObject({
      name: displayName,
      note: noteText.optional(),
      forFile: localPath,
      keyText: z.string().min(1).max(1_000_000).optional(),
      keyFile: localPath.optional(),
    }),
    response: {} as { signer: TrustedFromVerdict },
  },
  /** Which of these files already have a signature beside them (so the UI can ask before overwriting). */
  existingSignatures: {
    /** With a key that signs inside files: which files already carry a signature that signing changes. */
    request: z.strictObject({ files: z.array(localPath).min(1).max(500), keyId: keyId.optional() }),
    response: {} as { existing: string[] },
  },
  /** The trusted comment that signing this file would write now. */
  previewTrustedComment: {
    request: z.strictObject({ file: localPath }),
    response: {} as { trustedComment: string },
  },
  /**
   * Main asks for the passphrase in its own window, and asks the person itself before replacing any
   * existing signature or list: there is no flag the page could set to skip either. A key that signs
   * beside files takes signWithKeys's path with one key; one that signs inside files, its own.
   */
  signFiles: {
    request: z.strictObject({
      jobId,
      keyId,
      files: z.array(localPath).min(1).max(500),
      trustedComment: z.string().max(1000).optional(),
      writeChecksumList: z.boolean(),
      /** A release style the key's format names (signingStyles); its default when absent. */
      style: z
        .string()
        .regex(/^[a-z0-9-]{1,32}$/)
        .optional(),
      /** A key that signs inside files: the RFC 3161 server, and the program name and address stated. */
      timestampUrl: z.string().url().max(2000).optional(),
      description: z.string().max(1000).optional(),
      url: z.string().url().max(2000).optional(),
    }),
    response: {} as {
      outcomes: SignOutcome[];
      checksumList?: string;
      checksumListSignature?: string;
      /** Every signature of the list, when the style writes several (SHASUMS256.txt.asc and .sig). */
      checksumListSignatures?: string[];
      /** The kit for a release signed in a style (main writes every word): key, fingerprint, commands. */
      releaseKit?: ReleaseKitView;
      /** The list already existed and the person chose to skip existing files: it was left as it was. */
      checksumListSkipped?: boolean;
      recheck?: SignRecheck;
    },
  },
  /**
   * One release signed with several keys in one go (minisign and OpenPGP side by side, each OpenPGP
   * key in its style): one dialog of main's lists every file each key will write or replace, then
   * main asks each key's passphrase in its own window, signs with each key in turn under one
   * progress, and reads every output back. A key that signs inside files signs on its own.
   */
  signWithKeys: {
    request: z.strictObject({
      jobId,
      files: z.array(localPath).min(1).max(500),
      keys: z
        .array(
          z.strictObject({
            keyId,
            style: z
              .string()
              .regex(/^[a-z0-9-]{1,32}$/)
              .optional(),
          }),
        )
        .min(1)
        .max(8),
      trustedComment: z.string().max(1000).optional(),
      /** minisign keys: also write and sign SHA256SUMS. */
      writeChecksumList: z.boolean(),
    }),
    response: {} as { parts: SignPart[] },
  },
  /**
   * Keyless signing with the person's identity: main opens the login in their browser, asks in its
   * own dialog before anything is published, signs, checks each bundle as a checker would and
   * returns those cards and the release kit. Cancel with cancelJob (also while waiting for the login).
   */
  signKeyless: {
    request: z.strictObject({ jobId, files: z.array(localPath).min(1).max(500) }),
    response: {} as KeylessSignResponse,
  },
  /**
   * The release kit for a checksum list main wrote: public key (.pub form), key id, the list, and the
   * commands that check them, in two sections (beside the files; the key where the person controls
   * it) and as one text. Main builds every word from its own files.
   */
  releaseKit: {
    request: z.strictObject({ keyId, checksumList: localPath }),
    response: {} as ReleaseKitView,
  },
  /** The same kit, written to a file the person picks in main's save dialog. */
  saveReleaseKit: {
    request: z.strictObject({ keyId, checksumList: localPath }),
    response: {} as { savedTo: string | null },
  },
  /** The release styles a key signs in (OpenPGP: apache, node, debian); none for minisign's own way. */
  signingStyles: {
    request: z.strictObject({ keyId }),
    response: {} as { styles: { name: string; description: string }[]; signsComment: boolean },
  },
  /**
   * `extendable`: ids of keys whose card offers "Extend by 2 years"; `withRevocation`: ids of keys
   * whose backup includes a revocation certificate (OpenPGP); `announces`: ids of keys that may
   * announce a successor of their own kind (a transition statement both sign).
   */
  listKeys: {
    request: z.strictObject({}),
    response: {} as {
      keys: KeyInfo[];
      extendable?: string[];
      withRevocation?: string[];
      announces?: string[];
    },
  },
  /** The new passphrase is typed twice in main's passphrase window, never in the page. */
  createKey: {
    /**
     * With `email`: an OpenPGP key (User ID "name <email>", Ed25519, or RSA 4096 with `rsa`),
     * expiring in two years, with its revocation certificate kept beside it for the backup.
     */
    request: z.strictObject({
      name: displayName,
      email: z.string().min(3).max(254).optional(),
      rsa: z.boolean().optional(),
    }),
    response: {} as { key: KeyInfo },
  },
  importKey: {
    request: z.strictObject({ name: displayName, secretKeyFile: localPath }),
    response: {} as { key: KeyInfo },
  },
  /**
   * The code-signing certificates on a hardware token. Main picks the token's PKCS#11 module
   * library in its own open dialog (or takes the one the organisation's policy names) and keeps it;
   * the page never names a path. `module` is null when the person cancelled the dialog.
   */
  tokenCertificates: {
    request: z.strictObject({}),
    response: {} as { module: string | null; managed: boolean; certificates: TokenCertificate[] },
  },
  /** One of those certificates into the keystore, after main confirms in its own dialog; no PIN is asked or kept. */
  addTokenKey: {
    request: z.strictObject({
      slotId: z.string().regex(/^[0-9]{1,20}$/),
      objectLabel: z.string().max(256),
      name: displayName.optional(),
    }),
    response: {} as { key: KeyInfo },
  },
  publicKeyText: {
    request: z.strictObject({ keyId }),
    response: {} as { fileText: string; base64: string },
  },
  /** Opens a save dialog in the main process; the renderer never names the destination. */
  savePublicKey: { request: z.strictObject({ keyId }), response: {} as { savedTo: string | null } },
  /**
   * The encrypted key file through main's save dialog (main confirms first); for a key filed with a
   * revocation certificate (OpenPGP), that certificate beside it as `<file>.rev`.
   */
  backupKey: {
    request: z.strictObject({ keyId }),
    response: {} as { savedTo: string | null; revocation?: string },
  },
  /**
   * Retires a key in favour of another: main asks where to save the transition statement (its own
   * save dialog), then each key's passphrase in its own window, writes the statement with a
   * signature by each key, and marks the old key retired. `statement` is null when the person
   * cancelled the save dialog.
   */
  announceKeyTransition: {
    request: z.strictObject({ fromKeyId: keyId, toKeyId: keyId, reason: z.string().max(500).optional() }),
    response: {} as { statement: string | null; signatures: string[] },
  },
  /** Re-signs an OpenPGP key's self-signatures two years further; its passphrase is typed in main's window. */
  extendKey: {
    request: z.strictObject({ keyId }),
    response: {} as { key: KeyInfo },
  },
  /** Main confirms in its own dialog, then moves the key to the OS trash. */
  deleteKey: {
    request: z.strictObject({ keyId }),
    response: {} as { deleted: boolean },
  },
  // Settings: the download check
  /** Whether new downloads are checked, and which folder is watched. */
  downloadCheckStatus: { request: z.strictObject({}), response: {} as DownloadCheckStatus },
  /** Turning it on is confirmed in main's own dialog (the page's request is not the person's consent). */
  setDownloadCheck: {
    request: z.strictObject({ enabled: z.boolean() }),
    response: {} as DownloadCheckStatus,
  },
  /** The organisation's policy in force, as data the page says in words, or why it cannot be read. */
  policyInForce: {
    request: z.strictObject({}),
    response: {} as { summary?: PolicySummary; unreadable?: string },
  },
  /**
   * Writes the person's own signers as an organisation policy file, to where main's save dialog
   * says: the page never names the destination.
   */
  exportPolicy: { request: z.strictObject({}), response: {} as { savedTo: string | null; count: number } },
  /** userMayAdd is false where the organisation's managed list alone decides who is trusted. */
  listTrusted: {
    request: z.strictObject({}),
    /** `policyUnreadable`: the organisation's policy is there but cannot be read (why, in a sentence). */
    response: {} as { signers: TrustedSignerInfo[]; userMayAdd: boolean; policyUnreadable?: string },
  },
  addTrusted: {
    request: z.strictObject({
      name: displayName,
      note: noteText.optional(),
      // An armored OpenPGP certificate with its signatures can run to hundreds of KiB.
      keyText: z.string().min(1).max(1_000_000).optional(),
      keyFile: localPath.optional(),
      /**
       * "Trust this signer" from a verdict on this file: main adds the key only if its id is the one
       * main itself found on that file's signature.
       */
      forFile: localPath.optional(),
    }),
    /** `signers`: every entry added (a file of OpenPGP certificates adds one each); `signer` is the first. */
    /** `updated`: what a newer copy or a revocation of a trusted certificate changed, one sentence each. */
    response: {} as { signer: TrustedSignerInfo; signers: TrustedSignerInfo[]; updated?: string[] },
  },
  /** A keyless (Sigstore) signer: identity and issuer are compared exactly, never as patterns. */
  addTrustedIdentity: {
    request: z.strictObject({
      name: displayName,
      note: noteText.optional(),
      identity: sigstoreIdentity,
      issuer: oidcIssuer,
    }),
    response: {} as { signer: TrustedSignerInfo },
  },
  /** An Authenticode publisher from its certificate (PEM or DER), pinned by SHA-256 thumbprint. */
  addTrustedPublisher: {
    request: z.strictObject({
      name: displayName,
      note: noteText.optional(),
      certificateFile: localPath.optional(),
      certificateText: z.string().min(1).max(64_000).optional(),
    }),
    response: {} as { signer: TrustedSignerInfo },
  },
  removeTrusted: { request: z.strictObject({ keyId: trustEntryId }), response: {} as { removed: boolean } },
  listActivity: { request: z.strictObject({}), response: {} as { entries: ActivityEntry[] } },
  /** Native open dialog; returns chosen absolute paths (empty when cancelled). */
  chooseFiles: {
    request: z.strictObject({
      purpose: z.enum(['verify', 'sign', 'signature', 'public-key', 'secret-key', 'certificate']),
      multiple: z.boolean(),
    }),
    response: {} as { files: string[] },
  },
  revealInFolder: { request: z.strictObject({ path: localPath }), response: {} as { shown: boolean } },
  /** Only URLs on the main process's allow-list are opened. */
  openExternal: { request: z.strictObject({ url: z.url().max(2000) }), response: {} as { opened: boolean } },
} as const;

export type ChannelName = keyof typeof channels;
export type RequestOf<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = (typeof channels)[C]['response'];
export const channelNames = Object.keys(channels) as ChannelName[];

/** The download check as the Settings screen shows it. */
export interface DownloadCheckStatus {
  enabled: boolean;
  /** True while the folder is really watched (false when it could not be: missing, unreadable). */
  watching: boolean;
  /** The folder watched: the Downloads folder. */
  folder: string;
  /** A plain sentence when the folder could not be watched. */
  problem?: string;
  /** True when the organisation's policy switches it on or off: the person cannot change it. */
  setByPolicy?: boolean;
}
