import { encodeBase64 } from '../encoding/base64';
import { FormatError } from '../errors';
import {
  type AllowedSigner,
  givenKeyName,
  looksLikeOpenPgpKey,
  openPgpTrustEntries,
  parseAllowedSignersFile,
  parseMinisignPublicKey,
  parseSshPublicKeyLine,
  sshFingerprint,
} from '../formats/key-readers';
import type { StoredEntry, TrustEntry } from './trust-entry';

/** A public key as the trust list stores it, whatever text it came from. */
export interface ParsedSignerKey {
  kind: 'minisign' | 'ssh';
  keyId: string;
  publicKey: Uint8Array;
  keyNum?: Uint8Array;
  /** A name the text itself suggests (SSH comment or allowed_signers principal); only a default for the form. */
  suggestedName?: string;
  /** An allowed_signers line's restrictions, kept when the key is trusted. */
  namespaces?: string[];
  validFrom?: string;
  validUntil?: string;
}

const MAX_KEY_TEXT = 20_000;

/**
 * Accepts what people paste or pick: a minisign or signify public key file, a bare minisign key
 * string, an `ssh-ed25519 AAAA... comment` line, or one allowed_signers line.
 */
export function parseSignerKey(text: string): ParsedSignerKey {
  if (text.length > MAX_KEY_TEXT) throw new FormatError('This key text is far too long to be a public key.');
  const trimmed = text.trim();
  if (trimmed === '') throw new FormatError('No key was given.');
  if (trimmed.startsWith('ssh-')) {
    const { publicKey, comment } = parseSshPublicKeyLine(trimmed);
    return { kind: 'ssh', keyId: sshFingerprint(publicKey), publicKey, suggestedName: comment };
  }
  if (/\sssh-[a-z0-9-]+\s/.test(trimmed) && !trimmed.startsWith('untrusted comment:')) {
    const { signers, unsupported, skipped } = parseAllowedSignersFile(trimmed);
    const [first] = signers;
    if (skipped[0]) {
      throw new FormatError(`This allowed_signers line cannot be read: ${skipped[0].problem}.`);
    }
    if (unsupported[0]) {
      throw new FormatError(
        `Unsupported key type ${unsupported[0].keyType}: Signet reads Ed25519 keys only.`,
      );
    }
    if (!first || signers.length !== 1) throw new FormatError('Give exactly one allowed_signers line.');
    if (first.certAuthority) {
      throw new FormatError(
        'This allowed_signers line is a certificate authority (cert-authority). Signet does not check SSH certificates yet, so it cannot trust this line; add the signer’s own key instead.',
      );
    }
    return {
      kind: 'ssh',
      keyId: sshFingerprint(first.publicKey),
      publicKey: first.publicKey,
      suggestedName: first.principals[0],
      ...(first.namespaces ? { namespaces: first.namespaces } : {}),
      ...(first.validAfter ? { validFrom: first.validAfter.toISOString() } : {}),
      ...(first.validBefore ? { validUntil: validUntilOf(first.validBefore) } : {}),
    };
  }
  let key: ReturnType<typeof parseMinisignPublicKey>;
  try {
    key = parseMinisignPublicKey(trimmed);
  } catch (error) {
    throw new FormatError(
      `This does not look like a public key (${lowerFirst((error as Error).message)}). Copy the whole key from the publisher.`,
    );
  }
  return { kind: 'minisign', keyId: key.keyId, publicKey: key.publicKey, keyNum: key.keyNum };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');

/** The stored entry for a parsed key: the one place that knows which fields each kind keeps. */
export function entryFromKey(
  key: ParsedSignerKey,
  base: { keyId?: string; name: string; note?: string; addedAt: string; addedFrom?: string },
): Extract<StoredEntry, { publicKey: string }> {
  const common = {
    ...base,
    keyId: base.keyId ?? key.keyId,
    publicKey: encodeBase64(key.publicKey),
    ...(key.validFrom ? { validFrom: key.validFrom } : {}),
    ...(key.validUntil ? { validUntil: key.validUntil } : {}),
  };
  return key.kind === 'ssh'
    ? { ...common, kind: 'ssh', ...(key.namespaces ? { namespaces: key.namespaces } : {}) }
    : { ...common, kind: 'minisign', keyNum: encodeBase64(key.keyNum ?? new Uint8Array(8)) };
}

/**
 * A key given for one check (--pubkey): a key that is also trusted keeps its trusted name and
 * source; otherwise it is named for what it is ("the public key you gave (ID)").
 */
function givenEntry(key: ParsedSignerKey, trusted: readonly TrustEntry[]): TrustEntry {
  const entry = entryFromKey(key, { name: givenKeyName(key.keyId), addedAt: '' });
  const known = trusted.find(
    (t) => t.kind === entry.kind && 'publicKey' in t && t.publicKey === encodeBase64(key.publicKey),
  );
  return known ? { ...entry, name: known.name, source: known.source } : { ...entry, source: 'given' };
}

/** An allowed_signers file given for one check: its lines are that check's SSH trust entries. */
export function allowedSignerEntry(signer: AllowedSigner): TrustEntry {
  return {
    kind: 'ssh',
    keyId: `line ${signer.line}`,
    name: signer.principals.join(', '),
    addedAt: '',
    publicKey: encodeBase64(signer.publicKey),
    source: 'given',
    ...(signer.namespaces ? { namespaces: signer.namespaces } : {}),
    ...(signer.validAfter ? { validFrom: signer.validAfter.toISOString() } : {}),
    ...(signer.validBefore ? { validUntil: validUntilOf(signer.validBefore) } : {}),
  };
}

/** valid-before is inclusive to the second in ssh-keygen; validUntil is the first moment after it. */
function validUntilOf(validBefore: Date): string {
  return new Date(validBefore.getTime() + 1000).toISOString();
}

/**
 * Stored entries for any key input, including those read asynchronously (OpenPGP certificates,
 * armored or binary, several per file: one entry each). `bytes`, when given, is the input as read,
 * so a binary certificate is not mangled by decoding it as text.
 */
export async function entriesFromKeyInput(
  input: { text: string; bytes?: Uint8Array },
  base: { name: string; note?: string; addedAt: string; addedFrom?: string },
): Promise<StoredEntry[]> {
  const raw = input.bytes ?? input.text;
  if (looksLikeOpenPgpKey(raw)) {
    const entries = await openPgpTrustEntries(raw, { ...base, source: 'user' });
    return entries.map(({ source: _, ...stored }) => stored);
  }
  return [entryFromKey(parseSignerKey(input.text), base)];
}

/**
 * Keys given for one check (--pubkey, --pubkey-string), of any kind. A key that is also trusted
 * keeps its trusted name and source; otherwise it is named for what it is.
 */
export async function givenEntries(
  input: { text: string; bytes?: Uint8Array },
  trusted: readonly TrustEntry[],
  parse: (text: string) => ParsedSignerKey,
): Promise<TrustEntry[]> {
  const raw = input.bytes ?? input.text;
  if (!looksLikeOpenPgpKey(raw)) return [givenEntry(parse(input.text), trusted)];
  const entries = await openPgpTrustEntries(raw, { name: givenKeyName, source: 'given', addedAt: '' });
  return entries.map((entry) => {
    const known = trusted.find((t) => t.kind === entry.kind && t.keyId === entry.keyId);
    return known ? { ...entry, name: known.name, source: known.source } : entry;
  });
}
