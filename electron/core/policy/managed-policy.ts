import { readdir, stat } from 'node:fs/promises';
import { join, posix, win32 } from 'node:path';
import type { PolicySourceSummary } from '../../../shared/policy-summary';
import { SignetError } from '../errors';
import { readTrustFile } from '../trust/read-trust-file';
import { readTrustFileJson, type TrustFile, trustFileV2Schema } from '../trust/trust-file';
import { type AdminValues, adminValuesFrom, type RawAdminValue } from './admin-values';
import { type PolicyLocations, somethingAt } from './locations';
import { managedPreferenceValues } from './mac-managed-preferences';
import { groupPolicyValues, POLICY_KEY } from './windows-registry';

/** How a part of the policy reached this computer, and the file or registry key it was read from. */
type PolicySource = PolicySourceSummary;

/** The settings a policy may set besides its lists, each of which one source decides. */
type PolicySetting = Exclude<keyof TrustFile, 'version' | 'signers' | 'caRoots'>;

const SETTINGS = Object.keys(trustFileV2Schema.shape).filter(
  (key) => key !== 'version' && key !== 'signers' && key !== 'caRoots',
) as PolicySetting[];

/** The organisation's policy in force: every source merged, and where each part came from. */
export interface ManagedPolicy {
  file: TrustFile;
  /** The sources that are there, in the order they were applied (later ones win). */
  sources: PolicySource[];
  /** The source that decided each setting. */
  setBy: Partial<Record<PolicySetting, PolicySource>>;
}

/**
 * Reads every source of the organisation's policy and merges them: the managed list, then (Linux)
 * each `policy.d/*.json` in name order, then (Windows, macOS) the policy file and inline policy an
 * administrator named, then their single values, which win. Lists add up; for a setting the last
 * source that sets it decides. Anything that is there but cannot be read throws a SignetError, so
 * the policy fails closed; only nothing at all anywhere means no policy.
 */
export async function readManagedPolicy(locations: PolicyLocations): Promise<ManagedPolicy> {
  const policy: ManagedPolicy = { file: { version: 2, signers: [] }, sources: [], setBy: {} };
  const apply = (fragment: TrustFile, source: PolicySource) => merge(policy, fragment, source);

  if (await somethingAt(locations.file))
    apply(await readTrustFile(locations.file, 'managed'), fileSource(locations.file));
  if (locations.policyDir) {
    for (const path of await policyDirFiles(locations.policyDir))
      apply(await readTrustFile(path, 'managed'), fileSource(path));
  }
  if (locations.registry) {
    const raw = await askOrRefuse('Group Policy', () => groupPolicyValues(locations.registry!));
    if (raw)
      await applyAdminValues(policy, raw, { channel: 'group-policy', where: POLICY_KEY }, 'Group Policy');
  }
  if (locations.managedPreferences) {
    const { path, toXml } = locations.managedPreferences;
    const raw = await askOrRefuse('The configuration profile', () => managedPreferenceValues(path, toXml));
    if (raw)
      await applyAdminValues(
        policy,
        raw,
        { channel: 'configuration-profile', where: path },
        'The configuration profile',
      );
  }
  return policy;
}

const fileSource = (where: string): PolicySource => ({ channel: 'file', where });

function merge(policy: ManagedPolicy, fragment: TrustFile, source: PolicySource): void {
  const file = policy.file;
  file.signers.push(...fragment.signers);
  if (fragment.caRoots) file.caRoots = [...new Set([...(file.caRoots ?? []), ...fragment.caRoots])];
  for (const setting of SETTINGS) {
    const value = fragment[setting];
    if (value === undefined) continue;
    (file as Record<string, unknown>)[setting] =
      // A group of settings (Sigstore's) is merged key by key, so one source may set one of them.
      typeof value === 'object' ? { ...(file[setting] as object | undefined), ...value } : value;
    policy.setBy[setting] = source;
  }
  if (!policy.sources.some((s) => s.channel === source.channel && s.where === source.where)) {
    policy.sources.push(source);
  }
}

async function applyAdminValues(
  policy: ManagedPolicy,
  raw: Map<string, RawAdminValue>,
  source: PolicySource,
  channel: string,
): Promise<void> {
  const read = adminValuesFrom(raw, channel);
  if ('problem' in read) throw unreadable(`${read.problem}.`);
  const values: AdminValues = read.values;
  if (values.policyFile !== undefined) {
    // A relative path would depend on the folder Signet was started from.
    if (!posix.isAbsolute(values.policyFile) && !win32.isAbsolute(values.policyFile)) {
      throw unreadable(`${channel}: PolicyFile must be a full path (it is ${values.policyFile}).`);
    }
    // The administrator named a file: if nothing is there, the policy they meant is missing.
    if (!(await somethingAt(values.policyFile))) {
      throw unreadable(`${channel} names the policy file ${values.policyFile}, and there is nothing there.`);
    }
    merge(policy, await readTrustFile(values.policyFile, 'managed'), source);
  }
  if (values.policyJson !== undefined) merge(policy, inlinePolicy(values.policyJson, channel), source);
  const single: Partial<TrustFile> = {};
  if (values.allowUserSigners !== undefined) single.allowUserSigners = values.allowUserSigners;
  if (values.onlyListedSigners !== undefined) single.onlyListedSigners = values.onlyListedSigners;
  if (values.checkEveryDownload !== undefined) single.checkEveryDownload = values.checkEveryDownload;
  if (values.timestampUrl !== undefined) {
    // Checked by the same rule as in a file, so a value cannot be laxer than the format.
    const read = readTrustFileJson({ version: 2, timestampUrl: values.timestampUrl });
    if ('problem' in read)
      throw unreadable(`${channel}: TimestampUrl ${read.problem.replace(/^timestampUrl: /, '')}.`);
    single.timestampUrl = values.timestampUrl;
  }
  merge(policy, { version: 2, signers: [], ...single }, source);
}

function inlinePolicy(json: string, channel: string): TrustFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw unreadable(`${channel}: PolicyJson is not valid JSON.`);
  }
  const read = readTrustFileJson(parsed);
  if ('problem' in read) throw unreadable(`${channel}: PolicyJson is damaged (${read.problem}).`);
  return read.file;
}

/** The `*.json` files of a policy folder in name order (byte order, the same on every computer). */
async function policyDirFiles(dir: string): Promise<string[]> {
  if (!(await somethingAt(dir))) return [];
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw unreadable(`The policy folder ${dir} is not a folder.`);
    names = await readdir(dir);
  } catch (error) {
    if (error instanceof SignetError) throw error;
    throw unreadable(
      `The policy folder ${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'refused'}).`,
    );
  }
  return names
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(dir, name));
}

async function askOrRefuse<T>(channel: string, ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof SignetError) throw error;
    throw unreadable(`${channel} settings cannot be read (${(error as Error).message || 'refused'}).`);
  }
}

function unreadable(sentence: string): SignetError {
  return new SignetError('io', `Your organisation’s policy cannot be read: ${sentence}`);
}
