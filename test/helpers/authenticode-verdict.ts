import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { TrustedPublisher } from '../../electron/core/formats/authenticode/publisher-entry';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import {
  type AuthenticodeFileAnswer as PeFileAnswer,
  verifyAuthenticodeFile,
} from './authenticode-verify-file';

export type Verdict = 'verified' | 'unknown-signer' | 'tampered' | 'no-signature' | 'malformed';

/** The five-verdict vocabulary (shared/verdict.ts) for a module answer, as the registry maps it. */
function verdictOf(answer: PeFileAnswer): Verdict {
  if (answer.kind !== 'checked') return answer.kind;
  return (
    {
      valid: 'verified',
      'unknown-signer': 'unknown-signer',
      invalid: 'tampered',
      refused: 'malformed',
    } as const
  )[answer.check.outcome];
}

export async function derOfPem(path: string): Promise<Uint8Array> {
  return new Uint8Array(new X509Certificate(await readFile(path)).raw);
}

export interface SignetRun {
  roots: readonly Uint8Array[];
  at?: Date;
  trust?: readonly TrustedPublisher[];
  onlyListed?: boolean;
}

export async function signetVerify(
  file: string,
  options: SignetRun,
): Promise<{ verdict: Verdict; answer: PeFileAnswer }> {
  const answer = await verifyAuthenticodeFile(file, {
    trust: options.trust ?? [],
    material: { caRoots: options.roots },
    policy: standardPolicy(options.at ? { at: options.at } : {}),
    what: 'The file',
    onlyListedSigners: options.onlyListed,
  });
  return { verdict: verdictOf(answer), answer };
}
