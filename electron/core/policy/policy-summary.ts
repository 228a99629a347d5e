import { X509Certificate } from 'node:crypto';
import type { PolicySummary, PolicyWarning } from '../../../shared/policy-summary';
import type { StoredPublisher } from '../formats/publisher-certificates';
import { pemCertificates } from '../formats/publisher-certificates';
import type { StoredEntry } from '../trust/trust-entry';
import type { TrustFile } from '../trust/trust-file';
import { parseDistinguishedName } from './distinguished-name';
import type { ManagedPolicy } from './managed-policy';

/** What a policy does, as data (shared/policy-words.ts says it), with what will not work as meant. */
export function summarisePolicy(
  policy: Pick<ManagedPolicy, 'file' | 'sources'>,
  present = policy.sources.length > 0,
): PolicySummary {
  const file: TrustFile = policy.file;
  const publishers = file.signers.filter(isPublisher);
  const caRoots: string[] = [];
  const warnings: PolicyWarning[] = [];
  for (const [index, pem] of (file.caRoots ?? []).entries()) {
    const name = rootName(pem);
    if (name === undefined) warnings.push({ warning: 'ca-root-unreadable', index });
    else caRoots.push(name);
  }
  for (const publisher of publishers) {
    if (publisher.subject !== undefined && parseDistinguishedName(publisher.subject) === undefined) {
      warnings.push({ warning: 'subject-never-matches', name: publisher.name, subject: publisher.subject });
    }
  }
  const allowUserSigners = file.allowUserSigners !== false;
  const onlyListedSigners = file.onlyListedSigners === true;
  if (onlyListedSigners && allowUserSigners) warnings.push({ warning: 'only-listed-while-people-add' });
  if (onlyListedSigners && publishers.length === 0) warnings.push({ warning: 'no-publisher-listed' });
  return {
    present,
    signers: file.signers.filter((signer) => !isPublisher(signer)).map((signer) => signer.name),
    publishers: publishers.map((publisher) => publisher.name),
    caRoots,
    allowUserSigners,
    onlyListedSigners,
    ...(file.checkEveryDownload !== undefined ? { checkEveryDownload: file.checkEveryDownload } : {}),
    ...(file.timestampUrl !== undefined ? { timestampUrl: file.timestampUrl } : {}),
    ...(file.sigstore !== undefined ? { sigstore: file.sigstore } : {}),
    ...(file.pkcs11Module !== undefined ? { pkcs11Module: file.pkcs11Module } : {}),
    sources: policy.sources.map(({ channel, where }) => ({ channel, where })),
    warnings,
  };
}

/** A Windows publisher, named by its certificate (a thumbprint, or a subject and a root). */
const isPublisher = (signer: StoredEntry): signer is StoredPublisher =>
  'thumbprintSha256' in signer || 'rootSha256' in signer;

/** A root's common name (or its whole subject), or undefined when the PEM holds no certificate. */
function rootName(pem: string): string | undefined {
  const [der] = pemCertificates(pem);
  if (!der) return undefined;
  try {
    const subject = new X509Certificate(der).subject;
    return /^CN=(.*)$/m.exec(subject)?.[1] ?? subject.replace(/\n/g, ', ');
  } catch {
    return undefined;
  }
}
