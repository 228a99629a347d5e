import { readFile, writeFile } from 'node:fs/promises';
import { FormatError } from '../../electron/core/errors';
import type { FormatCheck } from '../../electron/core/formats/format-module';
import { openpgpModule } from '../../electron/core/formats/openpgp/module';
import type { OpenPgpTrustEntry } from '../../electron/core/formats/openpgp/trust-entry';
import { standardPolicy, type VerifyPolicy } from '../../electron/core/policy/verify-policy';
import { statusTokens } from './gpg';
import { digestFileWithSuffixes } from './openpgp-file-digest';
import { run } from './run';

export type Verdict = 'verified' | 'unknown-signer' | 'tampered' | 'malformed';

/** The same mapping verifyArtifact's one table makes (ARCHITECTURE "formats as modules", step 5). */
function verdictOfCheck(check: FormatCheck): Verdict {
  switch (check.outcome) {
    case 'valid':
      return 'verified';
    case 'unknown-signer':
      return 'unknown-signer';
    case 'invalid':
      return 'tampered';
    case 'refused':
      return 'malformed';
  }
}

/** Signet's OpenPGP module end to end, as the pipeline will run it: parse, precheck, one read, check. */
export async function signetCheck(
  sigPath: string,
  dataPath: string | undefined,
  trust: readonly OpenPgpTrustEntry[],
  policy: VerifyPolicy = standardPolicy(),
): Promise<{ verdict: Verdict; check?: FormatCheck; carried?: Uint8Array }> {
  let parsed: ReturnType<typeof openpgpModule.parse>;
  try {
    parsed = openpgpModule.parse(new Uint8Array(await readFile(sigPath)));
  } catch (error) {
    if (error instanceof FormatError) return { verdict: 'malformed' };
    throw error;
  }
  const pre = openpgpModule.precheck?.(parsed, policy);
  if (pre && !pre.ok) return { verdict: 'malformed' };
  const suffixed = dataPath ? await digestFileWithSuffixes(dataPath, parsed.needs) : [];
  const check = await openpgpModule.check(
    parsed,
    { size: 0, digests: {}, suffixed },
    { trust, material: { caRoots: [] }, policy, what: 'The file' },
  );
  return {
    verdict: verdictOfCheck(check),
    check,
    ...(parsed.carriedMessage ? { carried: parsed.carriedMessage } : {}),
  };
}

/** gpgv over a binary keyring; answers with the status tokens, not the exit code. */
export async function gpgvTokens(
  keyring: Uint8Array,
  dir: string,
  sigPath: string,
  dataPath?: string,
): Promise<string[]> {
  const ring = `${dir}/oracle-ring-${Math.random().toString(36).slice(2)}.gpg`;
  await writeFile(ring, keyring);
  const result = await run(
    'gpgv',
    ['--keyring', ring, '--status-fd', '1', sigPath, ...(dataPath ? [dataPath] : [])],
    {
      env: { GNUPGHOME: dir, LC_ALL: 'C' },
    },
  );
  return statusTokens(result.stdout);
}

/** sqv (Sequoia) as the second oracle: true when it accepts the detached signature. */
export async function sqvAccepts(certPath: string, sigPath: string, dataPath: string): Promise<boolean> {
  const result = await run('sqv', ['--keyring', certPath, sigPath, dataPath]);
  return result.status === 0;
}
