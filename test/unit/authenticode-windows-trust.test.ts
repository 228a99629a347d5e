import { describe, expect, it } from 'vitest';
import { askWindows, disagreement } from '../../electron/core/formats/authenticode/windows-trust';
import type { FormatCheck } from '../../electron/core/formats/format-module';

/** The PowerShell bridge cannot run here; its parsing and comparison can, with the runner replaced. */
const check = (outcome: FormatCheck['outcome']): FormatCheck => ({
  outcome,
  reason: 'r',
  algorithm: 'Authenticode',
});

describe('Windows platform check (WinVerifyTrust through Get-AuthenticodeSignature)', () => {
  it('is not asked off Windows, and passes the path outside the script text', async () => {
    let seen: { script: string; env: Record<string, string> } | undefined;
    const run = async (script: string, env: Record<string, string>) => {
      seen = { script, env };
      return '{"status":"Valid","subject":"CN=Example"}';
    };
    expect(await askWindows('C:\\a.exe', run, 'linux')).toBeUndefined();
    expect(seen).toBeUndefined();
    const path = 'C:\\Downloads\\x"; Remove-Item -Recurse C:\\ #.exe';
    expect(await askWindows(path, run, 'win32')).toEqual({ status: 'Valid', subject: 'CN=Example' });
    expect(seen?.env.SIGNET_PATH).toBe(path);
    expect(seen?.script).not.toContain('Downloads');
  });

  it('treats an unreadable answer as no answer', async () => {
    expect(await askWindows('a.exe', async () => 'not json', 'win32')).toBeUndefined();
    expect(await askWindows('a.exe', async () => '{"status": 5}', 'win32')).toBeUndefined();
    expect(
      await askWindows('a.exe', async () => Promise.reject(new Error('no powershell')), 'win32'),
    ).toBeUndefined();
  });

  it('reports a disagreement in either direction, and stays quiet when both agree', () => {
    expect(disagreement(check('valid'), { status: 'Valid' })).toBeUndefined();
    expect(disagreement(check('invalid'), { status: 'HashMismatch' })).toBeUndefined();
    expect(disagreement('no-signature', { status: 'NotSigned' })).toBeUndefined();
    expect(disagreement(check('valid'), { status: 'NotTrusted' })).toMatch(/Windows says “NotTrusted”/);
    expect(disagreement(check('unknown-signer'), { status: 'Valid' })).toMatch(/differs/);
    expect(disagreement(check('invalid'), { status: 'Valid' })).toMatch(/differs/);
  });
});
