import { X509Certificate } from 'node:crypto';
import { basename } from 'node:path';
import { SignetError } from '../../core/errors';
import { certificateSummary, pemCertificates, thumbprintOf } from '../../core/formats/publisher-certificates';
import { CERTIFICATE_MAX_BYTES } from '../../core/limits';
import { dialogLine, dialogText } from '../dialog-line';
import { readKeyFile } from './read-key-file';
import { toSignerInfo } from './trust-entry-info';
import { day, NOT_CONFIRMED_ADD, refuseAlreadyTrusted, refuseUnlessUserMayAdd } from './trust-guards';
import type { Handler, HandlerDeps } from './types';

/**
 * An Authenticode publisher, pinned by its certificate's SHA-256 thumbprint (the first certificate of
 * a PEM bundle, as `signet trust add --publisher-cert` reads it).
 */
export function createAddPublisherHandler(deps: HandlerDeps): Handler<'addTrustedPublisher'> {
  return async ({ name, note, certificateFile, certificateText }) => {
    if ((certificateFile === undefined) === (certificateText === undefined)) {
      throw new SignetError('usage', 'Give the certificate either as a file or as text (one of the two).');
    }
    await refuseUnlessUserMayAdd(deps);
    const realFile =
      certificateFile === undefined
        ? undefined
        : await deps.grants.resolveFile(certificateFile, 'add-signer');
    const bytes =
      certificateText !== undefined
        ? new TextEncoder().encode(certificateText)
        : (await readKeyFile(realFile!, CERTIFICATE_MAX_BYTES, 'certificate file')).bytes;
    const cert = readPublisherCertificate(bytes);
    const thumbprint = thumbprintOf(cert.raw);
    await refuseAlreadyTrusted(deps, [thumbprint], 'certificate');

    const facts = certificateSummary(cert.toString());
    const from = realFile === undefined ? undefined : basename(realFile);
    const confirmed = await deps.confirm.confirm({
      title: 'Trust a new publisher',
      message: dialogLine(`Trust “${name}” as the publisher of programs signed with this certificate?`),
      detail: dialogText([
        `Name: ${name}`,
        `The certificate names: ${facts?.publisher ?? 'nobody'}`,
        `Issued by: ${facts?.issuer ?? 'unknown'}`,
        `Valid: ${day(facts?.validFrom ?? '')} to ${day(facts?.validTo ?? '')}`,
        `Thumbprint (SHA-256): ${grouped(thumbprint)}`,
        from === undefined ? 'From: a certificate you pasted' : `From the file: ${from}`,
        `Programs signed with this certificate will then show “Verified: made by ${name}”.`,
      ]),
      confirmLabel: 'Trust',
    });
    if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED_ADD);
    const added = await deps.trust.addPublisher({
      certificate: bytes,
      name,
      ...(note === undefined ? {} : { note }),
      ...(from === undefined ? {} : { addedFrom: from }),
    });
    return { signer: await toSignerInfo(added) };
  };
}

/** The certificate the store will pin, or a plain sentence saying what the input is instead. */
function readPublisherCertificate(bytes: Uint8Array, now = new Date()): X509Certificate {
  const text = Buffer.from(bytes).toString('latin1');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new SignetError(
      'malformed',
      'This is a private key, not a certificate. Keep it secret; give the publisher’s certificate (.pem, .cer or .crt) instead. Nothing was added.',
    );
  }
  if (/-----BEGIN PUBLIC KEY-----/.test(text) && !text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new SignetError(
      'malformed',
      'This is a bare public key, not a certificate: it names no publisher. Give the publisher’s certificate instead. Nothing was added.',
    );
  }
  let cert: X509Certificate;
  try {
    const der = text.includes('-----BEGIN') ? pemCertificates(text)[0] : bytes;
    if (!der) throw new Error('no certificate');
    cert = new X509Certificate(Buffer.from(der));
  } catch {
    throw new SignetError(
      'malformed',
      'This is not a certificate Signet can read (PEM or DER expected). Nothing was added.',
    );
  }
  const validTo = new Date(cert.validTo);
  if (validTo.getTime() <= now.getTime()) {
    throw new SignetError(
      'malformed',
      `This certificate expired on ${day(validTo.toISOString())}. Ask the publisher for their current certificate. Nothing was added.`,
    );
  }
  if (new Date(cert.validFrom).getTime() > now.getTime()) {
    throw new SignetError(
      'malformed',
      `This certificate is not valid until ${day(new Date(cert.validFrom).toISOString())}. Nothing was added.`,
    );
  }
  return cert;
}

const grouped = (hex: string) => (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
