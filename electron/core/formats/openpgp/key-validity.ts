import {
  enums,
  type Key,
  type PublicKeyPacket,
  type PublicSubkeyPacket,
  type SignaturePacket,
  type Subkey,
} from 'openpgp';
import type { PolicyRule, VerifyPolicy } from '../../policy/verify-policy';
import { lowerFirst } from './describe';
import { hashNameOf } from './hash-names';
import { FULL_LIBRARY_CONFIG } from './library-config';
import type { OpenPgpSignature } from './signature-packet';

type KeyPacket = PublicKeyPacket | PublicSubkeyPacket;

/** A key packet in a trusted certificate that may have made a signature. */
export interface SigningKey {
  cert: Key;
  packet: KeyPacket;
  subkey?: Subkey;
}

export type Validity =
  | { ok: true }
  | { ok: false; outcome: 'unknown-signer' | 'refused'; rule?: PolicyRule; reason: string };

/** Keys of `cert` the signature names (by issuer fingerprint, else key id; all if it names none). */
export function signingCandidates(cert: Key, sig: OpenPgpSignature): SigningKey[] {
  const all: SigningKey[] = [
    { cert, packet: cert.keyPacket as KeyPacket },
    ...cert.subkeys.map((subkey) => ({ cert, packet: subkey.keyPacket as KeyPacket, subkey })),
  ];
  return all.filter(({ packet }) => {
    if (sig.issuerFingerprint) return packet.getFingerprint().toUpperCase() === sig.issuerFingerprint;
    if (sig.issuerKeyId) return packet.getKeyID().toHex().toUpperCase() === sig.issuerKeyId;
    return true;
  });
}

/**
 * RFC 9580 validity of a signing key at `t`, the signature's creation time: the key (and its
 * primary) existed, was bound by a valid self-signature, had not expired, and was not revoked
 * (a hard revocation reaches back to every signature; a soft one only to those after it). The
 * self-signature that counts is the newest made at or before `t`; when every one is newer (an
 * expiry extended after signing, openpgp.js issue #1800) the oldest stands in, as gpg accepts.
 */
export async function keyValidityAt(
  k: SigningKey,
  t: Date,
  policy: VerifyPolicy,
  what: string,
): Promise<Validity> {
  const primary = k.cert.keyPacket as PublicKeyPacket;
  const keyAlgo = policy.key(policyKeyOf(k.packet));
  if (!keyAlgo.ok)
    return refused(keyAlgo.rule, `${what} was signed with a key Signet refuses: ${keyAlgo.detail}.`);

  const primaryRevoked = await revocationAt(
    k.cert.revocationSignatures,
    primary,
    { key: primary },
    enums.signature.keyRevocation,
    t,
  );
  if (primaryRevoked) return revoked(what, primaryRevoked);

  const directs = (k.cert as unknown as { directSignatures?: SignaturePacket[] }).directSignatures ?? [];
  const selfSigs = [
    ...(await verifiedBy(directs, primary, [enums.signature.key], { key: primary })),
    ...(
      await Promise.all(
        k.cert.users
          .filter((u) => u.userID)
          .map((u) =>
            verifiedBy(u.selfCertifications, primary, USER_CERTIFICATIONS, {
              key: primary,
              userID: u.userID,
            }),
          ),
      )
    ).flat(),
  ];
  const self = pickAt(selfSigs, t);
  if (!self)
    return unknown(
      undefined,
      `The key that signed ${lowerFirst(what)} is incomplete: nothing binds it to its owner.`,
    );
  const selfOk = bindingRules(self, t, policy, what);
  if (!selfOk.ok) return selfOk;

  let binding = self;
  if (k.subkey) {
    const subRevoked = await revocationAt(
      k.subkey.revocationSignatures,
      primary,
      { key: primary, bind: k.packet },
      enums.signature.subkeyRevocation,
      t,
    );
    if (subRevoked) return revoked(what, subRevoked);
    const bindings = await verifiedBy(k.subkey.bindingSignatures, primary, [enums.signature.subkeyBinding], {
      key: primary,
      bind: k.packet,
    });
    const chosen = pickAt(bindings, t);
    if (!chosen)
      return unknown(
        undefined,
        `The subkey that signed ${lowerFirst(what)} is not bound to its primary key.`,
      );
    const bindOk = bindingRules(chosen, t, policy, what);
    if (!bindOk.ok) return bindOk;
    // A signing subkey must sign back (0x19), or anyone could claim someone else's subkey.
    const back = chosen.embeddedSignature;
    if (
      !back ||
      !(await verifiesAs(back, k.packet, enums.signature.keyBinding, { key: primary, bind: k.packet }))
    ) {
      return unknown(
        undefined,
        `The subkey that signed ${lowerFirst(what)} was never confirmed by its primary key's owner.`,
      );
    }
    binding = chosen;
  }
  const flags = binding.keyFlags?.[0];
  if (flags !== undefined && (flags & enums.keyFlags.signData) === 0) {
    return unknown(
      'wrong-purpose',
      `The key that signed ${lowerFirst(what)} is not meant for signing files.`,
    );
  }
  // The primary's own expiry bounds its subkeys too.
  const primaryLife = lifetime(primary, self);
  const primaryWindow = policy.window(primaryLife, t);
  if (!primaryWindow.ok) return windowFailure(primaryWindow.rule, what, primaryLife.until);
  if (k.subkey) {
    const life = lifetime(k.packet, binding);
    const subWindow = policy.window(life, t);
    if (!subWindow.ok) return windowFailure(subWindow.rule, what, life.until);
  }
  return { ok: true };
}

