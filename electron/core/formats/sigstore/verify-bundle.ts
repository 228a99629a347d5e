import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  type SignedEntity,
  type Signer,
  type TrustMaterial,
  toTrustMaterial,
  VerificationError,
  Verifier,
} from '@sigstore/verify';
import { namesOtherFile, otherFileCheck } from '../common/other-file';
import type { FormatCheck } from '../format-module';
import { bundleIsComplete } from './bundle-completeness';
import type { SigstoreBundle } from './bundle-reader';
import { certificateIsForCodeSigning } from './certificate-purpose';
import { bundleDetails, bundleFacts, signedTimeOf, statedText, vouchedTimesOf } from './check-details';
import { DigestSignatureContent } from './digest-content';
import { DsseSignatureContent } from './dsse-content';
import { matchInTotoSubject } from './dsse-subject';
import { failureOf, lower } from './error-outcome';
import { loggedKeyIsAnother } from './logged-key';
import { checkpointNamesArePlain, proofsAgreeWithCheckpoints } from './proof-consistency';
import { madeOnAnotherInstance } from './sigstore-instance';
import { type CertificateIdentity, findTrustedIdentity, type SigstoreTrustEntry } from './trust-entry';
import type { LoadedTrustedRoot } from './trusted-root';

/** A managed (non-Fulcio) key given for one run (`--pubkey`), with the name the person gave it. */
export interface ManagedKey {
  key: KeyObject;
  name: string;
}

export interface SigstoreCheckInput {
  parsed: SigstoreBundle;
  /** The artifact's digest in `parsed.digestAlgorithm`, from the one streaming read. */
  artifactDigest: Buffer;
  root: LoadedTrustedRoot;
  trust: readonly SigstoreTrustEntry[];
  managedKey?: ManagedKey;
  /** The job's reference time: logged times after it are refused. */
  now: Date;
  what: string;
  /** The checked file's name: an attestation whose subjects all name other files is not for it. */
  fileName?: string;
}

/**
 * Everything Sigstore's clients check, offline, in the library's fixed order (timestamps, signing
 * key against the trusted root, log entries, signature), then what the library leaves to callers:
 * that the artifact is the one the bundle names, and the exact identity. Never throws.
 */
export function checkSigstoreBundle(input: SigstoreCheckInput): FormatCheck {
  const { parsed, what } = input;
  const algorithm = algorithmLabel(parsed);
  try {
    const early = artifactMismatch(input);
    if (early) return { ...early, algorithm };
    if (parsed.keyMaterial === 'public-key' && !input.managedKey) {
      return {
        outcome: 'unknown-signer',
        algorithm,
        reason: `${what} was signed with a managed key; give its public key to check it.`,
      };
    }
    if (!isUnlogged(input) && !bundleIsComplete(parsed.entity)) {
      return {
        outcome: 'refused',
        rule: 'incomplete-bundle',
        algorithm,
        reason: `The Sigstore bundle for ${lower(what)} is incomplete: it lacks its transparency-log record or a signed time.`,
      };
    }
    const entries = parsed.entity.tlogEntries;
    if (!checkpointNamesArePlain(entries) || !proofsAgreeWithCheckpoints(entries)) {
      return {
        outcome: 'invalid',
        algorithm,
        reason: `The transparency-log record in the Sigstore bundle for ${lower(what)} does not check out.`,
      };
    }
    if (madeOnAnotherInstance(parsed.bundle, input.root.root)) {
      return {
        outcome: 'unknown-signer',
        rule: 'other-instance',
        algorithm,
        reason: `${what} was signed through a Sigstore service you do not trust.`,
      };
    }
    const { entity, content } = entityFor(input);
    const signer = verifier(input).verify(entity);
    if (content?.unsupportedKey) {
      return {
        outcome: 'refused',
        rule: 'refused-algorithm',
        algorithm,
        reason: `${what} is signed with a kind of key Signet cannot check without reading the whole file.`,
      };
    }
    if (!certificateIsForCodeSigning(parsed.bundle)) {
      return {
        outcome: 'unknown-signer',
        rule: 'wrong-purpose',
        algorithm,
        reason: `The certificate that signed ${lower(what)} was not issued for signing code.`,
      };
    }
    if (vouchedTimesOf(entity).some((t) => t.getTime() > input.now.getTime())) {
      return {
        outcome: 'invalid',
        algorithm,
        reason: `The Sigstore bundle for ${lower(what)} claims it was logged in the future.`,
      };
    }
    const subject = subjectOf(input);
    if (!subject.ok) return { ...subject.failure, algorithm };
    const result = answer(input, signer, entity, algorithm);
    if (subject.details.length === 0) return result;
    return {
      ...result,
      details: [...(result.details ?? []), ...subject.details],
      ...(result.facts?.kind === 'sigstore' && subject.attestation
        ? { facts: { ...result.facts, attestation: subject.attestation } }
        : {}),
    };
  } catch (error) {
    // The log entries checked out before the signature was tried, so the key they recorded is
    // known: a signature by another key is an unknown signer, not a changed file.
    if (
      error instanceof VerificationError &&
      error.code === 'SIGNATURE_ERROR' &&
      input.managedKey &&
      loggedKeyIsAnother(parsed.entity.tlogEntries, input.managedKey.key)
    ) {
      return {
        outcome: 'unknown-signer',
        algorithm,
        reason: `${what} was signed with a different key from the one you gave.`,
      };
    }
    return { ...failureOf(error, what), algorithm };
  }
}

