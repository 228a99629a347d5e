import { createHash, X509Certificate } from 'node:crypto';
import { SignetError } from '../errors';
import { pemCertificates } from '../formats/publisher-certificates';
import { writeFileAtomic } from '../fs/atomic-write';
import { readTrustFile } from '../trust/read-trust-file';
import { readTrustFileJson, type TrustFile } from '../trust/trust-file';
import { somethingAt } from './locations';

/**
 * A policy file an administrator is building (`signet policy …`, the app's export): read strictly
 * as the policy in force would be, and written whole, readable by everyone, as a file to deploy is.
 * Nothing here reads or changes the policy of this computer.
 */
export async function readPolicyFile(path: string): Promise<TrustFile> {
  if (!(await somethingAt(path))) {
    throw new SignetError(
      'usage',
      `There is no policy file at ${path}. Make one with: signet policy init ${path}`,
    );
  }
  return readTrustFile(path, 'policy');
}

/** Checks the whole file before it is written, so a value the format refuses never reaches the disk. */
export async function writePolicyFile(
  path: string,
  file: TrustFile,
  options: { overwrite: boolean },
): Promise<void> {
  const read = readTrustFileJson(JSON.parse(JSON.stringify(file)));
  if ('problem' in read) throw new SignetError('usage', `The policy would not be valid: ${read.problem}.`);
  const { version, signers, ...settings } = file;
  const body = `${JSON.stringify({ version, ...settings, signers }, null, 2)}\n`;
  await writeFileAtomic(path, body, { mode: 0o644, overwrite: options.overwrite });
}

/** An empty, valid policy of the current version; an existing file is replaced only when asked. */
export async function initPolicyFile(path: string, force: boolean): Promise<void> {
  try {
    await writePolicyFile(path, { version: 2, signers: [] }, { overwrite: force });
  } catch (error) {
    if (error instanceof SignetError && error.kind === 'exists') {
      throw new SignetError('exists', `${path} already exists; it was left as it is (--force replaces it).`);
    }
    throw error;
  }
}

/** The lower-case hex SHA-256 of a certificate: how a CA root is named for `policy remove`. */
const rootId = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

/** Adds the certificate authorities of a PEM or DER file to the policy's roots for Windows programs. */
export async function addCaRoots(path: string, certificateFile: Uint8Array): Promise<string[]> {
  const text = Buffer.from(certificateFile).toString('latin1');
  const ders = text.includes('-----BEGIN') ? pemCertificates(text) : [certificateFile];
  const certificates = ders.map((der) => {
    try {
      return new X509Certificate(Buffer.from(der));
    } catch {
      throw new SignetError('malformed', 'That is not a certificate Signet can read (PEM or DER expected).');
    }
  });
  if (certificates.length === 0) throw new SignetError('malformed', 'That file holds no certificate.');
  const file = await readPolicyFile(path);
  const roots = [...(file.caRoots ?? [])];
  const known = new Set(roots.flatMap(pemCertificates).map(rootId));
  const added: string[] = [];
  for (const cert of certificates) {
    if (!cert.ca) throw new SignetError('usage', `${nameOf(cert)} is not a certificate authority (CA:TRUE).`);
    const id = rootId(cert.raw);
    if (known.has(id)) throw new SignetError('exists', `${nameOf(cert)} is already a root of this policy.`);
    known.add(id);
    roots.push(cert.toString());
    added.push(`${nameOf(cert)} (${id})`);
  }
  await writePolicyFile(path, { ...file, caRoots: roots }, { overwrite: true });
  return added;
}

/** Removes a signer by its key id, or a CA root by its SHA-256 (any spelling). */
export async function removeFromPolicy(path: string, id: string): Promise<string> {
  const file = await readPolicyFile(path);
  const signers = file.signers.filter((signer) => signer.keyId !== id);
  if (signers.length !== file.signers.length) {
    const names = file.signers.filter((signer) => signer.keyId === id).map((signer) => signer.name);
    await writePolicyFile(path, { ...file, signers }, { overwrite: true });
    return `Removed “${names.join('”, “')}” from ${path}.`;
  }
  const hex = id.replace(/:/g, '').toLowerCase();
  const roots = file.caRoots ?? [];
  const kept = roots.filter((pem) => !pemCertificates(pem).some((der) => rootId(der) === hex));
  if (kept.length === roots.length)
    throw new SignetError('usage', `${path} has no signer or CA root with the id ${id}.`);
  const { caRoots: _all, ...rest } = file;
  await writePolicyFile(path, kept.length > 0 ? { ...rest, caRoots: kept } : rest, { overwrite: true });
  return `Removed the CA root ${hex} from ${path}.`;
}

function nameOf(cert: X509Certificate): string {
  return /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? cert.subject.replace(/\n/g, ', ');
}

/** The settings `signet policy set` takes, by the names it takes them. */
const SETTINGS = {
  'allow-user-signers': { key: 'allowUserSigners', type: 'boolean' },
  'only-listed-signers': { key: 'onlyListedSigners', type: 'boolean' },
  'check-every-download': { key: 'checkEveryDownload', type: 'boolean' },
  'timestamp-url': { key: 'timestampUrl', type: 'text' },
  'pkcs11-module': { key: 'pkcs11Module', type: 'text' },
  'sigstore-signing-config': { key: 'sigstore.signingConfig', type: 'text' },
  'sigstore-trusted-root': { key: 'sigstore.trustedRoot', type: 'text' },
  'sigstore-refresh': { key: 'sigstore.refresh', type: 'boolean' },
} as const;

const POLICY_SETTING_NAMES = Object.keys(SETTINGS);

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  on: true,
  off: false,
  '1': true,
  '0': false,
};

/**
 * `NAME=VALUE` settings applied together (all or none): `NAME=` removes one. Each value is checked
 * by the format's own rules (a URL, an absolute path) before anything is written.
 */
export async function setPolicySettings(path: string, assignments: readonly string[]): Promise<string[]> {
  const file = structuredClone(await readPolicyFile(path)) as TrustFile & Record<string, unknown>;
  const done: string[] = [];
  for (const assignment of assignments) {
    const equals = assignment.indexOf('=');
    const name = equals < 0 ? assignment : assignment.slice(0, equals);
    const setting = SETTINGS[name as keyof typeof SETTINGS];
    if (!setting || equals < 0) {
      throw new SignetError(
        'usage',
        `Give settings as NAME=VALUE, NAME one of: ${POLICY_SETTING_NAMES.join(', ')}.`,
      );
    }
    const raw = assignment.slice(equals + 1).trim();
    const [outer, inner] = setting.key.split('.') as [string, string | undefined];
    const holder: Record<string, unknown> = inner ? ((file[outer] as Record<string, unknown>) ?? {}) : file;
    const key = inner ?? outer;
    if (raw === '') {
      delete holder[key];
      done.push(`${name} removed`);
    } else if (setting.type === 'boolean') {
      const value = BOOLEANS[raw.toLowerCase()];
      if (value === undefined) throw new SignetError('usage', `${name} is true or false, not “${raw}”.`);
      holder[key] = value;
      done.push(`${name}=${value}`);
    } else {
      holder[key] = raw;
      done.push(`${name}=${raw}`);
    }
    if (inner) {
      if (Object.keys(holder).length > 0) file[outer] = holder;
      else delete file[outer];
    }
  }
  await writePolicyFile(path, file, { overwrite: true });
  return done;
}
