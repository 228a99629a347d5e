import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpgHome, makeGpgHome } from '../test/helpers/gpg';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile } from './harness/tools';
import { escapeRegExp, goTo, screenshot, verdictCard } from './harness/ui';

/**
 * OpenPGP as people meet it, every key and signature made by the real gpg at test time: a Node.js
 * style clearsigned SHASUMS256.txt.asc, a .asc beside a Windows installer (its signer trusted from
 * the verdict card, with main picking the one certificate that signed), and a revoked key.
 */

let app: SignetApp;
let gpg: GpgHome;
const fpr: Record<string, string> = {};
const files: Record<string, string> = {};
const certFiles: Record<string, string> = {};

const grouped = (hex: string) => (hex.match(/.{4}/g) ?? []).join(' ');

async function must(args: string[]) {
  const result = await gpg.gpg(args);
  if (result.status !== 0) throw new Error(`gpg ${args.join(' ')}: ${result.stderr}`);
}

async function check(file: string) {
  await app.willOpen(file);
  await app.page.getByRole('button', { name: 'Choose file…' }).click();
  await app.page.getByRole('heading', { level: 2, name: /^Results?$/ }).waitFor();
  const card = verdictCard(app.page, basename(file));
  await card.waitFor();
  return card;
}

function row(card: ReturnType<typeof verdictCard>, term: string) {
  return card
    .locator('.details__row')
    .filter({ has: app.page.locator('dt', { hasText: new RegExp(`^${escapeRegExp(term)}`) }) })
    .locator('dd');
}

beforeAll(async () => {
  app = await launchApp();
  gpg = await makeGpgHome();
  fpr.node = await gpg.genKey('Release Signer <releases@node.example>', 'ed25519', 'sign', '2y');
  fpr.video = await gpg.genKey(
    'VideoLAN Release Signing Key <release@video.example>',
    'rsa3072',
    'sign',
    '2y',
  );
  fpr.other = await gpg.genKey('Someone Else <else@example.org>', 'ed25519', 'sign', '2y');
  fpr.old = await gpg.genKey('Old Project Key <old@example.org>', 'ed25519', 'sign', '2y');
  const keys = await caseDir(app.dirs.root, 'keys');
  for (const name of Object.keys(fpr)) {
    certFiles[name] = await makeFile(keys, `${name}.asc`, (await gpg.exportCert(fpr[name]!)) as string);
  }
  // One binary keyring (as `gpg --export` writes it) holding a stranger's certificate, then the signer's.
  const binary = async (name: string) => Buffer.from((await gpg.exportCert(fpr[name]!, false)) as Uint8Array);
  certFiles.both = await makeFile(
    keys,
    'release-keys.gpg',
    Buffer.concat([await binary('other'), await binary('video')]),
  );

  // Node.js: a clearsigned SHASUMS256.txt.asc naming the installer by SHA-256.
  const node = await caseDir(app.dirs.work, 'node-v22.12.0');
  files.node = await makeFile(node, 'node-v22.12.0-x64.msi', Buffer.alloc(300_000, 7));
  const digest = createHash('sha256')
    .update(await readFile(files.node))
    .digest('hex');
  const list = await makeFile(
    node,
    'SHASUMS256.txt',
    `${'0'.repeat(64)}  node-v22.12.0.tar.gz\n${digest}  node-v22.12.0-x64.msi\n`,
  );
  await must(['--yes', '-u', `${fpr.node}!`, '--output', `${list}.asc`, '--clearsign', list]);
  // Only the clearsigned copy is published here: the entries must come from its verified text.
  await rm(list);

  // A Windows installer with a detached armored signature beside it.
  const video = await caseDir(app.dirs.work, 'vlc');
  files.video = await makeFile(video, 'vlc-3.0.21-win64.exe', Buffer.alloc(200_000, 3));
  await must([
    '--yes',
    '-u',
    `${fpr.video}!`,
    '--armor',
    '--output',
    `${files.video}.asc`,
    '--detach-sign',
    files.video,
  ]);

  // A key whose owner withdrew it after signing: gpg's own revocation certificate, imported.
  const old = await caseDir(app.dirs.work, 'old');
  files.old = await makeFile(old, 'old-tool-1.0.zip', Buffer.alloc(50_000, 9));
  await must(['--yes', '-u', `${fpr.old}!`, '--output', `${files.old}.sig`, '--detach-sign', files.old]);
  const revs = join(gpg.dir, 'openpgp-revocs.d');
  const rev = (await readdir(revs)).find((n) => n.startsWith(fpr.old!))!;
  const revText = (await readFile(join(revs, rev), 'utf8')).replace(/^:-----BEGIN/m, '-----BEGIN');
  await must(['--import', await gpg.file('old.rev', revText)]);
  await app.trust.add({ keyText: (await gpg.exportCert(fpr.old!)) as string, name: 'Old Project' });
  await app.trust.add({ keyText: await readFile(certFiles.node!, 'utf8'), name: 'Node.js Releases' });
  // The page read the trust list when it opened; the Trusted signers screen reads it again.
  await goTo(app.page, 'trusted');
  await goTo(app.page, 'verify');
});

