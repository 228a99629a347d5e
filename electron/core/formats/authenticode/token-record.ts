import type { X509Certificate } from 'node:crypto';
import type { TokenCertificate as OfferedCertificate, TokenName } from '../../../../shared/domain';
import { printable } from '../../../../shared/printable';
import { SignetError } from '../../errors';
import type { NewKeyRecord } from '../../keystore/keystore';
import { orderChain } from './code-signing-certificate';
import { commonNameOf } from './common-name';
import { OID } from './oids';
import { openTokenModule, type TokenSlot } from './pkcs11-module';
import { thumbprint } from './token-key';
import {
  certificatesOn,
  closeSession,
  findObjects,
  openSession,
  type TokenCertificate,
} from './token-objects';
import { formatTokenPointer } from './token-pointer';

export interface AddTokenOptions {
  /** The PKCS#11 module library's full path: named by the person, or by the managed policy. */
  module: string;
  /** The slot id as pkcs11-tool prints it; needed only when several tokens hold code-signing certificates. */
  slot?: string;
  /** The certificate's label on the token; needed only when the token holds several. */
  objectLabel?: string;
  /** The name in the keystore; the certificate's common name unless given. */
  name?: string;
}

/** A code-signing certificate found on a token, as Signet offers it to be added. */
export type TokenCertificateChoice = OfferedCertificate;

interface Found {
  slot: TokenSlot;
  certificate: TokenCertificate;
  all: TokenCertificate[];
  keyVisible: boolean;
}

/**
 * The keystore record for a certificate on a token: the certificate chain and where the key is,
 * never the key or a PIN. No PIN is asked here: certificates are public objects, and the key is
 * checked against the certificate each time it signs. Only certificates for code signing are
 * offered; when the choice is not one, a SignetError lists what there is and how to pick.
 */
export async function tokenKeyRecord(options: AddTokenOptions): Promise<NewKeyRecord> {
  const wantedSlot = options.slot === undefined ? undefined : slotIdOf(options.slot);
  const found = await findCertificates(options);
  const usable = found.filter((f) => wantedSlot === undefined || f.slot.slotId === wantedSlot);
  const wanted = options.objectLabel;
  const chosen = usable.filter((f) => wanted === undefined || f.certificate.objectLabel === wanted);
  if (chosen.length !== 1) throw notOne(found, chosen.length, options);
  const [{ slot, certificate, all }] = chosen as [Found];
  const fingerprint = thumbprint(certificate.cert);
  const chain = orderChain(
    certificate.cert,
    all.map((c) => c.cert),
  );
  return {
    name: options.name ?? commonNameOf(certificate.cert.subject).slice(0, 100),
    record: {
      id: fingerprint.slice(0, 16),
      keyId: fingerprint.slice(0, 16),
      kind: 'x509',
      fingerprint,
      label: readableName(certificate.cert.subject),
      expiresAt: new Date(certificate.cert.validTo).toISOString(),
      location: 'token',
      token: tokenNameOf(slot),
      publicKey: chain.map((c) => c.toString()).join(''),
    },
    keyFile: formatTokenPointer({
      module: options.module,
      token: { serial: slot.serial, tokenLabel: slot.tokenLabel },
      objectId: certificate.id.toString('hex'),
    }),
  };
}

/** The token's own words for itself, the blank ones left out. */
function tokenNameOf(slot: TokenSlot): TokenName {
  const words = { label: slot.tokenLabel, manufacturer: slot.manufacturer, model: slot.model };
  return Object.fromEntries(
    Object.entries(words)
      .filter(([, text]) => text !== '')
      .map(([key, text]) => [key, text.slice(0, 64)]),
  );
}

/** A slot id as typed: decimal, or hexadecimal as pkcs11-tool --list-slots prints it (0x4af1fe2c). */
function slotIdOf(typed: string): string {
  const text = typed.trim();
  if (!/^(?:[0-9]{1,20}|0x[0-9a-f]{1,16})$/i.test(text)) {
    throw new SignetError(
      'usage',
      `"${printable(typed)}" is not a slot id: give it as pkcs11-tool --list-slots prints it.`,
    );
  }
  return BigInt(text).toString();
}

/** Every code-signing certificate on the module's tokens, for a person to choose from. */
export async function tokenCertificates(module: string): Promise<TokenCertificateChoice[]> {
  return (await findCertificates({ module }))
    .map(choiceOf)
    .sort((a, b) => a.token.localeCompare(b.token) || a.objectLabel.localeCompare(b.objectLabel));
}

async function findCertificates(options: AddTokenOptions): Promise<Found[]> {
  const module = await openTokenModule(options.module);
  try {
    const tokens = module.tokens();
    if (tokens.length === 0) {
      throw new SignetError('usage', 'No token is plugged in for this module: plug it in and try again.');
    }
    return tokens.flatMap((slot) => {
      const session = openSession(module, slot.slot);
      try {
        const all = certificatesOn(module, session);
        return all.filter(isForCodeSigning).map((certificate) => ({
          slot,
          certificate,
          all,
          keyVisible:
            findObjects(module, session, [
              { type: module.ck.CKA_CLASS, value: module.ck.CKO_PRIVATE_KEY },
              { type: module.ck.CKA_ID, value: certificate.id },
            ]).length > 0,
        }));
      } finally {
        closeSession(module, session);
      }
    });
  } finally {
    module.close();
  }
}

const isForCodeSigning = (c: TokenCertificate) => (c.cert.keyUsage ?? []).includes(OID.ekuCodeSigning);

function choiceOf(found: Found): TokenCertificateChoice {
  return {
    slotId: found.slot.slotId,
    token: found.slot.tokenLabel,
    objectLabel: found.certificate.objectLabel,
    subject: readableName(found.certificate.cert.subject),
    expiresAt: new Date(found.certificate.cert.validTo).toISOString(),
    keyVisible: found.keyVisible,
  };
}

function notOne(found: readonly Found[], chosen: number, options: AddTokenOptions): SignetError {
  if (found.length === 0) {
    return new SignetError(
      'usage',
      'The token holds no certificate for code signing (one with the code-signing usage), so there is nothing to add.',
    );
  }
  const list = found
    .map(choiceOf)
    .map(
      (c) =>
        `"${printable(c.objectLabel)}" (${printable(c.subject)}) on token "${printable(c.token)}", slot ${c.slotId}`,
    )
    .join('; ');
  if (chosen === 0) {
    const asked = [
      ...(options.objectLabel !== undefined ? [`the label "${printable(options.objectLabel)}"`] : []),
      ...(options.slot !== undefined ? [`slot ${printable(options.slot)}`] : []),
    ].join(' in ');
    return new SignetError(
      'usage',
      `No code-signing certificate on the token matches ${asked}. There is: ${list}.`,
    );
  }
  return new SignetError(
    'usage',
    `The token holds several code-signing certificates; name one with --label (and --slot when they are on different tokens): ${list}.`,
  );
}

/** Node's subject lines, most specific first, as people write a certificate's name. */
function readableName(subject: X509Certificate['subject']): string {
  return subject.split('\n').reverse().join(', ') || 'a certificate without a name';
}
