import * as asn1js from 'asn1js';
import type { AuthenticodeFacts } from '../../../../shared/verdict-facts';
import { FormatError } from '../../errors';
import type { CheckContext, ContentFacts, FormatCheck } from '../format-module';
import { anchorsOf } from './chain';
import { commonNameOf } from './common-name';
import {
  chainNames,
  evaluateSignature,
  leafThumbprint,
  type SignatureEvaluation,
} from './evaluate-signature';
import { displayName, subjectLine } from './names';
import { OID } from './oids';
import type { TrustedPublisher } from './publisher-entry';
import { type AuthenticodeSignature, attribute } from './signed-data';

type Detail = { label: string; value: string };

const REVOCATION: Detail = {
  label: 'Revocation',
  value: 'Not checked: finding out whether the certificate was withdrawn needs the internet',
};

/**
 * Every signature in the file is evaluated. Any one that shows a change wins (a changed file is
 * changed whatever else it carries); otherwise the first valid one, then the first unknown-signer,
 * then the first refused. A SHA-1 signature beside a valid SHA-256 one is listed, never counted.
 */
export function checkAuthenticode(
  sigs: readonly AuthenticodeSignature[],
  content: ContentFacts,
  ctx: CheckContext<TrustedPublisher>,
  subject: 'pe' | 'msi',
): FormatCheck {
  let evaluations: SignatureEvaluation[];
  try {
    const evaluation = {
      anchors: anchorsOf(ctx.material.caRoots),
      trust: ctx.trust,
      policy: ctx.policy,
      onlyListed: ctx.onlyListedSigners === true,
      subject,
    };
    evaluations = sigs.map((sig) => evaluateSignature(sig, content, evaluation));
  } catch (error) {
    // check() never throws on bad data: a structure problem found this late is still "malformed".
    const reason = error instanceof FormatError ? error.message : 'The signature could not be read.';
    return { outcome: 'refused', rule: 'refused-algorithm', reason, algorithm: 'Authenticode' };
  }
  const pick =
    evaluations.find((e) => e.outcome === 'invalid') ??
    evaluations.find((e) => e.outcome === 'valid') ??
    evaluations.find((e) => e.outcome === 'unknown-signer') ??
    evaluations[0];
  if (!pick)
    return {
      outcome: 'refused',
      rule: 'refused-algorithm',
      reason: 'The file carries no signature Signet reads.',
      algorithm: 'Authenticode',
    };
  const others = evaluations.filter((e) => e !== pick);
  const what = ctx.what;
  const result: FormatCheck = {
    outcome: pick.outcome,
    reason: sentence(what, pick),
    algorithm: pick.algorithm,
    details: details(pick, others),
  };
  if (pick.rule) result.rule = pick.rule;
  if (pick.leaf) result.keyId = leafThumbprint(pick.leaf);
  if (pick.chain) result.issuerChain = pick.chain.path.map((c) => commonNameOf(c.subject));
  if (pick.outcome !== 'valid') return withFacts(result, pick, others);

  if (pick.pinned) {
    result.signerName = pick.pinned.name;
    result.signerManaged = pick.pinned.source === 'managed';
    result.vouchedBy =
      pick.pinned.source === 'managed' ? 'Your organisation’s trust list' : 'Your trust list';
  } else {
    result.signerName = displayName(pick.sig.signerCert.subject);
    const issuer = pick.chain?.path[1];
    result.vouchedBy = issuer ? commonNameOf(issuer.subject) : 'a certificate authority you trust';
  }
  const timestamp = pick.timestamp;
  if (timestamp?.ok) {
    result.signedAt = timestamp.at.toISOString();
    result.signedAtSource = 'timestamp';
  } else {
    const claimed = signingTimeClaim(pick.sig);
    if (claimed) {
      result.signedAt = claimed.toISOString();
      result.signedAtSource = 'signer';
    }
  }
  return withFacts(result, pick, others);
}

