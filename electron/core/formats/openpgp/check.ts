import type { Key } from 'openpgp';
import { hashLabel } from '../../../../shared/hash-label';
import type { OpenPgpFacts, OtherSignature } from '../../../../shared/verdict-facts';
import { keyPhrase, vouchedByFor } from '../common/reasons';
import type { CheckContext, ContentFacts, FormatCheck } from '../format-module';
import { claimedUserIds, primaryFingerprint, readCertificatesCached } from './certificate';
import { mayHaveMade } from './certificate-names';
import { algorithmWords, issuerPhrase, issuerWords, lowerFirst } from './describe';
import { formatFingerprint } from './fingerprint';
import { keyValidityAt, policyKeyOf, type SigningKey, signingCandidates } from './key-validity';
import type { OpenPgpParsed } from './parse-signature';
import type { OpenPgpSignature } from './signature-packet';
import { signatureRules } from './signature-rules';
import { contentNeedOf } from './suffix';
import { digestBytesWithSuffixes } from './suffixed-digest';
import type { OpenPgpTrustEntry } from './trust-entry';
import { verifyDigest } from './verify-digest';

/** The answer for one signature of the file, with what the details panel needs. */
interface SignatureResult {
  check: FormatCheck;
  /** The signature names a key in the trust list (so its failure counts as tampering). */
  trusted: boolean;
}

interface TrustedKey {
  entry: OpenPgpTrustEntry;
  signing: SigningKey;
}

/**
 * Verdict over every signature in the file: valid when one is valid and made by a trusted
 * signer, unless one by a trusted signer does not match (then invalid: tampered). Never throws.
 */
export async function checkOpenPgp(
  parsed: OpenPgpParsed,
  content: ContentFacts,
  ctx: CheckContext<OpenPgpTrustEntry>,
): Promise<FormatCheck> {
  try {
    const digests = digestsFor(parsed, content);
    // Only certificates holding a key the signatures name are parsed: a keyring may hold a thousand.
    const trusted = await trustedCertificates(
      ctx.trust.filter((entry) => parsed.signatures.some((sig) => mayHaveMade(entry.certificate, sig))),
    );
    const results: SignatureResult[] = [];
    for (const [i, sig] of parsed.signatures.entries()) {
      results.push(await checkOne(sig, digests[i], trusted, ctx));
    }
    return combine(results, parsed, ctx.what);
  } catch {
    return {
      outcome: 'invalid',
      reason: `${ctx.what} could not be checked against its OpenPGP signature.`,
      algorithm: 'OpenPGP',
    };
  }
}

/** One digest per signature (undefined where its hash is unreadable), from the one read or the carried text. */
function digestsFor(parsed: OpenPgpParsed, content: ContentFacts): (Uint8Array | undefined)[] {
  const needs = parsed.signatures.map(contentNeedOf);
  const present = needs.filter((n) => n !== undefined);
  const made = parsed.signedBytes ? digestBytesWithSuffixes(parsed.signedBytes, present) : content.suffixed;
  let next = 0;
  return needs.map((need) => (need ? made[next++] : undefined));
}

async function trustedCertificates(
  entries: readonly OpenPgpTrustEntry[],
): Promise<{ entry: OpenPgpTrustEntry; cert: Key }[]> {
  const found: { entry: OpenPgpTrustEntry; cert: Key }[] = [];
  for (const entry of entries) {
    let certs: Key[];
    try {
      certs = await readCertificatesCached(entry.certificate);
    } catch {
      continue;
    }
    // The entry lends its name only to the certificate whose fingerprint it was added for.
    for (const cert of certs) if (primaryFingerprint(cert) === entry.fingerprint) found.push({ entry, cert });
  }
  return found;
}

