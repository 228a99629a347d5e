import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { managedTrustFile } from '../../electron/core/config/paths';
import type { RawAdminValue } from '../../electron/core/policy/admin-values';
import type { PolicyLocations } from '../../electron/core/policy/locations';
import { readManagedPolicy } from '../../electron/core/policy/managed-policy';
import { summarisePolicy } from '../../electron/core/policy/policy-summary';
import { managedSigningSettings } from '../../electron/core/policy/signing-settings';
import {
  groupPolicyValues,
  parseRegSubkeys,
  parseRegValues,
  type RegistryReader,
} from '../../electron/core/policy/windows-registry';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { DownloadChecks } from '../../electron/main/downloads/download-checks';
import { SettingsStore } from '../../electron/main/settings/settings-store';
import { policyOriginSentence, policySentences } from '../../shared/policy-words';
import { tempDir } from '../helpers/temp-dir';

const KEY = (name: string, publicKey: string) => ({
  kind: 'minisign',
  keyId: name.toUpperCase().padEnd(16, '0').slice(0, 16),
  name,
  publicKey,
  keyNum: 'H+i0QhgPYuc=',
});
const ACME = KEY('acme', 'eaVh5w7gjNPnVMY+m9a5w1IKHUIEzRBNoufvdjsYU7c=');
const FABRIKAM = KEY('fabrikam', 'faVh5w7gjNPnVMY+m9a5w1IKHUIEzRBNoufvdjsYU7c=');
const json = (value: unknown) => `${JSON.stringify(value)}\n`;

let root: string;
let n = 0;
/** A fresh folder per test: the managed list and its policy.d beside it, as under /etc/signet. */
let dir: string;
const linux = (): PolicyLocations => ({
  file: join(dir, 'trusted-signers.json'),
  policyDir: join(dir, 'policy.d'),
});
const unreadable = (locations: PolicyLocations) =>
  readManagedPolicy(locations).then(
    () => 'read',
    (error: Error) => error.message,
  );

beforeEach(async () => {
  root ??= await tempDir('signet-policy-sources-');
  dir = join(root, String(n++));
  await mkdir(join(dir, 'policy.d'), { recursive: true });
});

describe('Linux: the managed list, then policy.d/*.json in name order', () => {
  it('merges lists and lets the last file that sets a setting decide', async () => {
    await writeFile(
      linux().file,
      json({ version: 2, signers: [ACME], allowUserSigners: true, onlyListedSigners: true }),
    );
    await writeFile(join(dir, 'policy.d', '20-lock.json'), json({ version: 2, allowUserSigners: false }));
    await writeFile(
      join(dir, 'policy.d', '10-fabrikam.json'),
      json({ version: 2, signers: [FABRIKAM], allowUserSigners: true }),
    );
    await writeFile(join(dir, 'policy.d', 'README'), 'not a policy');
    await writeFile(join(dir, 'policy.d', '30-old.json.dpkg-old'), '{damaged');
    const policy = await readManagedPolicy(linux());
    expect(policy.file.signers.map((s) => s.name)).toEqual(['acme', 'fabrikam']);
    expect(policy.file).toMatchObject({ allowUserSigners: false, onlyListedSigners: true });
    expect(policy.sources.map((s) => s.where.slice(dir.length + 1))).toEqual([
      'trusted-signers.json',
      'policy.d/10-fabrikam.json',
      'policy.d/20-lock.json',
    ]);
    expect(policy.setBy.allowUserSigners?.where).toContain('20-lock.json');
  });

  it('fails closed on a damaged file, a key it does not know, or a policy.d that is not a folder', async () => {
    await writeFile(join(dir, 'policy.d', '10-typo.json'), json({ version: 2, allowUserSigner: false }));
    expect(await unreadable(linux())).toContain('"allowUserSigner"');
    await rm(join(dir, 'policy.d'), { recursive: true });
    await symlink(join(dir, 'nowhere'), join(dir, 'policy.d'));
    expect(await unreadable(linux())).toContain('cannot be read');
    await rm(join(dir, 'policy.d'));
    await writeFile(join(dir, 'policy.d'), 'a file');
    expect(await unreadable(linux())).toContain('is not a folder');
  });

  it.runIf(process.platform === 'linux')(
    'a policy.d at the OS path applies whatever a test override says (it cannot lift it)',
    () => {
      const osFile = '/etc/signet/trusted-signers.json';
      const overrides = { managedTrustFile: '/tmp/elsewhere.json' };
      const policyDirThere = (path: string) => path === '/etc/signet/policy.d';
      expect(managedTrustFile({}, { overrides, osFile, isThere: policyDirThere })).toBe(osFile);
      expect(managedTrustFile({}, { overrides, osFile, isThere: () => false })).toBe('/tmp/elsewhere.json');
    },
  );

  it('applies a changed policy file at the next read, without a restart', async () => {
    const store = new TrustStore({ configDir: join(dir, 'user'), policy: linux() });
    expect(await store.userMayAdd()).toBe(true);
    await writeFile(join(dir, 'policy.d', '50-lock.json'), json({ version: 2, allowUserSigners: false }));
    expect(await store.userMayAdd()).toBe(false);
    await writeFile(join(dir, 'policy.d', '50-lock.json'), '{');
    await expect(store.userMayAdd()).rejects.toThrow(/damaged/);
  });
});