/** The check's facts, typed: who chose the publisher, the chain, and the publisher's own claims. */
function withFacts(
  result: FormatCheck,
  pick: SignatureEvaluation,
  others: readonly SignatureEvaluation[],
): FormatCheck {
  const sig = pick.sig;
  const ts = pick.timestamp;
  const valid = pick.outcome === 'valid';
  const facts: AuthenticodeFacts = {
    kind: 'authenticode',
    ...(result.signerName ? { publisher: result.signerName } : {}),
    ...(result.vouchedBy ? { vouchedBy: result.vouchedBy } : {}),
    ...(valid
      ? {
          chosenBy: pick.pinned
            ? pick.pinned.source === 'managed'
              ? ('organisation' as const)
              : ('you' as const)
            : ('certificate-authority' as const),
        }
      : {}),
    chain: [...(result.issuerChain ?? [])],
    ...(result.keyId ? { thumbprint: result.keyId } : {}),
    ...(!valid || pick.pinned ? { certificateSays: subjectLine(sig.signerCert.subject) } : {}),
    ...(pick.leaf && pick.leaf.subject === pick.leaf.issuer ? { selfSigned: true } : {}),
    ...(result.signedAt ? { signedAt: result.signedAt } : {}),
    ...(result.signedAtSource ? { signedAtSource: result.signedAtSource } : {}),
    ...(ts?.ok
      ? { timestampNote: `${ts.kind} from ${ts.authority}: signed at ${ts.at.toISOString()}` }
      : ts
        ? { timestampNote: `Ignored: ${ts.reason}. The certificate was checked at today’s date.` }
        : {}),
    ...(sig.programName ? { programName: sig.programName } : {}),
    ...(sig.moreInfoUrl ? { moreInfoUrl: sig.moreInfoUrl } : {}),
    others: others.map((other) => ({
      signer: other.algorithm,
      outcome:
        other.outcome === 'valid'
          ? 'valid'
          : other.outcome === 'invalid'
            ? 'does not match'
            : other.outcome === 'unknown-signer'
              ? 'not trusted'
              : 'refused',
      ...(other.sig.depth > 0 ? { nested: true } : {}),
      ...(other.outcome === 'valid' ? {} : { note: other.reason }),
    })),
  };
  return { ...result, facts };
}

function sentence(what: string, e: SignatureEvaluation): string {
  switch (e.outcome) {
    case 'valid':
      return `${what} is signed by ${e.pinned ? e.pinned.name : displayName(e.sig.signerCert.subject)} and has not changed since.`;
    case 'invalid':
      return `${what} cannot be trusted: ${e.reason}.`;
    case 'unknown-signer':
      return `${what} is signed, but ${e.reason}.`;
    default:
      return `${what} has a signature Signet will not accept: ${e.reason}.`;
  }
}

function details(pick: SignatureEvaluation, others: readonly SignatureEvaluation[]): Detail[] {
  const out: Detail[] = [];
  const sig = pick.sig;
  if (pick.outcome !== 'valid' || pick.pinned) {
    out.push({ label: 'The certificate says (not confirmed)', value: subjectLine(sig.signerCert.subject) });
  }
  if (pick.chain) {
    out.push({ label: 'Certificate chain', value: chainNames(pick.chain.path) });
  }
  if (pick.leaf) out.push({ label: 'Certificate thumbprint (SHA-256)', value: leafThumbprint(pick.leaf) });
  const ts = pick.timestamp;
  if (ts?.ok) {
    out.push({
      label: 'Timestamp',
      value: `${ts.kind} from ${ts.authority}: signed at ${ts.at.toISOString()}`,
    });
  } else if (ts) {
    out.push({
      label: 'Timestamp',
      value: `Ignored: ${ts.reason}. The certificate was checked at today’s date.`,
    });
  } else if (pick.leaf) {
    out.push({ label: 'Timestamp', value: 'None: the certificate was checked at today’s date' });
  }
  if (sig.programName)
    out.push({ label: 'Program name (the publisher’s own claim)', value: sig.programName });
  if (sig.moreInfoUrl) out.push({ label: 'Web address (the publisher’s own claim)', value: sig.moreInfoUrl });
  for (const other of others) {
    out.push({
      label: other.sig.depth > 0 ? 'Nested signature' : 'Another signature',
      value: `${other.algorithm}: ${other.outcome === 'valid' ? 'valid' : other.reason}`,
    });
  }
  out.push(REVOCATION);
  return out;
}

/** The signingTime attribute: the signer's own clock, shown as such. */
function signingTimeClaim(sig: AuthenticodeSignature): Date | undefined {
  try {
    const value = attribute(sig.signer.signedAttrs, OID.signingTime);
    if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
      const date = value.toDate();
      return Number.isNaN(date.getTime()) ? undefined : date;
    }
  } catch {
    // a repeated attribute: no claim worth showing
  }
  return undefined;
}