async function checkOne(
  sig: OpenPgpSignature,
  digest: Uint8Array | undefined,
  trusted: readonly { entry: OpenPgpTrustEntry; cert: Key }[],
  ctx: CheckContext<OpenPgpTrustEntry>,
): Promise<SignatureResult> {
  const named = issuerWords(sig);
  const base = {
    algorithm: algorithmWords(sig),
    ...(named ? { keyId: named } : {}),
    facts: signatureFacts(sig, undefined, ctx.trustSource === 'given'),
  };
  const rules = signatureRules(sig, ctx.policy);
  if (!rules.ok) {
    return {
      trusted: false,
      check: { ...base, outcome: 'refused', rule: rules.rule, reason: refusedReason(ctx.what, rules.detail) },
    };
  }
  const keys: TrustedKey[] = trusted.flatMap(({ entry, cert }) =>
    signingCandidates(cert, sig).map((signing) => ({ entry, signing })),
  );
  if (keys.length === 0) {
    return {
      trusted: false,
      check: {
        ...base,
        outcome: 'unknown-signer',
        reason: `${ctx.what} was signed with ${issuerPhrase(sig)}, which is not one of your trusted signers.`,
      },
    };
  }
  const failures: SignatureResult[] = [];
  for (const key of keys) {
    const result = await checkWithKey(sig, digest, key, ctx);
    if (result.check.outcome === 'valid') return result;
    failures.push(result);
  }
  // A signature that names no key cannot be told apart from one by a stranger when no trusted
  // key's maths fits: that is not tampering.
  const namesKey = sig.issuerKeyId !== undefined || sig.issuerFingerprint !== undefined;
  if (!namesKey && failures.every((f) => f.check.outcome === 'invalid')) {
    return {
      trusted: false,
      check: {
        ...base,
        outcome: 'unknown-signer',
        reason: `${ctx.what} has an OpenPGP signature that names no key, and none of your trusted signers made it.`,
      },
    };
  }
  return failures.find((f) => f.check.outcome !== 'invalid') ?? (failures[0] as SignatureResult);
}

async function checkWithKey(
  sig: OpenPgpSignature,
  digest: Uint8Array | undefined,
  { entry, signing }: TrustedKey,
  ctx: CheckContext<OpenPgpTrustEntry>,
): Promise<SignatureResult> {
  const fingerprint = primaryFingerprint(signing.cert);
  const keyInfo = signing.packet.getAlgorithmInfo() as { bits?: number; curve?: string };
  const base = {
    algorithm: algorithmWords(sig, keyInfo),
    keyId: formatFingerprint(fingerprint),
    details: keyDetails(sig, signing),
    facts: signatureFacts(sig, signing, entry.source === 'given'),
  };
  // Key size first: a refused key is refused whether or not the file changed.
  const size = ctx.policy.key(policyKeyOf(signing.packet));
  if (!size.ok) {
    return {
      trusted: true,
      check: { ...base, outcome: 'refused', rule: size.rule, reason: refusedReason(ctx.what, size.detail) },
    };
  }
  if (!digest || !(await verifyDigest(sig.packet, signing.packet, digest))) {
    return {
      trusted: true,
      check: {
        ...base,
        outcome: 'invalid',
        reason: `${ctx.what} does not match its signature: its contents changed after it was signed.`,
      },
    };
  }
  // A creation time after the job's reference time is a clock error or a lie: never trusted.
  const made = ctx.policy.window({ from: sig.created });
  if (!made.ok) {
    return {
      trusted: true,
      check: {
        ...base,
        outcome: 'unknown-signer',
        rule: made.rule,
        reason: `The signature on ${lowerFirst(ctx.what)} claims to be made in the future (${sig.created.toISOString()}).`,
      },
    };
  }
  const validity = await keyValidityAt(signing, sig.created, ctx.policy, ctx.what);
  if (!validity.ok) {
    return {
      trusted: true,
      check: {
        ...base,
        outcome: validity.outcome,
        ...(validity.rule ? { rule: validity.rule } : {}),
        reason: validity.reason,
      },
    };
  }
  return {
    trusted: true,
    check: {
      ...base,
      outcome: 'valid',
      reason: `${ctx.what} matches its OpenPGP signature, made with ${keyPhrase(entry.name)}.`,
      signerName: entry.name,
      signerManaged: entry.source === 'managed',
      vouchedBy: vouchedByFor(entry.source),
      signedAt: sig.created.toISOString(),
      signedAtSource: 'signer',
    },
  };
}