/** A registry that answers from a table, as reg.exe would for HKLM\Software\Policies\Signet. */
function registry(values: Record<string, RawAdminValue> | undefined, fails = false): RegistryReader {
  return {
    async subkeys() {
      if (fails) throw new Error('reg.exe could not run');
      return values
        ? ['HKLM\\SOFTWARE\\POLICIES\\MICROSOFT', 'HKLM\\SOFTWARE\\POLICIES\\SIGNET']
        : ['HKLM\\SOFTWARE\\POLICIES\\MICROSOFT'];
    },
    async values() {
      return values ? new Map(Object.entries(values)) : undefined;
    },
  };
}

describe('Windows: Group Policy values win over the file', () => {
  const windows = (values: Record<string, RawAdminValue> | undefined, fails = false): PolicyLocations => ({
    file: join(dir, 'trusted-signers.json'),
    registry: registry(values, fails),
  });

  it('reads reg query’s output as Windows prints it', () => {
    const out = [
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Signet',
      '    AllowUserSigners    REG_DWORD    0x0',
      '    OnlyListedSigners    REG_DWORD    0x1',
      '    TimestampUrl    REG_SZ    http://timestamp.digicert.com',
      '    PolicyFile    REG_EXPAND_SZ    C:\\Policies\\contoso.json',
      '    Odd    REG_BINARY    00FF',
      '',
    ].join('\r\n');
    expect(Object.fromEntries(parseRegValues(out))).toEqual({
      AllowUserSigners: 0,
      OnlyListedSigners: 1,
      TimestampUrl: 'http://timestamp.digicert.com',
      PolicyFile: 'C:\\Policies\\contoso.json',
      Odd: 'REG_BINARY 00FF',
    });
    const parent =
      'HKEY_LOCAL_MACHINE\\Software\\Policies\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft\r\nHKEY_LOCAL_MACHINE\\Software\\Policies\\Signet\r\n';
    expect(parseRegSubkeys(parent, 'HKLM\\Software\\Policies')).toContain('HKLM\\SOFTWARE\\POLICIES\\SIGNET');
  });

  it('applies the file, then PolicyFile and PolicyJson, then the single values, and says it came through Group Policy', async () => {
    await writeFile(
      join(dir, 'trusted-signers.json'),
      json({ version: 2, signers: [ACME], allowUserSigners: true }),
    );
    await writeFile(join(dir, 'contoso.json'), json({ version: 2, checkEveryDownload: false }));
    const policy = await readManagedPolicy(
      windows({
        PolicyFile: join(dir, 'contoso.json'),
        PolicyJson: json({ version: 2, signers: [FABRIKAM] }),
        allowusersigners: 0,
        CheckEveryDownload: 1,
        TimestampUrl: 'http://timestamp.digicert.com',
      }),
    );
    expect(policy.file).toMatchObject({
      allowUserSigners: false,
      checkEveryDownload: true,
      timestampUrl: 'http://timestamp.digicert.com',
    });
    expect(policy.file.signers.map((s) => s.name)).toEqual(['acme', 'fabrikam']);
    const summary = summarisePolicy(policy);
    expect(policyOriginSentence(summary.sources)).toBe(
      'Set by your organisation through Group Policy and a policy file.',
    );
    expect(policySentences(summary).slice(0, 2)).toEqual([
      'Only these 2 signers count: “acme” and “fabrikam”.',
      'People cannot add their own signers.',
    ]);
    expect(await managedSigningSettings(windows({ TimestampUrl: 'https://tsa.contoso.example' }))).toEqual({
      timestampUrl: 'https://tsa.contoso.example',
    });
  });

  it('no Signet key is no policy; anything it cannot read fails closed, naming the value', async () => {
    expect((await readManagedPolicy(windows(undefined))).sources).toEqual([]);
    expect(await unreadable(windows(undefined, true))).toContain('Group Policy settings cannot be read');
    expect(await unreadable(windows({ AllowUserSigners: 'no' }))).toContain(
      'AllowUserSigners must be 0 or 1',
    );
    expect(await unreadable(windows({ OnlyListedSigners: 2 }))).toContain('OnlyListedSigners');
    expect(await unreadable(windows({ PolicyFile: join(dir, 'missing.json') }))).toContain(
      'there is nothing there',
    );
    expect(await unreadable(windows({ PolicyJson: '{"version":2,"onlyListed":true}' }))).toContain(
      '"onlyListed"',
    );
    expect(await unreadable(windows({ TimestampUrl: 'timestamp.digicert.com' }))).toContain('http://');
  });

  it('asks for the values only when the key is there (reg.exe’s error text is translated)', async () => {
    const values = vi.fn(async () => new Map<string, RawAdminValue>());
    await groupPolicyValues({ subkeys: async () => ['HKLM\\SOFTWARE\\POLICIES\\MICROSOFT'], values });
    expect(values).not.toHaveBeenCalled();
  });
});

