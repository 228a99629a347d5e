// Before anything that builds a zod schema.
import './zod-jitless';
import { Command, CommanderError, Option } from 'commander';
import { printable } from '../../shared/printable';
import type { CliOption } from '../core/formats/format-module';
import { cliOptionsFor } from '../core/formats/registry';
import { abandonEarlyPassHere } from '../core/hashing/early-content';
import { CliExit } from './cli-error';
import { definePolicyCommand } from './commands/policy-command';
import { prestartHashingFor } from './prestart-hashing';

prestartHashingFor(process.argv);

const PASSPHRASE_HELP = `
Passphrases come from --passphrase-file FILE (its first line), else the SIGNET_PASSPHRASE
environment variable, else a prompt on the terminal; never from an argument, which every user
can see. A passphrase file should be readable by you alone (chmod 600).`;

/** The options the registered formats add to a command (`--bundle`, `--ca-roots` …). */
function addFormatOptions(command: Command, name: CliOption['command']): Command {
  for (const option of cliOptionsFor(name)) command.addOption(new Option(option.flags, option.description));
  return command;
}

/** A repeatable option's values, in the order given. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Commander's messages may quote what was typed; each line is shown with hidden characters escaped. */
const printableLines = (text: string) => text.split('\n').map(printable).join('\n');

// Commands are imported when run, so `signet verify` never pays for keygen's or the trust list's code.
// To add a command and keep start-up fast (issue 21): register it here with commander only, and load
// its code in the action with `await import('./commands/NAME')`, as below. esbuild bundles the CLI
// into one file (scripts/build.mjs) in which each such import() runs its module's top level only
// when first called. Never import a command module, or a library only some commands need (zod
// schemas, openpgp, pkijs, sigstore, pkcs11js), from this file or from anything it imports statically
// (registry.ts and the format descriptors' cliOptions); a format's heavy code goes behind its own
// import() as well. The build writes a V8 code cache from one `signet verify` run, so a new command
// is compiled lazily on its first run as before, just without the cache's head start.
const program = new Command()
  .name('signet')
  .description(
    'Sign and verify software artifacts (minisign, signify, OpenSSH, OpenPGP, Authenticode, Sigstore, signed checksum lists).',
  )
  .version('0.1.0')
  .showHelpAfterError('(run signet --help for usage)')
  .exitOverride()
  .addHelpText(
    'after',
    `${PASSPHRASE_HELP}

Keys (signet keygen) live in the keystore in your Signet config folder, shared with the app, and
every signing is added to its activity log. SIGNET_CONFIG_DIR moves that folder.
Run signet COMMAND --help for each command's options.`,
  )
  .configureOutput({
    outputError: (text, write) => write(printableLines(text.replace(/^error: /, 'signet: '))),
  });

program
  .command('keygen')
  .description('create a new signing key in your Signet keystore (shared with the app)')
  .option('--name <name>', 'a name to tell your keys apart, any text ("Release key 2025")', 'Signet key')
  .option('--openpgp', 'an OpenPGP key (Ed25519, v4: what gpg reads) with the User ID "NAME <EMAIL>"')
  .option('--email <address>', 'with --openpgp: the email address of the User ID')
  .option('--rsa <bits>', 'with --openpgp: an RSA key instead of Ed25519 (4096 only)')
  .option('--expires <time>', 'with --openpgp: when the key expires: 2y (default), 18m, 90d or never')
  .option('--out <dir>', 'write a plain minisign key pair KEYID.key and KEYID.pub there instead')
  .option('--no-passphrase', 'with --out: leave the secret key unencrypted (for CI secrets)')
  .option('--passphrase-file <file>', 'read the passphrase from the first line of this file')
  .addHelpText(
    'after',
    `${PASSPHRASE_HELP}
A very weak passphrase ("password1") is refused and a weak one gets a warning. The command prints
the public key and the commands others use to check your files. Example:
  signet keygen --name "Release key 2025"`,
  )
  .action(async (flags) => run((await import('./commands/keygen')).keygenCommand(flags)));

