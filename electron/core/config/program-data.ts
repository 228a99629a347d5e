import { execFileSync } from 'node:child_process';
import { win32 } from 'node:path';

/**
 * Asks Windows for a registry value (HKLM, so only an administrator can change it). Tests give a
 * stand-in; `registryValue` runs the system's reg.exe.
 */
export type RegistryLookup = (key: string, value: string) => string | undefined;

const PROFILE_LIST = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';
const CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/** Where Windows puts ProgramData when the system cannot be asked: its own default. */
export const DEFAULT_PROGRAM_DATA = 'C:\\ProgramData';

/**
 * Windows' common application data folder (ProgramData), from the system's own record of it and
 * never from the environment: %ProgramData% and %SystemDrive% are set per process, and any program
 * that starts Signet could point them at a folder of its own and so lift the organisation's
 * policy. The registry holds "%SystemDrive%\ProgramData"; the drive is the one Windows itself is
 * installed on (SystemRoot, also in HKLM). Anything else it might name is not expanded: then the
 * default is used, as when the registry cannot be read.
 */
export function programDataFolder(lookup: RegistryLookup = registryValue): string {
  const recorded = safely(() => lookup(PROFILE_LIST, 'ProgramData'));
  if (!recorded) return DEFAULT_PROGRAM_DATA;
  let folder = recorded;
  if (/%SystemDrive%/i.test(folder)) {
    const systemRoot = safely(() => lookup(CURRENT_VERSION, 'SystemRoot'));
    const drive = systemRoot ? /^[A-Za-z]:/.exec(systemRoot)?.[0] : undefined;
    if (!drive) return DEFAULT_PROGRAM_DATA;
    folder = folder.replace(/%SystemDrive%/gi, drive);
  }
  if (folder.includes('%') || !win32.isAbsolute(folder)) return DEFAULT_PROGRAM_DATA;
  return win32.normalize(folder);
}

function safely(read: () => string | undefined): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** `reg query KEY /v VALUE`: the value's data, from a line "    VALUE    REG_…    DATA". */
function registryValue(key: string, value: string): string | undefined {
  const out = execFileSync('reg.exe', ['query', key, '/v', value], {
    encoding: 'utf8',
    timeout: 5000,
    windowsHide: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return parseRegQuery(out, value);
}

export function parseRegQuery(output: string, value: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+(\S.*?)\s{2,}(REG_SZ|REG_EXPAND_SZ)\s{2,}(.*)$/.exec(line);
    if (match && match[1]!.toLowerCase() === value.toLowerCase()) return match[3]!.trim();
  }
  return undefined;
}
