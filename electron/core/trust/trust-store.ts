import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { managedTrustFile, userConfigDir } from '../config/paths';
import { encodeBase64 } from '../encoding/base64';
import { SignetError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { ensurePrivateDir } from '../fs/private-dir';
import { parseSignerKey } from './parse-signer-key';

export interface TrustedSigner {
  keyId: string;
  name: string;
  note?: string;
  kind: 'minisign' | 'ssh';
  /** base64 of the 32-byte Ed25519 public key. */
  publicKey: string;
  /** base64 of the 8-byte minisign/signify key number. */
  keyNum?: string;
  source: 'user' | 'managed';
  addedAt: string;
  /** The name of the file the key was added from, when it came from one (not a path). */
  addedFrom?: string;
}

const storedSigner = z.object({
  keyId: z.string().min(1).max(80),
  name: z.string().min(1).max(200),
  note: z.string().max(1000).optional(),
  kind: z.enum(['minisign', 'ssh']),
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  keyNum: z
    .string()
    .regex(/^[A-Za-z0-9+/]{11}=$/)
    .optional(),
  addedAt: z.string().max(40),
  addedFrom: z.string().max(300).optional(),
});
const trustFile = z.object({
  version: z.literal(1),
  signers: z.array(storedSigner).max(10_000),
  /** Managed list only: false means only the organisation decides who is trusted on this computer. */
  allowUserSigners: z.boolean().optional(),
});
type TrustFile = z.infer<typeof trustFile>;
type StoredSigner = z.infer<typeof storedSigner>;

export interface TrustStoreOptions {
  configDir?: string;
  managedFile?: string;
}

/** The user's trust list (read-write) merged with the organisation's managed list (read-only). */
export class TrustStore {
  readonly file: string;
  readonly managedFile: string;

  constructor(options: TrustStoreOptions = {}) {
    this.file = join(options.configDir ?? userConfigDir(), 'trusted-signers.json');
    this.managedFile = options.managedFile ?? managedTrustFile();
  }

  /**
   * Managed signers first: where both lists hold a key, the organisation's name wins. Where the
   * organisation allows no signers of the user's own, only its list counts.
   */
  async list(): Promise<TrustedSigner[]> {
    const managedFile = await readTrustFile(this.managedFile, 'managed');
    const managed = managedFile.signers.map((s) => ({ ...s, source: 'managed' as const }));
    if (!userMayAdd(managedFile)) return managed;
    const managedIds = new Set(managed.map((s) => s.keyId));
    const user = (await readTrustFile(this.file, 'user')).signers
      .filter((s) => !managedIds.has(s.keyId))
      .map((s) => ({ ...s, source: 'user' as const }));
    return [...managed, ...user];
  }

  /** Whether the person may trust signers of their own (the organisation's managed list can say no). */
  async userMayAdd(): Promise<boolean> {
    return userMayAdd(await readTrustFile(this.managedFile, 'managed'));
  }

  async add(input: {
    keyText: string;
    name: string;
    note?: string;
    addedFrom?: string;
  }): Promise<TrustedSigner> {
    if (!(await this.userMayAdd())) {
      throw new SignetError(
        'usage',
        'Your organisation decides who is trusted on this computer, so signers cannot be added here. Ask your IT team.',
      );
    }
    const key = parseSignerKey(input.keyText);
    const name = input.name.trim();
    if (name === '') throw new SignetError('usage', 'Give the signer a name.');
    const all = await this.list();
    const existing = all.find((s) => s.keyId === key.keyId);
    if (existing) {
      throw new SignetError('exists', `This key is already trusted as “${existing.name}”.`);
    }
    const signer: StoredSigner = {
      keyId: key.keyId,
      name,
      ...(input.note ? { note: input.note } : {}),
      kind: key.kind,
      publicKey: encodeBase64(key.publicKey),
      ...(key.keyNum ? { keyNum: encodeBase64(key.keyNum) } : {}),
      addedAt: new Date().toISOString(),
      ...(input.addedFrom ? { addedFrom: input.addedFrom } : {}),
    };
    const { signers: user } = await readTrustFile(this.file, 'user');
    await this.save([...user, signer]);
    return { ...signer, source: 'user' };
  }

  async remove(keyId: string): Promise<void> {
    const all = await this.list();
    const found = all.find((s) => s.keyId === keyId);
    if (!found) throw new SignetError('usage', `No trusted signer has the key id ${keyId}.`);
    if (found.source === 'managed') {
      throw new SignetError(
        'usage',
        `“${found.name}” is managed by your organisation and cannot be removed here.`,
      );
    }
    const { signers: user } = await readTrustFile(this.file, 'user');
    await this.save(user.filter((s) => s.keyId !== keyId));
  }

  private async save(signers: StoredSigner[]): Promise<void> {
    await ensurePrivateDir(join(this.file, '..'));
    const body = `${JSON.stringify({ version: 1, signers }, null, 2)}\n`;
    await writeFileAtomic(this.file, body, { mode: 0o600, overwrite: true });
  }
}

const userMayAdd = (managed: TrustFile) => managed.allowUserSigners !== false;

async function readTrustFile(path: string, which: 'user' | 'managed'): Promise<TrustFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, signers: [] };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged(path, which);
  }
  const parsed = trustFile.safeParse(json);
  if (!parsed.success) throw damaged(path, which);
  return parsed.data;
}

function damaged(path: string, which: 'user' | 'managed'): SignetError {
  // A damaged list must not silently read as empty: that would hide who is trusted. Nothing is rewritten.
  const owner = which === 'managed' ? 'Your organisation’s trust list' : 'Your trust list';
  return new SignetError(
    'malformed',
    `${owner} (${path}) is damaged; it was left as it is. Fix or remove it.`,
  );
}