describe('macOS: the managed preferences a configuration profile sets', () => {
  const plist = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
${body}
</dict>
</plist>
`;
  const mac = (toXml?: (path: string, bytes: Buffer) => Promise<string>): PolicyLocations => ({
    file: join(dir, 'trusted-signers.json'),
    managedPreferences: { path: join(dir, 'org.signet.app.plist'), ...(toXml ? { toXml } : {}) },
  });

  it('reads the values, and a binary plist through plutil', async () => {
    await writeFile(
      join(dir, 'org.signet.app.plist'),
      plist(`  <key>OnlyListedSigners</key>
  <true/>
  <key>AllowUserSigners</key>
  <false/>
  <key>PolicyJson</key>
  <string>{"version":2,"signers":[${JSON.stringify(ACME).replace(/"/g, '&quot;')}]}</string>
  <key>PayloadUUID</key>
  <string>5A1B2C3D-0000-4000-8000-000000000000</string>
  <key>Other</key>
  <dict><key>x</key><integer>1</integer></dict>`),
    );
    const policy = await readManagedPolicy(mac());
    expect(policy.file).toMatchObject({
      onlyListedSigners: true,
      allowUserSigners: false,
      signers: [{ name: 'acme' }],
    });
    expect(policyOriginSentence(summarisePolicy(policy).sources)).toBe(
      'Set by your organisation through a configuration profile.',
    );
    await writeFile(join(dir, 'org.signet.app.plist'), Buffer.from('bplist00 binary'));
    const toXml = vi.fn(async () => plist('<key>CheckEveryDownload</key><integer>1</integer>'));
    expect((await readManagedPolicy(mac(toXml))).file.checkEveryDownload).toBe(true);
    expect(toXml).toHaveBeenCalledOnce();
  });

  it('fails closed on a damaged plist or a value of the wrong type', async () => {
    await writeFile(join(dir, 'org.signet.app.plist'), plist('<key>AllowUserSigners</key>'));
    expect(await unreadable(mac())).toContain('configuration profile settings cannot be read');
    await writeFile(
      join(dir, 'org.signet.app.plist'),
      plist('<key>AllowUserSigners</key><string>false</string>'),
    );
    expect(await unreadable(mac())).toContain('AllowUserSigners must be 0 or 1');
    await writeFile(join(dir, 'org.signet.app.plist'), '<plist><dict><key>a</key><string>b</dict></plist>');
    expect(await unreadable(mac())).toContain('cannot be read');
  });
});

describe('“Check every new download”, decided by the policy', () => {
  it('follows the policy at each look, without a restart, and refuses the person’s change while it decides', async () => {
    const downloads = join(dir, 'Downloads');
    await mkdir(downloads);
    let policy: boolean | undefined = true;
    const checks = new DownloadChecks({
      settings: new SettingsStore(join(dir, 'config')),
      downloadsDir: downloads,
      verify: async () => [],
      notifier: { show() {} },
      openCard() {},
      policy: async () => policy,
    });
    try {
      await checks.start();
      expect(await checks.status()).toMatchObject({ enabled: true, watching: true, setByPolicy: true });
      await expect(checks.setEnabled(false)).rejects.toThrow('Your organisation decides');
      policy = false;
      expect(await checks.status()).toMatchObject({ enabled: false, watching: false, setByPolicy: true });
      policy = undefined;
      const free = await checks.status();
      expect(free).toMatchObject({ enabled: false, watching: false });
      expect(free.setByPolicy).toBeUndefined();
      expect(await checks.setEnabled(true)).toMatchObject({ enabled: true, watching: true });
    } finally {
      checks.stop();
    }
  });
});