const sign = program
  .command('sign')
  .description('sign files, writing FILE.minisig beside each (and SHA256SUMS with --checksums)')
  .argument('<file...>', 'files to sign')
  .option(
    '--key <key>',
    'key id, OpenPGP fingerprint or name from your keystore, or a minisign secret key file (default: your only key); give it again to sign with several keys in one go (every passphrase is asked before the first file is signed)',
    collect,
  )
  .option('--trusted-comment <text>', 'signed comment (default: timestamp and file name)')
  .option(
    '--style <style>',
    'release style: apache (FILE.asc + FILE.sha512), node (SHASUMS256.txt.asc/.sig), debian (SHA256SUMS.gpg), debian-sign (SHA256SUMS.sign) for an OpenPGP key; minisign (FILE.minisig + SHA256SUMS.minisig); with several --key, one --style per key in the same order',
    collect,
  )
  .option('--checksums', 'also write SHA256SUMS for the files (all in one folder) and sign it')
  .option(
    '--kit <file>',
    'with --checksums or --sigstore: write the release kit (who signed, the commands to check)',
  )
  .option('--force', 'replace existing signatures (and SHA256SUMS)')
  .option('--skip-existing', 'leave files that already have a signature as they are')
  .option('--passphrase-file <file>', 'read the passphrase from the first line of this file')
  .option(
    '--sigstore-key <pem>',
    'write FILE.sigstore.json with this ECDSA P-256 key (PKCS#8 PEM), as cosign sign-blob --key does',
  )
  .option('--no-tlog', 'with --sigstore-key: record in no transparency log (only the key vouches)')
  .option('--rekor-url <url>', 'with --sigstore-key: the Rekor log to record in (default: the public one)')
  .option(
    '--timestamp <url>',
    'code-signing certificate: RFC 3161 time-stamping server (repeat for a fallback)',
    (url: string, urls: string[] = []) => [...urls, url],
  )
  .option('--description <text>', 'code-signing certificate: the program name the signature states')
  .option('--url <url>', 'code-signing certificate: the web address the signature states')
  .option('--nest', 'code-signing certificate: add a second signature to a signed file')
  .option('--replace', 'code-signing certificate: replace the signature of a signed file')
  .option('--msi-ex', 'code-signing certificate, MSI: also sign the file list (MsiDigitalSignatureEx)')
  .option(
    '--ca-roots <file>',
    'code-signing certificate: more roots (PEM) the time-stamping server may chain to',
  );
addFormatOptions(sign, 'sign')
  .addHelpText(
    'after',
    `${PASSPHRASE_HELP}
With a code-signing certificate (signet key import CODESIGN.pfx), Windows programs are signed inside
(Authenticode): signet sign --key "Example Ltd" --timestamp http://timestamp.digicert.com setup.exe
Nothing is replaced without --force. Every signature written is read back and checked against the
public key, and every signing is added to the activity log the app shows. Example:
  signet sign --key "Release key 2025" --checksums dist/*

Keyless (--sigstore): you sign in in your browser (in CI: SIGSTORE_ID_TOKEN, or GitHub Actions'
id-token), agree to publish your identity, and each file gets FILE.sigstore.json. Example:
  signet sign --sigstore --kit KIT.txt dist/app.tar.gz`,
  )
  .action(async (files, flags) => run((await import('./commands/sign')).signCommand(files, flags)));

const key = program.command('key').description('manage the keys in your Signet keystore');

const verify = program
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
  );
addFormatOptions(verify, 'verify')
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
  .addHelpText(
    'after',
    `
Files that fail are listed first and named in the summary. Exit status: 0 verified, 1 not, 2 bad input.
Example:
  signet check SHA256SUMS --pubkey release.pub`,
  )
  .action(async (list, flags) => run((await import('./commands/check')).checkCommand(list, flags)));

program
  .command('hash')
  .description('print SHA-256 checksums (sha256sum format)')
  .argument('<file...>', 'files to hash')
  .option('--json', 'print one JSON object')
  .action(async (files, flags) => run((await import('./commands/hash')).hashCommand(files, flags)));

key
  .command('backup')
  .description('copy a key’s secret key file, encrypted as stored, to FILE (and FILE.rev for OpenPGP)')
  .argument('<key>', 'key id or name')
  .argument('<file>', 'where to write the backup')
  .option('--force', 'replace FILE (and FILE.rev) when they already exist')
  .addHelpText(
    'after',
    `
The backup stays encrypted with the key's passphrase. For an OpenPGP key, the revocation certificate
made when the key was created (or imported) is written beside it as FILE.rev: if the key is ever lost
or stolen, publishing that certificate tells everyone to stop trusting it. Nothing is replaced
without --force.`,
  )
  .action(async (reference, file, flags) =>
    run((await import('./commands/key-backup')).keyBackupCommand(reference, file, flags)),
  );
