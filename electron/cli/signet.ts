import { Command, CommanderError, Option } from 'commander';
import { printable } from '../../shared/printable';
import { CliExit } from './cli-error';
import { prestartHashingFor } from './prestart-hashing';

prestartHashingFor(process.argv);

const PASSPHRASE_HELP = `
Passphrases come from --passphrase-file FILE (its first line), else the SIGNET_PASSPHRASE
environment variable, else a prompt on the terminal; never from an argument, which every user
can see. A passphrase file should be readable by you alone (chmod 600).`;

/** Commander's messages may quote what was typed; each line is shown with hidden characters escaped. */
const printableLines = (text: string) => text.split('\n').map(printable).join('\n');

// Commands are imported when run, so `signet verify` never pays for keygen's or the trust list's code.
const program = new Command()
  .name('signet')
  .description(
    'Sign and verify software artifacts (minisign, signify, OpenSSH signatures, signed checksum lists).',
  )
  .version('0.1.0')
  .showHelpAfterError('(run signet --help for usage)')
  .exitOverride()
  .addHelpText('after', PASSPHRASE_HELP)
  .configureOutput({
    outputError: (text, write) => write(printableLines(text.replace(/^error: /, 'signet: '))),
  });

program
  .command('keygen')
  .description('create a new minisign key pair')
  .option('--out <dir>', 'folder for NAME.key and NAME.pub (default: your Signet config folder)')
  .option('--name <name>', 'file name for the key pair', 'signet')
  .option('--no-passphrase', 'store the secret key unencrypted')
  .option('--passphrase-file <file>', 'read the passphrase from the first line of this file')
  .addHelpText('after', PASSPHRASE_HELP)
  .action(async (flags) => run((await import('./commands/keygen')).keygenCommand(flags)));

program
  .command('sign')
  .description('sign files, writing FILE.minisig beside each')
  .argument('<file...>', 'files to sign')
  .option('--key <seckey>', 'secret key file (default: signet.key in your Signet config folder)')
  .option('--trusted-comment <text>', 'signed comment (default: timestamp and file name)')
  .option('--force', 'replace an existing signature')
  .option('--passphrase-file <file>', 'read the passphrase from the first line of this file')
  .addHelpText('after', PASSPHRASE_HELP)
  .action(async (files, flags) => run((await import('./commands/sign')).signCommand(files, flags)));

program
  .command('verify')
  .description('check who signed a file and that it has not changed')
  .argument('<file>', 'the file to check')
  .option('--sig <sigfile>', 'signature or signed checksum list (default: found beside the file)')
  .addOption(
    new Option(
      '--pubkey <pubfile>',
      'minisign or signify public key file, OpenPGP certificate(s), or a PEM key for a Sigstore bundle',
    ),
  )
  .addOption(
    new Option('--pubkey-string <b64>', 'minisign public key as a base64 string, or an armored OpenPGP key'),
  )
  .addOption(new Option('--allowed-signers <file>', 'OpenSSH allowed_signers file'))
  .addOption(new Option('--namespace <ns>', 'OpenSSH signature namespace (default: file)'))
  .addOption(
    new Option('--bundle <bundle>', 'Sigstore bundle (default: FILE.sigstore.json, .sigstore, .bundle)'),
  )
  .addOption(new Option('--certificate-identity <id>', 'Sigstore: the exact identity that must have signed'))
  .addOption(
    new Option('--certificate-oidc-issuer <url>', 'Sigstore: the exact OIDC issuer of that identity'),
  )
  .addOption(new Option('--trusted-root <file>', 'Sigstore trusted root to use instead of the built-in one'))
  .option('--ca-roots <file>', 'PEM file of extra roots trusted for Windows (Authenticode) signatures')
  .option('--json', 'print one JSON object')
  .action(async (file, flags) => run((await import('./commands/verify')).verifyCommand(file, flags)));

program
  .command('check')
  .description('check every file named in a signed checksum list')
  .argument('<list>', 'SHA256SUMS or similar')
  .option('--sig <sigfile>', 'signature of the list (default: LIST.minisig, LIST.sig, or embedded)')
  .option('--pubkey <pubfile>', 'minisign or signify public key file, or OpenPGP certificate(s)')
  .option('--pubkey-string <b64>', 'minisign public key as a base64 string, or an armored OpenPGP key')
  .option('--strict', 'fail when a listed file is missing')
  .option('--json', 'print one JSON object')
  .action(async (list, flags) => run((await import('./commands/check')).checkCommand(list, flags)));

program
  .command('hash')
  .description('print SHA-256 checksums (sha256sum format)')
  .argument('<file...>', 'files to hash')
  .option('--json', 'print one JSON object')
  .action(async (files, flags) => run((await import('./commands/hash')).hashCommand(files, flags)));

const trust = program.command('trust').description('manage the signers you trust');
trust
  .command('add')
  .argument(
    '[pubfile]',
    'minisign/signify public key file, a file with an ssh-ed25519 key or allowed_signers line, or OpenPGP certificate(s), armored or binary',
  )
  .option('--publisher-cert <cert>', 'pin a Windows (Authenticode) publisher by its certificate (PEM or DER)')
  .requiredOption('--name <name>', 'who this key belongs to')
  .option('--note <text>', 'a note for yourself')
  .option('--certificate-identity <id>', 'Sigstore: trust this exact certificate identity (instead of a key)')
  .option('--certificate-oidc-issuer <url>', 'Sigstore: the exact OIDC issuer of that identity')
  .action(async (pubFile, flags) => run((await import('./commands/trust')).trustAddCommand(pubFile, flags)));
trust
  .command('list')
  .option('--json', 'print one JSON object')
  .action(async (flags) => run((await import('./commands/trust')).trustListCommand(flags)));
trust
  .command('remove')
  .argument('<keyid>', 'key id as shown by trust list')
  .action(async (keyId) => run((await import('./commands/trust')).trustRemoveCommand(keyId)));

async function run(work: Promise<number>): Promise<void> {
  process.exitCode = await work;
}

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; every other parse problem is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof CliExit) {
      process.stderr.write(`signet: ${printable(error.message)}\n`);
      process.exitCode = error.status;
      return;
    }
    const { plainMessage } = await import('../core/errors');
    process.stderr.write(`signet: ${plainMessage(error)}\n`);
    if (process.env.SIGNET_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 2;
  }
}

void main();
