import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RawAdminValue } from './admin-values';

/** Where Group Policy (the ADMX template, Intune) writes Signet's settings. Only administrators can. */
export const POLICY_KEY = 'HKLM\\Software\\Policies\\Signet';
const POLICIES_KEY = 'HKLM\\Software\\Policies';

/**
 * The registry as the policy reader needs it: the values of a key, or undefined when the key is
 * not there. Anything else (reg.exe cannot run, an answer that cannot be read) throws, and the
 * policy then reads as unreadable: never as "no policy". Tests give a stand-in.
 */
export interface RegistryReader {
  values(key: string): Promise<Map<string, RawAdminValue> | undefined>;
  /** The names of a key's subkeys (upper case), which tells whether a key is there without reading error text. */
  subkeys(key: string): Promise<string[]>;
}

/** The values under `HKLM\Software\Policies\Signet`, or undefined when Group Policy sets none. */
export async function groupPolicyValues(
  registry: RegistryReader,
): Promise<Map<string, RawAdminValue> | undefined> {
  // reg.exe's error text is translated, so absence is told from the parent's list of subkeys.
  const subkeys = await registry.subkeys(POLICIES_KEY);
  if (!subkeys.includes(`${POLICIES_KEY}\\Signet`.toUpperCase())) return undefined;
  const values = await registry.values(POLICY_KEY);
  if (!values) throw new Error('the Group Policy key vanished while it was read');
  return values;
}

/** reg.exe from the Windows folder, not whichever one the PATH of whoever started Signet finds first. */
function regExe(): string {
  const system = 'C:\\Windows\\System32\\reg.exe';
  return existsSync(system) ? system : 'reg.exe';
}

/**
 * One job reads the policy a few times (its lists, its roots, whether people may add signers):
 * an answer is kept for a second, so a check does not start reg.exe six times, and a changed
 * policy still applies to the next one.
 */
const REG_ANSWER_MS = 1000;
const answers = new Map<string, { at: number; answer: Promise<string> }>();

function reg(args: string[]): Promise<string> {
  const key = args.join('\0');
  const kept = answers.get(key);
  if (kept && Date.now() - kept.at < REG_ANSWER_MS) return kept.answer;
  const answer = runReg(args);
  answers.set(key, { at: Date.now(), answer });
  answer.catch(() => answers.delete(key));
  return answer;
}

function runReg(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      regExe(),
      args,
      { encoding: 'utf8', timeout: 10_000, windowsHide: true, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/** The registry through `reg query` (no native module). */
export const regExeReader: RegistryReader = {
  async values(key) {
    return parseRegValues(await reg(['query', key]));
  },
  async subkeys(key) {
    return parseRegSubkeys(await reg(['query', key]), key);
  },
};

/**
 * The values `reg query KEY` prints, one per line "    NAME    REG_TYPE    DATA". A REG_DWORD is a
 * number (printed 0x1); REG_SZ and REG_EXPAND_SZ are text (not expanded); other types are kept as
 * text so a value of the wrong type is refused by name rather than ignored.
 */
export function parseRegValues(output: string): Map<string, RawAdminValue> {
  const values = new Map<string, RawAdminValue>();
  for (const line of output.split(/\r?\n/)) {
    const match = /^ {4}(\S.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name, type, data = ''] = match;
    if (type === 'REG_DWORD' || type === 'REG_QWORD') values.set(name!, Number.parseInt(data, 16));
    else values.set(name!, type === 'REG_SZ' || type === 'REG_EXPAND_SZ' ? data : `${type} ${data}`);
  }
  return values;
}

/** The subkeys `reg query KEY` lists (full paths, upper case, with HKLM shortened as given). */
export function parseRegSubkeys(output: string, key: string): string[] {
  const root = key.split('\\')[0]!.toUpperCase();
  return output
    .split(/\r?\n/)
    .filter((line) => /^HKEY_LOCAL_MACHINE\\/i.test(line.trim()))
    .map((line) =>
      line
        .trim()
        .replace(/^HKEY_LOCAL_MACHINE/i, root)
        .toUpperCase(),
    );
}