function answer(
  input: SigstoreCheckInput,
  signer: Signer,
  entity: SignedEntity,
  algorithm: string,
): FormatCheck {
  const { parsed, what } = input;
  const stated: CertificateIdentity = {
    identity: signer.identity?.subjectAlternativeName,
    issuer: signer.identity?.extensions?.issuer,
  };
  const details = bundleDetails(parsed, entity, input.root, input.now, stated);
  const facts = bundleFacts(parsed, entity, input.root, stated);
  const signedAt = signedTimeOf(entity);
  const timeFacts = signedAt
    ? {
        signedAt: signedAt.toISOString(),
        signedAtSource: entity.tlogEntries.some((e) => e.integratedTime && e.integratedTime !== '0')
          ? ('transparency-log' as const)
          : ('timestamp' as const),
      }
    : {};
  if (parsed.keyMaterial === 'public-key' && input.managedKey) {
    return {
      outcome: 'valid',
      algorithm,
      reason: `${what} was signed with the key you gave.`,
      signerName: input.managedKey.name,
      vouchedBy: 'The public key you gave',
      details,
      facts,
      ...timeFacts,
    };
  }
  const entry = findTrustedIdentity(stated, input.trust);
  if (!entry) {
    return {
      outcome: 'unknown-signer',
      rule: 'identity-mismatch',
      algorithm,
      reason: `${what} was signed by ${statedText(stated.identity, 'an unnamed identity')} (vouched for by ${statedText(stated.issuer, 'no issuer')}), which is not in your trust list.`,
      details,
      facts,
    };
  }
  return {
    outcome: 'valid',
    algorithm,
    reason: `${what} was signed by ${entry.name}.`,
    signerName: entry.name,
    signerManaged: entry.source === 'managed',
    vouchedBy: entry.source === 'managed' ? 'Your organisation' : 'Your trust list',
    details,
    facts,
    ...timeFacts,
  };
}

function verifier(input: SigstoreCheckInput): Verifier {
  const managed = input.managedKey;
  const material: TrustMaterial = toTrustMaterial(
    input.root.root,
    managed ? () => ({ publicKey: managed.key, validFor: () => true }) : undefined,
  );
  // An unlogged bundle still has its signature checked against the given key, and any RFC 3161
  // time stamp it carries against the root's authorities (a bad one throws whatever the count).
  const logged = isUnlogged(input) ? 0 : 1;
  return new Verifier(material, { tlogThreshold: logged, ctlogThreshold: 1, timestampThreshold: logged });
}

