import { describe, expect, it } from 'vitest';
import { osManagedTrustFile } from '../../electron/core/config/paths';
import {
  DEFAULT_PROGRAM_DATA,
  parseRegQuery,
  programDataFolder,
  type RegistryLookup,
} from '../../electron/core/config/program-data';

/** A registry stand-in: HKLM values as a real Windows install holds them. */
const registry =
  (values: { ProgramData?: string; SystemRoot?: string }): RegistryLookup =>
  (_key, value) =>
    values[value as keyof typeof values];

describe('the Windows ProgramData folder comes from the system, never from the environment', () => {
  it('expands %SystemDrive% with the drive Windows is installed on', () => {
    const lookup = registry({ ProgramData: '%SystemDrive%\\ProgramData', SystemRoot: 'E:\\Windows' });
    expect(programDataFolder(lookup)).toBe('E:\\ProgramData');
  });

  it('ignores %ProgramData% and %SystemDrive% set by whoever starts Signet', () => {
    const saved = { ProgramData: process.env.ProgramData, SystemDrive: process.env.SystemDrive };
    process.env.ProgramData = 'C:\\Users\\mallory\\fake';
    process.env.SystemDrive = 'Z:';
    try {
      const lookup = registry({ ProgramData: '%SystemDrive%\\ProgramData', SystemRoot: 'C:\\WINDOWS' });
      expect(osManagedTrustFile('win32', lookup)).toBe('C:\\ProgramData\\Signet\\trusted-signers.json');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('uses the default folder when the registry cannot be read or names another variable', () => {
    const failing: RegistryLookup = () => {
      throw new Error('reg.exe is blocked');
    };
    expect(programDataFolder(failing)).toBe(DEFAULT_PROGRAM_DATA);
    expect(programDataFolder(registry({ ProgramData: '%USERPROFILE%\\x', SystemRoot: 'C:\\W' }))).toBe(
      DEFAULT_PROGRAM_DATA,
    );
    expect(programDataFolder(registry({ ProgramData: 'relative\\x' }))).toBe(DEFAULT_PROGRAM_DATA);
    expect(programDataFolder(registry({ ProgramData: '%SystemDrive%\\ProgramData' }))).toBe(
      DEFAULT_PROGRAM_DATA,
    );
  });

  it('reads the value out of reg.exe output', () => {
    const out =
      '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList\r\n' +
      '    ProgramData    REG_EXPAND_SZ    %SystemDrive%\\ProgramData\r\n\r\n';
    expect(parseRegQuery(out, 'ProgramData')).toBe('%SystemDrive%\\ProgramData');
    expect(parseRegQuery(out, 'Default')).toBeUndefined();
  });
});
