import { execFile } from 'node:child_process';
import { lstat, readFile } from 'node:fs/promises';
import type { RawAdminValue } from './admin-values';
import { plistDictionary } from './plist';

/** The app's bundle id (electron-builder.yml appId): the managed preferences domain a profile sets. */
export const BUNDLE_ID = 'org.signet.app';

/** Where macOS puts the preferences a configuration profile (MDM) sets for every user of the Mac. */
export const MANAGED_PREFERENCES = `/Library/Managed Preferences/${BUNDLE_ID}.plist`;

/** A managed-preferences file as XML: binary ones (what MDM writes) through the system's plutil. */
export type PlistToXml = (path: string, bytes: Buffer) => Promise<string>;

/**
 * The values a configuration profile set, or undefined when none is installed. A file that is
 * there but cannot be read throws: the policy is then unreadable, never lifted.
 */
export async function managedPreferenceValues(
  path: string = MANAGED_PREFERENCES,
  toXml: PlistToXml = plutilXml,
): Promise<Map<string, RawAdminValue> | undefined> {
  try {
    await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
  const bytes = await readFile(path);
  const xml =
    bytes.subarray(0, 6).toString('latin1') === 'bplist' ? await toXml(path, bytes) : bytes.toString('utf8');
  const values = new Map<string, RawAdminValue>();
  for (const [name, value] of plistDictionary(xml)) {
    values.set(name, typeof value === 'object' ? `<${value.type}>` : value);
  }
  return values;
}

/** `plutil -convert xml1 -o - FILE`: macOS's own converter, present on every Mac. */
function plutilXml(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/plutil',
      ['-convert', 'xml1', '-o', '-', path],
      { encoding: 'utf8', timeout: 10_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}
