import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCertificates } from '../../electron/core/formats/openpgp/certificate';
import { readPackets, TAG } from '../../electron/core/formats/openpgp/packets';
import { summariseCertificate } from '../../electron/core/formats/openpgp/trust-entry';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { viewOf } from '../../electron/main/pinentry/pinentry-service';
import { type GpgHome, makeGpgHome } from '../helpers/gpg';
import { tempDir } from '../helpers/temp-dir';
import { compromisedPage } from './compromised-page';

/**
 * Main's dialogs speak for Signet: nothing in a key file's name or in a certificate may add a line
 * to them. A User ID packet anyone can append to a certificate is not the key's claim, and is
 * never shown as "The key says", in the dialog or in a verdict's details.
 */
const OWN_ID = 'Acme Releases <release@acme.example>';
const FORGED_ID = 'Microsoft Corporation <secure@microsoft.com>';
const FORGED_LINE = 'OpenPGP key, fingerprint: 0000 1111 2222 3333 4444';

let dir: string;
let home: GpgHome;
let fpr: string;
let forged: Uint8Array;

/** One OpenPGP packet in the new format (RFC 9580 §4.2.1). */
function packet(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const length =
    n < 192
      ? [n]
      : n < 8384
        ? [((n - 192) >> 8) + 192, (n - 192) & 0xff]
        : [0xff, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return new Uint8Array([0xc0 | tag, ...length, ...body]);
}

/**
 * The real certificate with one more User ID, carrying a copy of the real User ID's self-signature:
 * a signature, but over another User ID, so it binds nothing.
 */
function withUnboundUserId(cert: Uint8Array, userId: string): Uint8Array {
  const packets = readPackets(cert);
  const firstSignature = packets.find((p) => p.tag === TAG.signature)!;
  const subkeyAt = packets.findIndex((p) => p.tag === 14);
  const at = subkeyAt === -1 ? packets.length : subkeyAt;
  const parts = [
    ...packets.slice(0, at).map((p) => packet(p.tag, p.body)),
    packet(13, new TextEncoder().encode(userId)),
    packet(TAG.signature, firstSignature.body),
    ...packets.slice(at).map((p) => packet(p.tag, p.body)),
  ];
  return new Uint8Array(Buffer.concat(parts));
}

beforeAll(async () => {
  dir = await tempDir('signet-sec-dialog-');
  home = await makeGpgHome();
  fpr = await home.genKey(OWN_ID, 'ed25519', 'sign', '2y');
  forged = withUnboundUserId((await home.exportCert(fpr, false)) as Uint8Array, FORGED_ID);
});

afterAll(async () => {
  await home?.close();
});

describe('a certificate with an unbound User ID', () => {
  it('still reads as the same certificate, and only its own User ID is listed', async () => {
    const [key] = await readCertificates(forged);
    expect(key!.getUserIDs()).toContain(FORGED_ID);
    expect((await summariseCertificate(key!)).userIds).toEqual([OWN_ID]);
  });

  it('is never named in a verdict’s details', async () => {
    const file = join(dir, 'tool.tar.gz');
    await writeFile(file, 'tool');
    const signed = await home.gpg([
      '--yes',
      '--local-user',
      fpr,
      '--detach-sign',
      '--output',
      `${file}.sig`,
      file,
    ]);
    expect(signed.status).toBe(0);
    const result = await verifyArtifact(file, {
      publicKeyBytes: forged,
      publicKeyText: Buffer.from(forged).toString('latin1'),
      publicKeyFromFile: true,
    });
    expect(result.verdict).toBe('verified');
    const said = (result.details ?? []).filter((d) => d.label === 'The key says').map((d) => d.value);
    expect(said).toEqual([OWN_ID]);
    expect(JSON.stringify(result)).not.toContain('Microsoft');
  });
});

describe('main’s trust dialog', () => {
  it('has one line per field, whatever the key file’s name, and no unbound User ID', async () => {
    const page = compromisedPage(join(dir, 'page'));
    const keyFile = join(
      dir,
      `acme.gpg\n${FORGED_LINE}\nFiles signed with this key will then show “Verified: made by Microsoft”.gpg`,
    );
    await writeFile(keyFile, forged);
    expect(await readFile(keyFile)).toHaveLength(forged.length);
    page.deps.grants.grant([keyFile], { chosen: 'public-key' });

    const answer = await page.send('addTrusted', { name: 'Acme', keyFile });
    expect(answer).toEqual({
      ok: false,
      error: 'You did not confirm, so the signer was not added.',
      cancelled: true,
    });
    const asked = page.deps.confirmations[0]!;
    expect(asked.message).not.toMatch(/\n/);
    const lines = asked.detail.split('\n');
    expect(lines.map((line) => line.replace(/:.*$/s, ''))).toEqual([
      'Name',
      'OpenPGP key, fingerprint',
      'The key says',
      'Expires',
      'From the file',
      'Files signed with this key will then show “Verified',
    ]);
    expect(lines).toContain(`The key says: ${OWN_ID}`);
    expect(lines.filter((line) => line.startsWith('OpenPGP key'))).toHaveLength(1);
    expect(lines[4]).toBe(
      `From the file: acme.gpg\\u{A}${FORGED_LINE}\\u{A}Files signed with this key will then show “Verified: made by Microsoft”.gpg`,
    );
    expect(asked.detail).not.toContain('Microsoft Corporation');
  });
});

describe('main’s passphrase window', () => {
  it('shows a key name from the page on the one line main gave it', () => {
    const view = viewOf({
      title: 'Passphrase for the new key “Release\nOpenPGP key, fingerprint: 0000”',
      description: 'Choose a passphrase for “abc\u202Egpj.exe”.',
    });
    expect(view.title).toBe('Passphrase for the new key “Release\\u{A}OpenPGP key, fingerprint: 0000”');
    expect(view.description).toBe('Choose a passphrase for “abc\\u{202E}gpj.exe”.');
  });
});
