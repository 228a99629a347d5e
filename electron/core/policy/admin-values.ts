/**
 * The values an administrator sets through Group Policy (`HKLM\Software\Policies\Signet`, written
 * by build/policy/windows/signet.admx) or a macOS configuration profile (the managed preferences
 * of the app's bundle id, build/policy/macos/signet.mobileconfig). Both use these names; a test
 * checks the templates name exactly these. Each value wins over the same setting in a policy file.
 */
export const ADMIN_VALUES = {
  /** Absolute path of a policy file (the trust-list format) to apply. */
  policyFile: { name: 'PolicyFile', type: 'string' },
  /** The policy itself, inline, as JSON in the trust-list format. */
  policyJson: { name: 'PolicyJson', type: 'string' },
  allowUserSigners: { name: 'AllowUserSigners', type: 'boolean' },
  onlyListedSigners: { name: 'OnlyListedSigners', type: 'boolean' },
  timestampUrl: { name: 'TimestampUrl', type: 'string' },
  checkEveryDownload: { name: 'CheckEveryDownload', type: 'boolean' },
} as const;

type AdminValueKey = keyof typeof ADMIN_VALUES;

/** What one administrator channel set, by our own key; a value of the wrong type is a problem, never skipped. */
export type AdminValues = {
  [K in AdminValueKey]?: (typeof ADMIN_VALUES)[K]['type'] extends 'boolean' ? boolean : string;
};

/** A raw value as the channel gives it: a string, a number (REG_DWORD, plist integer) or a boolean. */
export type RawAdminValue = string | number | boolean;

/**
 * Reads the known values out of what the channel holds, by name without regard to case (the
 * registry ignores case). An unknown name is ignored (a newer template may set more); a known
 * name with a value of the wrong kind refuses the whole policy, so a typo cannot lift it.
 */
export function adminValuesFrom(
  raw: ReadonlyMap<string, RawAdminValue>,
  channel: string,
): { values: AdminValues } | { problem: string } {
  const values: Record<string, string | boolean> = {};
  const byName = new Map([...raw].map(([name, value]) => [name.toLowerCase(), value]));
  for (const [key, spec] of Object.entries(ADMIN_VALUES)) {
    const value = byName.get(spec.name.toLowerCase());
    if (value === undefined) continue;
    if (spec.type === 'boolean') {
      if (value === 0 || value === 1 || typeof value === 'boolean')
        values[key] = value === true || value === 1;
      else return { problem: `${channel}: ${spec.name} must be 0 or 1 (it is ${JSON.stringify(value)})` };
    } else if (typeof value === 'string') {
      values[key] = value;
    } else return { problem: `${channel}: ${spec.name} must be text (it is ${JSON.stringify(value)})` };
  }
  return { values: values as AdminValues };
}