/**
 * A managed-key bundle made without a transparency log (cosign `--tlog-upload=false`, Signet
 * `--no-tlog`), checked with the key the person gave: only that key vouches for it, and nothing
 * vouches for when it was signed. A keyless bundle always needs its log: a certificate that lives
 * ten minutes means nothing without a time someone else vouched for.
 */
function isUnlogged(input: SigstoreCheckInput): boolean {
  return (
    input.parsed.keyMaterial === 'public-key' &&
    input.managedKey !== undefined &&
    input.parsed.entity.tlogEntries.length === 0
  );
}

function entityFor(input: SigstoreCheckInput): {
  entity: SignedEntity;
  content?: DigestSignatureContent;
} {
  const { parsed } = input;
  const bundleContent = parsed.bundle.content;
  if (bundleContent.$case === 'dsseEnvelope') {
    const signature = new DsseSignatureContent(bundleContent.dsseEnvelope, parsed.entity.tlogEntries);
    return { entity: { ...parsed.entity, signature } };
  }
  const content = new DigestSignatureContent(
    bundleContent.messageSignature,
    parsed.digestAlgorithm,
    input.artifactDigest,
  );
  return { entity: { ...parsed.entity, signature: content }, content };
}

/** The bundle's message digest is only a hint, but one that disagrees with the file is a mismatch. */
function artifactMismatch(input: SigstoreCheckInput): Omit<FormatCheck, 'algorithm'> | undefined {
  const content = input.parsed.bundle.content;
  if (content.$case !== 'messageSignature') return undefined;
  const claimed = content.messageSignature.messageDigest?.digest;
  if (claimed && claimed.length > 0 && !Buffer.from(claimed).equals(input.artifactDigest)) {
    return { outcome: 'invalid', reason: `${input.what} is not the file this Sigstore bundle signs.` };
  }
  return undefined;
}

type SubjectAnswer =
  | {
      ok: true;
      details: { label: string; value: string }[];
      attestation?: { subjectName?: string; predicateType?: string };
    }
  | { ok: false; failure: Omit<FormatCheck, 'algorithm'> };

/** A DSSE bundle covers the file only through its statement's subjects; say which one. */
function subjectOf(input: SigstoreCheckInput): SubjectAnswer {
  const content = input.parsed.bundle.content;
  if (content.$case !== 'dsseEnvelope') return { ok: true, details: [] };
  const match = matchInTotoSubject(content.dsseEnvelope, input.artifactDigest);
  if (match.ok) {
    const details = [
      { label: 'Attestation names the file as', value: statedText(match.subjectName, '(no name)') },
      { label: 'Attestation type', value: statedText(match.predicateType, '(none)') },
    ];
    const attestation = {
      ...(match.subjectName ? { subjectName: match.subjectName } : {}),
      ...(match.predicateType ? { predicateType: match.predicateType } : {}),
    };
    return { ok: true, details, attestation };
  }
  if (
    match.why === 'no-matching-subject' &&
    match.names.length > 0 &&
    match.names.every((name) => namesOtherFile(name, input.fileName))
  ) {
    return { ok: false, failure: otherFileCheck(match.names[0]!, {}) };
  }
  const reason =
    match.why === 'not-in-toto'
      ? `The Sigstore bundle for ${lower(input.what)} signs an attestation that names no file.`
      : `${input.what} is not a file the signed attestation names.`;
  return { ok: false, failure: { outcome: 'invalid', reason } };
}

function algorithmLabel(parsed: SigstoreBundle): string {
  const kind = parsed.variant === 'dsse' ? 'DSSE in-toto attestation' : 'message signature';
  const key = parsed.keyMaterial === 'public-key' ? 'managed key' : 'Fulcio certificate';
  return `Sigstore bundle v${parsed.version}, ${kind}, ${key}`;
}

/** Reads a PEM or DER public key given with `--pubkey`; undefined when it is not one. */
export function managedKeyFrom(bytes: Uint8Array, name: string): ManagedKey | undefined {
  try {
    const text = Buffer.from(bytes).toString('utf8');
    const key = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(bytes), format: 'der', type: 'spki' });
    return { key, name };
  } catch {
    return undefined;
  }
}
