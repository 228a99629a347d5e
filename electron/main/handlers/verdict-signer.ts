import { basename } from 'node:path';
import { signatureFactsOf } from '../../../shared/verdict-facts';
import { trustOfferOf } from '../../../shared/verdict-words';
import { SignetError } from '../../core/errors';
import type { TrustedEntry } from '../../core/trust/trust-store';
import type { VerifyOptions } from '../../core/verify/verify-options';
import type { TrustPort } from './types';
import type { RememberedVerdict } from './verdict-memory';

/**
 * A signer main found on a file's signature, ready to be trusted: what to check it with, what to
 * tell the person, and how to add it. Built only from main's own reading of the file.
 */
export interface VerdictSigner {
  /** The trust list id it will have (duplicates are refused before anyone is asked). */
  keyId: string;
  /** "certificate", "identity", "key": the noun in sentences. */
  noun: string;
  /** Lines for main's confirmation: the facts the person compares with what the publisher documents. */
  facts: string[];
  /** Trust material for main's own re-check: this signer alone must make the signature verify. */
  given: Pick<VerifyOptions, 'givenEntries' | 'publicKeyText' | 'publicKeyBytes'>;
  add(trust: TrustPort, input: { name: string; note?: string; addedFrom: string }): Promise<TrustedEntry>;
}

/**
 * The signer of a file whose signature carries its own certificate: an Authenticode publisher
 * (pinned by the thumbprint main saw) or a Sigstore identity and issuer (as the certificate states
 * them). Undefined when the verdict names neither, as for raw keys: those need the person's key.
 */
export async function signerFromVerdict(
  file: string,
  seen: RememberedVerdict,
): Promise<VerdictSigner | undefined> {
  const offer = trustOfferOf(seen);
  const facts = signatureFactsOf(seen.facts);
  if (offer === 'publisher' && facts?.kind === 'authenticode' && facts.thumbprint)
    return publisherSigner(file, facts.thumbprint);
  if (offer === 'identity' && facts?.kind === 'sigstore' && facts.identity && facts.issuer)
    return identitySigner(facts.identity, facts.issuer);
  return undefined;
}

async function publisherSigner(file: string, thumbprint: string): Promise<VerdictSigner> {
  const [{ readEmbeddedSignature }, { authenticodeModule }, { nodeCertificate }, { thumbprintOf }] =
    await Promise.all([
      import('../../core/formats/authenticode/embedded-signature'),
      import('../../core/formats/authenticode/module'),
      import('../../core/formats/authenticode/signed-data'),
      import('../../core/formats/authenticode/publisher-entry'),
    ]);
  const bytes = await readEmbeddedSignature(file);
  const signatures = bytes ? authenticodeModule.parse(bytes).signatures : [];
  const cert = signatures
    .map((s) => nodeCertificate(s.signerCert))
    .find((c) => thumbprintOf(new Uint8Array(c.raw)) === thumbprint);
  if (!cert) {
    throw new SignetError(
      'usage',
      `The signature on ${basename(file)} changed since it was checked. Check the file again, then trust its publisher. Nothing was added.`,
    );
  }
  const der = new Uint8Array(cert.raw);
  return {
    keyId: thumbprint,
    noun: 'certificate',
    facts: [
      `The certificate says (not confirmed): ${cert.subject.replace(/\n/g, ', ')}`,
      `Issued by: ${cert.issuer.replace(/\n/g, ', ')}`,
      `Valid: ${cert.validFrom} to ${cert.validTo}`,
      `Thumbprint (SHA-256): ${thumbprint}`,
    ],
    given: {
      givenEntries: [
        {
          kind: 'x509',
          keyId: thumbprint,
          thumbprintSha256: thumbprint,
          name: 'this publisher',
          addedAt: '',
          source: 'given',
        },
      ],
    },
    add: (trust, input) => trust.addPublisher({ certificate: der, ...input }),
  };
}

async function identitySigner(identity: string, issuer: string): Promise<VerdictSigner> {
  const { sigstoreIdentityEntry, sigstoreIdentityKeyId } = await import(
    '../../core/formats/sigstore/stored-entry'
  );
  const keyId = sigstoreIdentityKeyId(identity, issuer);
  return {
    keyId,
    noun: 'identity',
    facts: [`Identity: ${identity}`, `Vouched for by (OIDC issuer): ${issuer}`],
    given: {
      givenEntries: [
        { kind: 'sigstore', keyId, identity, issuer, name: identity, addedAt: '', source: 'given' },
      ],
    },
    add: (trust, { name, note }) =>
      trust.addIdentity({
        name,
        entry: (checkedName, addedAt) =>
          sigstoreIdentityEntry({ identity, issuer, name: checkedName, addedAt, ...(note ? { note } : {}) }),
      }),
  };
}

/** A key or certificate the person gave: its text, and for a binary OpenPGP certificate its bytes. */
export interface GivenKey {
  text: string;
  bytes?: Uint8Array;
}

/**
 * A key or certificate the person gave for a file's signer: which one made the signature is decided
 * by main's re-check, so only that one (one certificate of a file holding several) is added.
 */
export function givenKeySigner(key: GivenKey): VerdictSigner {
  return {
    keyId: '',
    noun: 'key',
    facts: [],
    given: { publicKeyText: key.text, ...(key.bytes ? { publicKeyBytes: key.bytes } : {}) },
    add: (trust, input) => trust.add({ keyText: key.text, ...input }),
  };
}

/** After the re-check: the one key (or certificate, for a file of several) that made the signature. */
export async function keySignerThatSigned(key: GivenKey, keyId: string): Promise<VerdictSigner> {
  const bare = keyId.replace(/\s+/g, '');
  const raw = key.bytes ?? key.text;
  const { looksLikeOpenPgpKey } = await import('../../core/formats/openpgp/certificate-text');
  if (!looksLikeOpenPgpKey(raw)) {
    return { ...givenKeySigner(key), keyId, facts: [`Key id: ${keyId}`] };
  }
  const { openPgpTrustEntries } = await import('../../core/formats/openpgp/trust-entry');
  const entries = await openPgpTrustEntries(raw, { name: 'x', source: 'user', addedAt: '' });
  const entry = entries.find((e) => e.fingerprint === bare);
  if (!entry)
    throw new SignetError(
      'usage',
      'The certificate that made the signature could not be picked out. Nothing was added.',
    );
  // Stored armored, that one certificate alone, whatever form the file had.
  return {
    ...givenKeySigner({ text: entry.certificate }),
    keyId: entry.keyId,
    noun: 'certificate',
    facts: [`Fingerprint: ${keyId}`],
  };
}
