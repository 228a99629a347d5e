import type { Command } from 'commander';

type Run = (work: Promise<number>) => Promise<void>;
const load = () => import('./policy');

/**
 * `signet policy …`: build, check and test the organisation's policy file, and show the one in
 * force. `withSignerOptions` adds the options `trust add` takes, so `policy add` takes the same.
 * Each action's code is imported when it runs.
 */
export function definePolicyCommand(
  program: Command,
  withSignerOptions: (command: Command) => Command,
  run: Run,
): void {
  const policy = program
    .command('policy')
    .description('build, check and test your organisation’s policy file, or show the policy in force');
  policy
    .command('init')
    .description('write an empty, valid policy file')
    .argument('<file>', 'the policy file to write')
    .option('--force', 'replace the file if it exists')
    .action(async (file, flags) => run((await load()).policyInitCommand(file, flags)));
  const add = policy
    .command('add')
    .description('add a signer to a policy file: anything `signet trust add` takes, or a CA root')
    .argument('<file>', 'the policy file')
    .argument('[pubfile]', 'a public key file or OpenPGP certificate(s), as for trust add')
    .option('--name <name>', 'who this signer is (not needed with --ca-root)')
    .option('--note <text>', 'a note for whoever reads the policy')
    .option('--ca-root <cert>', 'a certificate authority (PEM or DER) trusted for Windows programs');
  withSignerOptions(add).action(async (file, pubFile, flags) =>
    run((await load()).policyAddCommand(file, pubFile, flags)),
  );
  policy
    .command('remove')
    .description('remove a signer (by key id) or a CA root (by SHA-256) from a policy file')
    .argument('<file>', 'the policy file')
    .argument('<id>', 'key id, or the CA root’s SHA-256')
    .action(async (file, id) => run((await load()).policyRemoveCommand(file, id)));
  policy
    .command('set')
    .description('change settings of a policy file: NAME=VALUE, NAME= removes one')
    .argument('<file>', 'the policy file')
    .argument(
      '<settings...>',
      'allow-user-signers, only-listed-signers, check-every-download, timestamp-url, sigstore-signing-config, sigstore-trusted-root, sigstore-refresh, pkcs11-module',
    )
    .action(async (file, settings) => run((await load()).policySetCommand(file, settings)));
  policy
    .command('check')
    .description('check a policy file and say in plain words what it does')
    .argument('<file>', 'the policy file')
    .option('--json', 'print one JSON object')
    .action(async (file, flags) => run((await load()).policyCheckCommand(file, flags)));
  policy
    .command('test')
    .description('what each file would get under a policy, before it is deployed')
    .argument('<file>', 'the policy file')
    .argument('<artifact...>', 'files to check under it')
    .action(async (file, artifacts) => run((await load()).policyTestCommand(file, artifacts)));
  policy
    .command('show')
    .description('the policy in force on this computer, and where it came from')
    .option('--json', 'print one JSON object')
    .action(async (flags) => run((await load()).policyShowCommand(flags)));
}
