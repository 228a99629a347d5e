import { signatureFactsOf } from '../../../shared/verdict-facts';
import { trustOfferOf } from '../../../shared/verdict-words';
import { SignetError } from '../../core/errors';
import { looksLikeOpenPgpKey, openPgpTrustEntries } from '../../core/formats/key-readers';
import { formatOf } from '../../core/formats/registry';
import type { VerdictSigner } from '../../core/formats/verdict-signer';
import type { RememberedVerdict } from './verdict-memory';

/**
 * The signer of a file whose signature carries its own certificate (a publisher, a keyless
 * identity), as the format that read it builds it from main's verdict. Undefined when the verdict
 * names none, as for raw keys: those need the person's key.
 */
export async function signerFromVerdict(
  file: string,
  seen: RememberedVerdict,
): Promise<VerdictSigner | undefined> {
  const offer = trustOfferOf(seen);
  const facts = signatureFactsOf(seen.facts);
  if (!offer || !facts) return undefined;
  return formatOf(facts.kind)?.verdictSigner?.(file, facts, offer);
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
  if (!looksLikeOpenPgpKey(raw)) {
    return { ...givenKeySigner(key), keyId, facts: [`Key id: ${keyId}`] };
  }
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