function keyDetails(sig: OpenPgpSignature, signing: SigningKey): { label: string; value: string }[] {
  const details = [{ label: 'Fingerprint', value: formatFingerprint(primaryFingerprint(signing.cert)) }];
  for (const id of claimedUserIds(signing.cert)) details.push({ label: 'The key says', value: id });
  if (signing.subkey) {
    details.push({ label: 'Signing subkey', value: formatFingerprint(signing.packet.getFingerprint()) });
  }
  details.push({ label: 'Signature made', value: sig.created.toISOString() });
  if (sig.hash) details.push({ label: 'Hash', value: hashLabel(sig.hash) });
  return details;
}

const issuerId = (sig: OpenPgpSignature) => sig.issuerFingerprint ?? sig.issuerKeyId;

/** The same facts, typed; the User IDs are only those a valid self-signature binds. */
function signatureFacts(
  sig: OpenPgpSignature,
  signing: SigningKey | undefined,
  givenKey: boolean,
): OpenPgpFacts {
  return {
    kind: 'openpgp',
    ...(issuerId(sig) ? { issuer: formatFingerprint(issuerId(sig) ?? '') } : {}),
    ...(signing ? { fingerprint: formatFingerprint(primaryFingerprint(signing.cert)) } : {}),
    ...(signing?.subkey ? { signingSubkey: formatFingerprint(signing.packet.getFingerprint()) } : {}),
    userIds: signing ? claimedUserIds(signing.cert) : [],
    ...(sig.hash ? { hash: hashLabel(sig.hash) } : {}),
    signatureTime: sig.created.toISOString(),
    cleartext: false,
    givenKey,
    others: [],
  };
}

function refusedReason(what: string, detail: string): string {
  return `${what} has an OpenPGP signature Signet refuses: ${detail}.`;
}

const SHORT: Record<FormatCheck['outcome'], OtherSignature['outcome']> = {
  valid: 'valid',
  invalid: 'does not match',
  'unknown-signer': 'not trusted',
  refused: 'refused',
};

function combine(results: readonly SignatureResult[], parsed: OpenPgpParsed, what: string): FormatCheck {
  const pick =
    results.find((r) => r.trusted && r.check.outcome === 'invalid') ??
    results.find((r) => r.check.outcome === 'valid') ??
    results.find((r) => r.check.outcome === 'refused') ??
    results.find((r) => r.trusted) ??
    results[0];
  if (!pick) return { outcome: 'invalid', reason: `${what} has no OpenPGP signature.`, algorithm: 'OpenPGP' };
  const details = [...(pick.check.details ?? [])];
  if (parsed.variant === 'cleartext')
    details.push({ label: 'Kind', value: 'Cleartext-signed text (the signature is inside the file)' });
  if (results.length > 1) {
    for (const [i, r] of results.entries()) {
      if (r === pick) continue;
      details.push({
        label: `Signature ${i + 1} of ${results.length}`,
        value: `${r.check.keyId ?? 'unknown key'}: ${SHORT[r.check.outcome]}`,
      });
    }
  }
  const facts = pick.check.facts?.kind === 'openpgp' ? pick.check.facts : undefined;
  return {
    ...pick.check,
    details,
    ...(facts
      ? {
          facts: {
            ...facts,
            cleartext: parsed.variant === 'cleartext',
            others: results
              .filter((r) => r !== pick)
              .map((r) => ({ signer: r.check.keyId ?? 'unknown key', outcome: SHORT[r.check.outcome] })),
          },
        }
      : {}),
  };
}