afterAll(async () => {
  await app?.close();
  await gpg?.close();
});

describe('OpenPGP in the app', () => {
  it('verifies an installer through a clearsigned SHASUMS256.txt.asc, named by the trust list', async () => {
    const card = await check(files.node!);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Node.js Releases',
    );
    // How it was checked, said plainly: not a bold "This signature is for …" that reads as a warning.
    await expect(card.getByTestId('signed-facts').textContent()).resolves.toContain(
      'checked through the signed list SHASUMS256.txt.asc',
    );
    await expect(card.getByTestId('signature-for-other').count()).resolves.toBe(0);
    await card.locator('summary', { hasText: 'Details' }).click();
    await expect(row(card, 'Checksum list').textContent()).resolves.toContain('SHASUMS256.txt.asc');
    await expect(row(card, 'Trusted because').textContent()).resolves.toMatch(/^You added this name on /);
    await expect(row(card, 'The key says (its own claim, not checked)').textContent()).resolves.toBe(
      'Release Signer <releases@node.example>',
    );
    await expect(row(card, 'Fingerprint').first().textContent()).resolves.toContain(grouped(fpr.node!));
    await screenshot(card, 'openpgp-clearsigned-list');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(card, 'openpgp-clearsigned-list-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
  });

  it('an unknown .asc signer is trusted from the card: main keeps only the certificate that signed', async () => {
    let card = await check(files.video!);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    await card.getByRole('button', { name: 'Trust this signer…' }).click();
    await card.getByLabel('Name to show').fill('VideoLAN');

    // A certificate that did not make the signature is refused, whatever the page says.
    await app.willOpen(certFiles.other!);
    await card.getByRole('button', { name: 'Choose certificate file…' }).click();
    await card.getByText('other.asc').waitFor();
    await card.getByRole('button', { name: 'Trust', exact: true }).click();
    await card.getByText(/did not make the signature on vlc-3\.0\.21-win64\.exe/).waitFor();

    // A binary keyring holding a stranger's certificate and the signer's: only the signer's is added.
    await app.willOpen(certFiles.both!);
    await card.getByRole('button', { name: 'Choose certificate file…' }).click();
    await card.getByText('release-keys.gpg').waitFor();
    await app.willConfirm(true);
    await card.getByRole('button', { name: 'Trust', exact: true }).click();
    await card.getByText('“VideoLAN” is now trusted').waitFor();
    const asked = await app.confirmations();
    expect(asked[asked.length - 1]!.detail).toContain(`Fingerprint: ${grouped(fpr.video!)}`);
    const added = (await app.trust.listAll()).filter((e) => e.name === 'VideoLAN');
    expect(added.map((e) => e.keyId)).toEqual([fpr.video]);

    card = await check(files.video!);
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by VideoLAN',
    );
    await card.locator('summary', { hasText: 'Details' }).click();
    await expect(row(card, 'Hash algorithm').textContent()).resolves.toMatch(/SHA-?(256|512)/);
    await screenshot(card, 'openpgp-asc-installer');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(card, 'openpgp-asc-installer-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
  });

  it('a revoked key is not trusted, and the reason says its owner withdrew it', async () => {
    const card = await check(files.old!);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    // The reason in the core's words: on the card, or in the details' technical reason.
    await expect(card.textContent()).resolves.toMatch(/withdr[ea]w/i);
    // Already in the trust list: trusting it again would change nothing, so it is not offered.
    await expect(card.getByRole('button', { name: /^Trust this/ }).count()).resolves.toBe(0);
    await screenshot(card, 'openpgp-revoked');
  });
});