key
  .command('rotate')
  .description('announce a new key: a statement signed by the old and the new key; the old one is retired')
  .requiredOption('--from <key>', 'the old key (id or name)')
  .requiredOption('--to <key>', 'the new key (id or name)')
  .option('--reason <text>', 'why, in one line (default: regular replacement)')
  .option('--out <file>', 'the statement (default: key-transition-OLD-to-NEW.txt here)')
  .option('--from-passphrase-file <file>', 'the old key’s passphrase, from the first line of this file')
  .option('--to-passphrase-file <file>', 'the new key’s passphrase, from the first line of this file')
  .addHelpText(
    'after',
    `
Writes FILE, FILE.OLDID.minisig and FILE.NEWID.minisig (each checks with minisign -Vm FILE -x SIG -P KEY),
replacing nothing, then marks the old key retired. Each passphrase comes from its file, else
SIGNET_FROM_PASSPHRASE / SIGNET_TO_PASSPHRASE, else SIGNET_PASSPHRASE, else a prompt. Example:
  signet key rotate --from "Release key 2025" --to "Release key 2026" --reason "Yearly rotation"`,
  )
  .action(async (flags) => run((await import('./commands/key-rotate')).keyRotateCommand(flags)));
key
  .command('import')
  .description(
    'import a key file into your keystore: a minisign or OpenPGP secret key (gpg --export-secret-keys), or a PKCS#12 code-signing certificate (.pfx, .p12)',
  )
  .argument('<file>', 'the secret key file, armored or binary')
  .option(
    '--name <name>',
    "a name to tell your keys apart (default: the key's User ID or certificate's name)",
  )
  .option(
    '--passphrase-file <file>',
    "read the key's passphrase (or the file's password) from the first line of this file",
  )
  .option('--new-passphrase', 'keep the key in the keystore under a new passphrase, not its own')
  .option('--new-passphrase-file <file>', 'the new passphrase, from the first line of this file')
  .addHelpText(
    'after',
    `${PASSPHRASE_HELP}
The key keeps its own passphrase unless you choose a new one with --new-passphrase: once its own
has opened it, the new one comes from --new-passphrase-file, else SIGNET_NEW_PASSPHRASE, else the
prompt (typed twice). A very weak new passphrase is refused, as for a new key.`,
  )
  .action(async (file, flags) => run((await import('./commands/key')).keyImportCommand(file, flags)));
key
  .command('export')
  .description("print a key's public half: the armored OpenPGP certificate, or the minisign .pub")
  .requiredOption('--public <key>', 'key id, OpenPGP fingerprint (or its last 16 hex digits) or name')
  .action(async (flags) => run((await import('./commands/key')).keyExportCommand(flags)));
key
  .command('list')
  .description('list your keys: kind, id or fingerprint, name, expiry, and the token a token key is on')
  .action(async () => run((await import('./commands/key')).keyListCommand()));

const trust = program.command('trust').description('manage the signers you trust');
const trustAdd = trust
  .command('add')
  .description('trust a signer: a public key, an OpenPGP certificate, a publisher or a Sigstore identity')
  .argument(
    '[pubfile]',
    'minisign/signify public key file, a file with an ssh-ed25519 key or allowed_signers line, or OpenPGP certificate(s), armored or binary',
  )
  .requiredOption('--name <name>', 'who this key belongs to')
  .option('--note <text>', 'a note for yourself');
addFormatOptions(trustAdd, 'trust add').action(async (pubFile, flags) =>
  run((await import('./commands/trust')).trustAddCommand(pubFile, flags)),
);
trust
  .command('list')
  .description('list the signers you trust, and those your organisation set')
  .option('--json', 'print one JSON object')
  .action(async (flags) => run((await import('./commands/trust')).trustListCommand(flags)));
trust
  .command('remove')
  .description('stop trusting a signer you added')
  .argument('<keyid>', 'key id as shown by trust list')
  .action(async (keyId) => run((await import('./commands/trust')).trustRemoveCommand(keyId)));

key
  .command('add-token')
  .description(
    'remember a code-signing certificate on a hardware token (PKCS#11); its PIN is asked when it signs',
  )
  .option(
    '--module <lib>',
    'the token maker’s PKCS#11 module library (full path; the managed policy may set it)',
  )
  .option(
    '--slot <id>',
    'the slot id (0x… as pkcs11-tool --list-slots prints it, or decimal) when several tokens are plugged in',
  )
  .option('--label <label>', 'the certificate’s label on the token, when it holds several')
  .option('--name <name>', 'the name in your keystore (default: the certificate’s common name)')
  .action(async (flags) => run((await import('./commands/key-token')).addTokenCommand(flags)));

definePolicyCommand(program, (command) => addFormatOptions(command, 'trust add'), run);

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
  } finally {
    abandonEarlyPassHere();
  }
}

void main();
