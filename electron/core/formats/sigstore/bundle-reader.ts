import { type Bundle, bundleFromJSON, ValidationError } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { type SignedEntity, toSignedEntity } from '@sigstore/verify';
import { FormatError } from '../../errors';
import { SIGSTORE_BUNDLE_MAX_BYTES } from '../../limits';
import type { ContentNeed, ParsedSignature } from '../format-module';
import { firstBadBase64Field } from './base64-fields';
import { type BundleMediaType, type BundleVersion, bundleVersionOf } from './media-types';
import type { PrehashAlgorithm } from './prehashed-verify';

export interface SigstoreBundle extends ParsedSignature {
  format: 'sigstore';
  /** 'message': a signature over the artifact's digest; 'dsse': an envelope naming it. */
  variant: 'message' | 'dsse';
  mediaType: BundleMediaType;
  version: BundleVersion;
  /** A certificate from Fulcio (keyless) or a managed key named only by a hint. */
  keyMaterial: 'certificate' | 'public-key';
  /** The hash a message signature was made over; DSSE subjects are matched by SHA-256. */
  digestAlgorithm: PrehashAlgorithm;
  bundle: Bundle;
  /** The library's view: key, signature, log entries and timestamps, parsed once. */
  entity: SignedEntity;
}

// An unnamed hash is refused rather than read as SHA-256: a misspelt name must not pass unnoticed.
// The artifact is needed only as a digest, read once with every other digest: never whole.
const MESSAGE_HASHES: Partial<Record<HashAlgorithm, PrehashAlgorithm>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

/**
 * Parses a bundle once into the library's narrowed type; every refusal is one FormatError line.
 * No trust, no policy and no cryptography here.
 */
export function readSigstoreBundle(bytes: Uint8Array): SigstoreBundle {
  if (bytes.length > SIGSTORE_BUNDLE_MAX_BYTES) {
    throw new FormatError(
      `The Sigstore bundle is too large to be real (over ${SIGSTORE_BUNDLE_MAX_BYTES / (1024 * 1024)} MiB).`,
    );
  }
  const json = parseJson(bytes);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FormatError('The Sigstore bundle is not a JSON object.');
  }
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  const version = bundleVersionOf(mediaType);
  if (!version) {
    throw new FormatError(
      typeof mediaType === 'string' && mediaType.startsWith('application/vnd.dev.sigstore.bundle')
        ? 'The Sigstore bundle is of a version Signet does not read.'
        : 'The file is not a Sigstore bundle (no bundle media type).',
    );
  }
  const badField = firstBadBase64Field(json);
  if (badField) throw new FormatError(`The Sigstore bundle is damaged (${badField} is not base64).`);
  const bundle = fromJson(json);
  const content = bundle.content;
  const material = bundle.verificationMaterial.content;
  const digestAlgorithm =
    content.$case === 'messageSignature'
      ? MESSAGE_HASHES[content.messageSignature.messageDigest.algorithm]
      : 'sha256';
  // A single certificate arrived with v0.3; older bundles carry a chain. The library's v0.1
  // validator does not ask, so a relabelled bundle would otherwise pass as the older version.
  if (material.$case === 'certificate' && version !== '0.3') {
    throw new FormatError(`A version ${version} Sigstore bundle cannot carry a lone certificate.`);
  }
  if (content.$case === 'dsseEnvelope' && content.dsseEnvelope.signatures.length !== 1) {
    throw new FormatError('The Sigstore bundle must hold exactly one envelope signature.');
  }
  if (!digestAlgorithm) {
    throw new FormatError('The Sigstore bundle signs with a hash Signet does not compute.');
  }
  refuseCertificateAuthorities(bundle);
  const needs: readonly ContentNeed[] = [{ kind: 'digests', algorithms: [digestAlgorithm] }];
  return {
    format: 'sigstore',
    variant: content.$case === 'dsseEnvelope' ? 'dsse' : 'message',
    mediaType: mediaType as BundleMediaType,
    version,
    keyMaterial: material.$case === 'publicKey' ? 'public-key' : 'certificate',
    digestAlgorithm,
    bundle,
    entity: signedEntityOf(bundle),
    needs,
  };
}

/**
 * Roots come only from the trusted root. A bundle whose chain carries a self-issued certificate,
 * or whose signing certificate is itself a CA, is refused as the conformance suite requires:
 * @sigstore/verify builds its path from the trusted root and does not refuse them itself.
 */
function refuseCertificateAuthorities(bundle: Bundle): void {
  const material = bundle.verificationMaterial.content;
  const raw =
    material.$case === 'x509CertificateChain'
      ? material.x509CertificateChain.certificates.map((c) => c.rawBytes)
      : material.$case === 'certificate'
        ? [material.certificate.rawBytes]
        : [];
  let leafIsCA: boolean;
  let selfIssued: boolean;
  try {
    // The library parses lazily: a damaged certificate can fail on any getter, not only parse().
    const certificates = raw.map((bytes) => X509Certificate.parse(Buffer.from(bytes)));
    leafIsCA = certificates[0]?.isCA ?? false;
    selfIssued = certificates.some((c) => c.subject.equals(c.issuer));
  } catch {
    throw new FormatError('The Sigstore bundle holds a certificate that cannot be read.');
  }
  if (leafIsCA) {
    throw new FormatError(
      'The Sigstore bundle is signed by a certificate authority, not a signing certificate.',
    );
  }
  if (selfIssued) {
    throw new FormatError(
      'The Sigstore bundle carries a root certificate; roots come only from the trusted root.',
    );
  }
}

/** Parses the certificate and RFC 3161 timestamps now, so a damaged one reads as malformed. */
function signedEntityOf(bundle: Bundle): SignedEntity {
  try {
    return toSignedEntity(bundle);
  } catch {
    throw new FormatError('The Sigstore bundle holds a certificate or time stamp that cannot be read.');
  }
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FormatError('The Sigstore bundle is not valid JSON.');
  }
}

function fromJson(json: object): Bundle {
  try {
    return bundleFromJSON(json);
  } catch (error) {
    if (error instanceof ValidationError) {
      const fields = (error as ValidationError & { fields?: string[] }).fields ?? [];
      const which = fields.length > 0 ? ` (missing or wrong: ${fields.slice(0, 3).join(', ')})` : '';
      throw new FormatError(`The Sigstore bundle is incomplete${which}.`);
    }
    // protobuf-specs throws plain errors on wrong JSON types (a number where text belongs).
    throw new FormatError('The Sigstore bundle has a field of the wrong type.');
  }
}
