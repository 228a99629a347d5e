import { execFile } from 'node:child_process';
import { z } from 'zod';
import type { FormatCheck } from '../format-module';

/**
 * What Windows itself says about a signed file: WinVerifyTrust, asked through PowerShell's
 * Get-AuthenticodeSignature. Windows is the authority people already see, so on Windows its answer
 * is shown beside Signet's and any disagreement is reported, never hidden. Signet's own verdict
 * still stands: this only adds a detail. It cannot run off Windows (undefined there), so it stays
 * this thin: one call, one parsed answer, one comparison.
 */
export interface PlatformVerdict {
  /** System.Management.Automation.SignatureStatus: Valid, NotSigned, HashMismatch, NotTrusted, … */
  status: string;
  /** The signer certificate's subject as Windows prints it. */
  subject?: string;
}

export type RunPowerShell = (script: string, env: Record<string, string>) => Promise<string>;

const answer = z.object({ status: z.string().max(40), subject: z.string().max(2000).nullish() });

/** The path travels in an environment variable, never inside the script text. */
const SCRIPT =
  '$s = Get-AuthenticodeSignature -LiteralPath $env:SIGNET_PATH; ' +
  '[pscustomobject]@{ status = [string]$s.Status; subject = $s.SignerCertificate.Subject } | ConvertTo-Json -Compress';

export async function askWindows(
  path: string,
  run: RunPowerShell = runPowerShell,
  platform: NodeJS.Platform = process.platform,
): Promise<PlatformVerdict | undefined> {
  if (platform !== 'win32') return undefined;
  try {
    const parsed = answer.safeParse(JSON.parse(await run(SCRIPT, { SIGNET_PATH: path })));
    if (!parsed.success) return undefined;
    return parsed.data.subject
      ? { status: parsed.data.status, subject: parsed.data.subject }
      : { status: parsed.data.status };
  } catch {
    return undefined;
  }
}

/** A sentence for the details panel when Windows and Signet disagree; undefined when they agree. */
export function disagreement(
  check: FormatCheck | 'no-signature',
  windows: PlatformVerdict,
): string | undefined {
  const signet = check === 'no-signature' ? 'no-signature' : check.outcome;
  const expected: Record<string, readonly string[]> = {
    valid: ['Valid'],
    invalid: ['HashMismatch', 'Incompatible'],
    'no-signature': ['NotSigned'],
    'unknown-signer': ['NotTrusted', 'UnknownError', 'NotSupportedFileFormat'],
    refused: ['NotTrusted', 'UnknownError', 'NotSupportedFileFormat', 'Valid'],
  };
  if ((expected[signet] ?? []).includes(windows.status)) return undefined;
  return `Windows says “${windows.status}” about this file, which differs from Signet’s answer.`;
}

function runPowerShell(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-Command', script],
      { env: { ...process.env, ...env }, timeout: 30_000, windowsHide: true },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}
