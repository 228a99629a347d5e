import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PolicySummary } from '../../../shared/policy-summary';
import { policyOriginSentence, policySentences, policyWarningSentence } from '../../../shared/policy-words';
import { printable } from '../../../shared/printable';
import { exitCodeFor } from '../../../shared/verdict';
import { plainMessage } from '../../core/errors';
import { readSmallFile } from '../../core/fs/read-small-file';
import { CERTIFICATE_MAX_BYTES } from '../../core/limits';
import {
  addCaRoots,
  initPolicyFile,
  readPolicyFile,
  removeFromPolicy,
  setPolicySettings,
} from '../../core/policy/policy-file';
import { summarisePolicy } from '../../core/policy/policy-summary';
import { TrustStore } from '../../core/trust/trust-store';
import { POLICY_UNREADABLE_REASON } from '../../core/verify/policy-unreadable';
import { verifyArtifact } from '../../core/verify/verify-artifact';
import { CliExit } from '../cli-error';
import { presentVerdict } from '../present-verdict';
import { loadTrustMaterial } from './load-trust';
import { type SigstoreFlags, sigstoreVerifyOptions } from './sigstore-options';
import { trustAddCommand } from './trust';

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliExit) throw error;
    throw new CliExit(2, plainMessage(error));
  }
}

const say = (line: string) => process.stdout.write(`${printable(line)}\n`);

export async function policyInitCommand(file: string, flags: { force?: boolean }): Promise<number> {
  await guarded(() => initPolicyFile(file, flags.force === true));
  say(`Wrote an empty policy to ${file}. Add signers with: signet policy add ${file} …`);
  return 0;
}

/** `policy add FILE …`: exactly what `trust add` takes, written to the policy file; or `--ca-root CERT`. */
export async function policyAddCommand(
  file: string,
  pubFile: string | undefined,
  flags: { name?: string; note?: string; publisherCert?: string; caRoot?: string } & SigstoreFlags,
): Promise<number> {
  await guarded(() => readPolicyFile(file));
  if (flags.caRoot !== undefined) {
    if (
      pubFile !== undefined ||
      flags.publisherCert !== undefined ||
      flags.certificateIdentity !== undefined
    ) {
      throw new CliExit(2, 'Give --ca-root on its own: one kind of signer at a time.');
    }
    const certificate = await guarded(() =>
      readSmallFile(flags.caRoot!, CERTIFICATE_MAX_BYTES, 'The certificate file'),
    );
    for (const root of await guarded(() => addCaRoots(file, certificate))) {
      say(`${file}: Windows programs whose publisher ${root} confirms now count.`);
    }
    return 0;
  }
  if (flags.name === undefined) throw new CliExit(2, 'Give the signer a name with --name NAME.');
  const status = await trustAddCommand(
    pubFile,
    { ...flags, name: flags.name },
    new TrustStore({ editFile: file }),
  );
  say(`(written to the policy ${file}; nothing on this computer changed)`);
  return status;
}

export async function policyRemoveCommand(file: string, id: string): Promise<number> {
  say(await guarded(() => removeFromPolicy(file, id)));
  return 0;
}

export async function policySetCommand(file: string, assignments: string[]): Promise<number> {
  const done = await guarded(() => setPolicySettings(file, assignments));
  say(`${file}: ${done.join(', ')}.`);
  return 0;
}

function printSummary(summary: PolicySummary, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  for (const line of policySentences(summary)) say(line);
  for (const warning of summary.warnings) say(`Warning: ${policyWarningSentence(warning)}`);
}

/** `policy check FILE`: valid or not (exit 2, naming what is wrong), and what it would do. */
export async function policyCheckCommand(file: string, flags: { json?: boolean }): Promise<number> {
  const policy = await guarded(() => readPolicyFile(file));
  printSummary(
    summarisePolicy({ file: policy, sources: [{ channel: 'file', where: file }] }, true),
    flags.json,
  );
  return 0;
}

/** `policy show`: the policy in force on this computer, and where it came from. */
export async function policyShowCommand(flags: { json?: boolean }): Promise<number> {
  let summary: PolicySummary;
  try {
    summary = summarisePolicy(await new TrustStore().managedPolicy());
  } catch (error) {
    throw new CliExit(2, `${POLICY_UNREADABLE_REASON} (${plainMessage(error)})`);
  }
  if (flags.json) {
    printSummary(summary, true);
    return 0;
  }
  const origin = policyOriginSentence(summary.sources);
  if (origin) say(origin);
  printSummary(summary, false);
  for (const source of summary.sources) say(`  read from ${source.where}`);
  return 0;
}

/**
 * `policy test FILE ARTIFACT…`: what each file would get on a computer where this policy is in
 * force and the person has added nothing, through the same check `signet verify` makes.
 */
export async function policyTestCommand(file: string, artifacts: string[]): Promise<number> {
  const policy = await guarded(() => readPolicyFile(file));
  const summary = summarisePolicy({ file: policy, sources: [{ channel: 'file', where: file }] }, true);
  for (const warning of summary.warnings) say(`Warning: ${policyWarningSentence(warning)}`);
  // A list of the person's own that does not exist: only the policy counts.
  const nobody = join(tmpdir(), `signet-policy-test-${randomBytes(8).toString('hex')}`);
  const store = new TrustStore({ policy: { file }, configDir: nobody });
  let status = 0;
  for (const artifact of artifacts) {
    const material = await loadTrustMaterial(artifact, { useTrustList: true, trust: store });
    // A trusted root the policy pins is the one its Sigstore bundles are checked against.
    const pinned = policy.sigstore?.trustedRoot;
    const sigstore = await sigstoreVerifyOptions(
      pinned ? { trustedRoot: pinned } : {},
      undefined,
      async () => material.trusted,
    );
    const result = material.tell(await verifyArtifact(artifact, { ...sigstore, ...material.options }));
    say(`Under ${file}, ${artifact} would get:`);
    process.stdout.write(presentVerdict(result));
    status = Math.max(status, exitCodeFor(result.verdict));
  }
  return status;
}