const USER_CERTIFICATIONS = [
  enums.signature.certGeneric,
  enums.signature.certPersona,
  enums.signature.certCasual,
  enums.signature.certPositive,
];

/** Checks one self-signature or binding: its hash (for bindings) and its own expiry at `t`. */
function bindingRules(sig: SignaturePacket, t: Date, policy: VerifyPolicy, what: string): Validity {
  const hash = hashNameOf(sig.hashAlgorithm ?? 0);
  const decision = hash
    ? policy.hash(hash, 'binding', sig.created ?? undefined)
    : { ok: false as const, rule: 'weak-hash' as const, detail: 'its hash is one Signet does not read' };
  if (!decision.ok)
    return refused(
      decision.rule,
      `The key that signed ${lowerFirst(what)} is bound with a method Signet refuses: ${decision.detail}.`,
    );
  const until = sig.getExpirationTime();
  if (until instanceof Date && t >= until)
    return unknown(
      'expired',
      `The key that signed ${lowerFirst(what)} was no longer vouched for by its owner when the signature was made.`,
    );
  return { ok: true };
}

function lifetime(key: KeyPacket, binding: SignaturePacket): { from: Date; until?: Date } {
  const from = key.getCreationTime();
  const seconds = binding.keyExpirationTime;
  if (!seconds || binding.keyNeverExpires) return { from };
  return { from, until: new Date(from.getTime() + seconds * 1000) };
}

function windowFailure(rule: PolicyRule, what: string, until?: Date): Validity {
  if (rule === 'not-yet-valid') {
    return unknown(rule, `The signature on ${lowerFirst(what)} claims a time before its key existed.`);
  }
  const when = until ? ` on ${until.toISOString().slice(0, 10)}` : '';
  return unknown(
    rule,
    `The key that signed ${lowerFirst(what)} had expired${when}, before the signature was made.`,
  );
}

async function verifiedBy(
  sigs: readonly SignaturePacket[],
  signer: KeyPacket,
  types: readonly number[],
  data: object,
): Promise<SignaturePacket[]> {
  const checked = await Promise.all(
    sigs.map(async (s) =>
      types.includes(s.signatureType ?? -1) && (await verifiesAs(s, signer, s.signatureType ?? -1, data))
        ? s
        : undefined,
    ),
  );
  return checked.filter((s): s is SignaturePacket => s !== undefined);
}

async function verifiesAs(
  sig: SignaturePacket,
  signer: KeyPacket,
  type: number,
  data: object,
): Promise<boolean> {
  if (sig.signatureType !== type) return false;
  try {
    await sig.verify(signer, type, data as never, null as never, false, FULL_LIBRARY_CONFIG);
    return true;
  } catch {
    return false;
  }
}

interface Revocation {
  hard: boolean;
  why: string;
  at: Date;
}

/** A revocation that reaches `t`: hard ones always, soft ones (superseded, retired) from their date. */
async function revocationAt(
  sigs: readonly SignaturePacket[],
  primary: KeyPacket,
  data: object,
  type: number,
  t: Date,
): Promise<Revocation | undefined> {
  for (const sig of await verifiedBy(sigs, primary, [type], data)) {
    const flag = sig.reasonForRevocationFlag;
    const soft =
      flag === enums.reasonForRevocation.keySuperseded || flag === enums.reasonForRevocation.keyRetired;
    const at = sig.created ?? new Date(0);
    if (!soft || t >= at) return { hard: !soft, why: revocationWords(flag), at };
  }
  return undefined;
}

function revocationWords(flag: number | null): string {
  switch (flag) {
    case enums.reasonForRevocation.keyCompromised:
      return 'they said it was compromised';
    case enums.reasonForRevocation.keySuperseded:
      return 'they replaced it with a newer key';
    case enums.reasonForRevocation.keyRetired:
      return 'they no longer use it';
    default:
      return 'they gave no reason, so it may have been compromised';
  }
}

function revoked(what: string, r: Revocation): Validity {
  const scope = r.hard ? '' : ` on ${r.at.toISOString().slice(0, 10)}, before this signature was made`;
  return unknown(
    'key-revoked',
    `The owner withdrew the key that signed ${lowerFirst(what)}${scope} (${r.why}), so the signature is not trusted.`,
  );
}

/** Newest with created <= t; when all are newer, the oldest (see keyValidityAt). */
function pickAt(sigs: readonly SignaturePacket[], t: Date): SignaturePacket | undefined {
  const sorted = [...sigs].sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
  const before = sorted.filter((s) => (s.created?.getTime() ?? 0) <= t.getTime());
  return before[before.length - 1] ?? sorted[0];
}

export function policyKeyOf(packet: KeyPacket): { algorithm: string; bits?: number; curve?: string } {
  const info = packet.getAlgorithmInfo() as { algorithm: string; bits?: number; curve?: string };
  const family = /^rsa/.test(info.algorithm)
    ? 'rsa'
    : /^(eddsa|ed25519|ed448)/.test(info.algorithm)
      ? 'eddsa'
      : info.algorithm;
  return {
    algorithm: family,
    ...(info.bits ? { bits: info.bits } : {}),
    ...(info.curve ? { curve: info.curve } : {}),
  };
}

function unknown(rule: PolicyRule | undefined, reason: string): Validity {
  return { ok: false, outcome: 'unknown-signer', ...(rule ? { rule } : {}), reason };
}

function refused(rule: PolicyRule, reason: string): Validity {
  return { ok: false, outcome: 'refused', rule, reason };
}
