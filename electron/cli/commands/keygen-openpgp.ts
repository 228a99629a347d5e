import { formatDate } from '../../../shared/dates';
import { inGroupsOfFour } from '../../../shared/fingerprint-groups';
import { printable } from '../../../shared/printable';
import { plainMessage } from '../../core/errors';
import { createOpenPgpKey, TWO_YEARS_SECONDS } from '../../core/formats/openpgp-keys';
import { Keystore } from '../../core/keystore/keystore';
import { keystoreDir } from '../../core/keystore/location';
import { CliExit } from '../cli-error';
import { readPassphrase } from '../passphrase';
import { type KeygenFlags, warnIfWeak } from './keygen';

/**
 * `signet keygen --openpgp --name NAME --email EMAIL [--rsa 4096] [--expires 2y]`: a v4 OpenPGP key
 * into the keystore (encrypted with the passphrase, with its revocation certificate), and what to
 * publish: the fingerprint and `signet key export --public`.
 */
export async function openpgpKeygen(flags: KeygenFlags): Promise<number> {
  if (flags.out !== undefined || flags.passphrase === false) {
    throw new CliExit(2, 'An OpenPGP key goes into the keystore only, with a passphrase; leave out --out.');
  }
  if (!flags.email) throw new CliExit(2, 'An OpenPGP key needs --email for its User ID ("Name <email>").');
  if (flags.rsa !== undefined && flags.rsa !== '4096') {
    throw new CliExit(
      2,
      'Signet makes RSA keys of 4096 bits only: use --rsa 4096, or leave it out for Ed25519.',
    );
  }
  const expiresInSeconds = parseExpiry(flags.expires);
  const name = (flags.name ?? '').trim();
  const passphrase = await readPassphrase(flags, 'Passphrase for the new key: ', { confirm: true });
  if (passphrase === '')
    throw new CliExit(2, 'An empty passphrase is not allowed for a key in the keystore.');
  warnIfWeak(passphrase);
  try {
    const made = await createOpenPgpKey({
      name,
      email: flags.email,
      passphrase,
      rsa: flags.rsa !== undefined,
      expiresInSeconds,
    });
    const keystore = new Keystore(keystoreDir());
    const info = await keystore.add({ name, record: made.record, keyFile: made.keyFile });
    process.stdout.write(
      [
        `OpenPGP key "${printable(info.label ?? name)}" created.`,
        `  Fingerprint: ${inGroupsOfFour(info.fingerprint ?? '')}`,
        `  Expires: ${info.expiresAt ? formatDate(info.expiresAt) : 'never'}`,
        `  Stored in your Signet keystore (${printable(keystore.dir)}), with its revocation certificate.`,
        '',
        'Publish the public key (for the release page and the KEYS file) with:',
        `  signet key export --public ${info.keyId} > ${info.keyId}.asc`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    throw new CliExit(2, plainMessage(error));
  }
}

/** "2y", "18m", "90d" or "never" (0: the key never expires), as gpg's expiry strings. */
function parseExpiry(text: string | undefined): number {
  if (text === undefined) return TWO_YEARS_SECONDS;
  if (text === 'never' || text === '0') return 0;
  const match = /^(\d{1,3})([ymd])$/.exec(text.trim());
  if (!match) throw new CliExit(2, `--expires takes 2y, 18m, 90d or never, not "${printable(text)}".`);
  const count = Number(match[1]);
  const days = match[2] === 'y' ? 365 : match[2] === 'm' ? 30 : 1;
  if (count === 0) throw new CliExit(2, '--expires must be later than now (or "never").');
  return count * days * 86400;
}
