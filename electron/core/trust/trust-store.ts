import { basename, join } from 'node:path';
import { hasHiddenCharacters } from '../../../shared/hidden-characters';
import { managedTrustFile, userConfigDir } from '../config/paths';
import { SignetError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { ensurePrivateDir } from '../fs/private-dir';
import { type PolicyLocations, policyLocations, policyMayBeThere } from '../policy/locations';
import type { ManagedPolicy } from '../policy/managed-policy';
import { entriesFromKeyInput } from './key-text';
import { readTrustFile } from './read-trust-file';
import type { StoredEntry } from './trust-entry';
import type { TrustFile } from './trust-file';

/** A stored trust entry of any kind (keys, keyless identities, Authenticode publishers), with the list it came from. */
export type TrustedEntry = StoredEntry & { source: 'user' | 'managed' };

/** A trusted key: a raw public key or an OpenPGP certificate (what the app's trust screen shows today). */
export type TrustedSigner = Extract<TrustedEntry, { publicKey: string } | { certificate: string }>;

const isKeyEntry = (entry: TrustedEntry): entry is TrustedSigner =>
  'publicKey' in entry || 'certificate' in entry;

export interface TrustStoreOptions {
  configDir?: string;
  managedFile?: string;
  /** Every place the organisation's policy may come from (tests give their own). */
  policy?: PolicyLocations;
  /**
   * Edit this file as the list instead of the person's own (`signet policy add`): no policy of this
   * computer applies to it, its other keys are kept, and it is written readable by everyone, as a
   * policy file to deploy is.
   */
  editFile?: string;
}

/** The user's trust list (read-write) merged with the organisation's managed list (read-only). */
export class TrustStore {
  readonly file: string;
  readonly managedFile: string;
  private readonly locations: PolicyLocations | undefined;
  private readonly editing: boolean;

  constructor(options: TrustStoreOptions = {}) {
    this.editing = options.editFile !== undefined;
    this.file = options.editFile ?? join(options.configDir ?? userConfigDir(), 'trusted-signers.json');
    this.managedFile = options.managedFile ?? managedTrustFile();
    this.locations = this.editing ? undefined : (options.policy ?? policyLocations(this.managedFile));
  }

  /**
   * The organisation's policy in force, read afresh at each call (so a changed policy applies to
   * the next check without a restart); throws when it is there but cannot be read.
   */
  async managedPolicy(): Promise<ManagedPolicy> {
    // Where nothing of a policy is there (most computers), the policy reader and the schema library
    // it reads with are never loaded: a check in the terminal would pay for them at every start.
    if (!this.locations || !(await policyMayBeThere(this.locations))) {
      return { file: { version: 2, signers: [] }, sources: [], setBy: {} };
    }
    const { readManagedPolicy } = await import('../policy/managed-policy');
    return readManagedPolicy(this.locations);
  }

  private async managed(): Promise<TrustFile> {
    return (await this.managedPolicy()).file;
  }

  private readOwn(): Promise<TrustFile> {
    return readTrustFile(this.file, this.editing ? 'policy' : 'user');
  }

  /**
   * Managed signers first: where both lists hold a key, the organisation's name wins. Where the
   * organisation allows no signers of the user's own, only its list counts.
   */
  async list(): Promise<TrustedSigner[]> {
    return (await this.listAll()).filter(isKeyEntry);
  }

  /** Every entry, keys, identities and publishers (`list` keeps to keys, for callers that show a key). */
  async listAll(): Promise<TrustedEntry[]> {
    const managedFile = await this.managed();
    const managed = managedFile.signers.map((s) => ({ ...s, source: 'managed' as const }));
    if (!userMayAdd(managedFile)) return managed;
    const user = (await this.readOwn()).signers
      .filter((s) => !managed.some((m) => sameSigner(m, s)))
      .map((s) => ({ ...s, source: 'user' as const }));
    return [...managed, ...user];
  }

  /**
   * What the organisation's list says beyond entries: roots it trusts for code signing (DER), and
   * whether only listed publishers count.
   */
  async managedMaterial(): Promise<{ caRoots: Uint8Array[]; onlyListedSigners: boolean }> {
    const managed = await this.managed();
    const pems = managed.caRoots ?? [];
    return {
      caRoots:
        pems.length === 0
          ? []
          : pems.flatMap((await import('../formats/publisher-certificates')).pemCertificates),
      onlyListedSigners: managed.onlyListedSigners === true,
    };
  }

  /** Whether the person may trust signers of their own (the organisation's managed list can say no). */
  async userMayAdd(): Promise<boolean> {
    return userMayAdd(await this.managed());
  }

  /**
   * `addedFrom` is the file name the key came from (shown in the details); an allowed_signers line
   * keeps its namespaces and validity window.
   */
  async add(input: AddInput): Promise<TrustedSigner> {
    const [first] = await this.addAll(input);
    return first as TrustedSigner;
  }

  /**
   * A newer copy of OpenPGP certificates the person already trusts, or a revocation certificate
   * for one: merged into the stored certificates (revocations, new subkeys, a changed expiry), so a
   * key its owner withdrew stops verifying. undefined when the input is not about a trusted
   * certificate of the person's own list (then it is a key to add).
   */
  async updateCertificates(
    input: Pick<AddInput, 'keyText' | 'keyBytes'>,
  ): Promise<CertificateUpdate[] | undefined> {
    const { signers: user } = await this.readOwn();
    // Loaded only when someone adds a certificate, never on the path of a check.
    const { certificateUpdates } = await import('../formats/openpgp-certificate-updates');
    const changes = await certificateUpdates(user, input);
    // The same copy again is no update: it is refused as already trusted, as before.
    if (!changes || ![...changes.values()].some((c) => c.changed)) return undefined;
    await this.save(
      user.map((s) => {
        const change = changes.get(s);
        return change && 'certificate' in s ? { ...s, certificate: change.certificate } : s;
      }),
    );
    return [...changes.entries()].map(([entry, change]) => ({
      name: entry.name,
      keyId: entry.keyId,
      nowRevoked: change.nowRevoked,
      changed: change.changed,
    }));
  }

  /** As `add`, for a file that may hold several keys (OpenPGP certificates): one entry each. */
  async addAll(input: AddInput): Promise<TrustedSigner[]> {
    const name = await this.newEntryName(input.name, 'signer');
    await refuseExpired(input);
    const signers = await entriesFromKeyInput(
      { text: input.keyText, ...(input.keyBytes ? { bytes: input.keyBytes } : {}) },
      {
        name,
        ...(input.note ? { note: input.note } : {}),
        addedAt: new Date().toISOString(),
        ...(input.addedFrom ? { addedFrom: basename(input.addedFrom).slice(0, 255) } : {}),
      },
    );
    await this.append(signers, 'key');
    return signers.map((signer) => ({ ...signer, source: 'user' as const }) as TrustedSigner);
  }

  /**
   * A keyless (Sigstore) signer: an exact certificate identity and OIDC issuer, under a name. The
   * entry is built by its format module; the store only checks the name and keeps it.
   */
  async addIdentity(input: {
    entry: (name: string, addedAt: string) => StoredEntry;
    name: string;
  }): Promise<TrustedEntry> {
    const name = await this.newEntryName(input.name, 'signer');
    const signer = input.entry(name, new Date().toISOString());
    await this.append([signer], 'identity');
    return { ...signer, source: 'user' };
  }

  /**
   * Pins an Authenticode publisher by its certificate's SHA-256 thumbprint (PEM or DER), the way
   * to trust a self-signed one: `signet trust add --publisher-cert CERT.pem --name NAME`.
   */
  async addPublisher(input: {
    certificate: Uint8Array;
    name: string;
    note?: string;
    addedFrom?: string;
  }): Promise<TrustedEntry> {
    const name = await this.newEntryName(input.name, 'publisher');
    const text = Buffer.from(input.certificate).toString('latin1');
    const { publisherPinFor } = await import('../formats/publisher-certificates');
    const pin = publisherPinFor(text.includes('-----BEGIN') ? text : input.certificate, name, new Date());
    const entry: StoredEntry = {
      ...pin,
      ...(input.note ? { note: input.note } : {}),
      ...(input.addedFrom ? { addedFrom: basename(input.addedFrom).slice(0, 255) } : {}),
    };
    await this.append([entry], 'publisher');
    return { ...entry, source: 'user' };
  }

  /** The one set of rules for a name the person gives a new entry, whatever its kind. */
  private async newEntryName(raw: string, noun: 'signer' | 'publisher'): Promise<string> {
    if (!(await this.userMayAdd())) throw new SignetError('usage', ORGANISATION_DECIDES);
    const name = raw.trim();
    if (name === '') throw new SignetError('usage', `Give the ${noun} a name.`);
    if (hasHiddenCharacters(name)) throw new SignetError('usage', HIDDEN_IN_NAME);
    if (name.length > 200) throw new SignetError('usage', `A ${noun}’s name is at most 200 characters.`);
    return name;
  }

  /** Adds entries to the user's list; one already trusted (by either list) refuses them all. */
  private async append(
    entries: readonly StoredEntry[],
    noun: 'key' | 'identity' | 'publisher',
  ): Promise<void> {
    const all = await this.listAll();
    for (const entry of entries) {
      const existing = all.find((s) => sameSigner(s, entry));
      if (existing) throw new SignetError('exists', `This ${noun} is already trusted as “${existing.name}”.`);
    }
    const { signers: user } = await this.readOwn();
    await this.save([...user, ...entries]);
  }

  async remove(keyId: string): Promise<void> {
    const all = await this.listAll();
    const found = all.find((s) => s.keyId === keyId);
    if (!found) throw new SignetError('usage', `No trusted signer has the key id ${keyId}.`);
    if (found.source === 'managed') {
      throw new SignetError(
        'usage',
        `“${found.name}” is managed by your organisation and cannot be removed here.`,
      );
    }
    const { signers: user } = await this.readOwn();
    await this.save(user.filter((s) => s.keyId !== keyId));
  }

  /** Writes the list with these signers, keeping every other key it has (an edited policy's settings). */
  private async save(signers: StoredEntry[]): Promise<void> {
    const { signers: _old, version: _version, ...rest } = await this.readOwn();
    const body = `${JSON.stringify({ version: 2, ...rest, signers }, null, 2)}\n`;
    if (this.editing) {
      await writeFileAtomic(this.file, body, { mode: 0o644, overwrite: true });
      return;
    }
    await ensurePrivateDir(join(this.file, '..'));
    await writeFileAtomic(this.file, body, { mode: 0o600, overwrite: true });
  }
}

const ORGANISATION_DECIDES =
  'Your organisation decides who is trusted on this computer, so signers cannot be added here. Ask your IT team.';
const HIDDEN_IN_NAME =
  'A signer’s name cannot contain control characters, direction marks or invisible characters.';

/** What `updateCertificates` did to one trusted certificate. */
export interface CertificateUpdate {
  name: string;
  keyId: string;
  nowRevoked: boolean;
  changed: boolean;
}

/** The sentence for one update, the same in the CLI and the app. */
export function updateSentence(update: CertificateUpdate): string {
  if (update.nowRevoked)
    return `Updated: ${update.name}’s key is now revoked; files it signs are no longer verified.`;
  if (update.changed) return `Updated: ${update.name}’s key now has its owner’s latest changes.`;
  return `${update.name}’s key was already up to date; nothing changed.`;
}

/** An expired certificate is refused here, so the CLI refuses it as the app does. */
async function refuseExpired(input: Pick<AddInput, 'keyText' | 'keyBytes'>): Promise<void> {
  const { expiredCertificate } = await import('../formats/openpgp-certificate-updates');
  const expired = await expiredCertificate(input);
  if (expired) throw new SignetError('malformed', expired);
}

interface AddInput {
  keyText: string;
  /** The key file's bytes as read: a binary OpenPGP certificate is read from these. */
  keyBytes?: Uint8Array;
  name: string;
  note?: string;
  addedFrom?: string;
}
const userMayAdd = (managed: TrustFile) => managed.allowUserSigners !== false;

/**
 * Whether two entries trust the same signer. A raw key is the key itself: its 8-byte id is only a
 * hint, and another key may carry the same one (by chance or made so), so both are kept and tried.
 */
export function sameSigner(a: StoredEntry, b: StoredEntry): boolean {
  if ('publicKey' in a && 'publicKey' in b) return a.kind === b.kind && a.publicKey === b.publicKey;
  return a.keyId === b.keyId;
}
