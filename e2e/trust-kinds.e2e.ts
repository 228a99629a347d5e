import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sigstoreIdentityEntry } from '../electron/core/formats/sigstore/stored-entry';
import { TrustStore } from '../electron/core/trust/trust-store';
import { type GpgHome, makeGpgHome } from '../test/helpers/gpg';
import { run } from '../test/helpers/run';
import { selfSigned } from '../test/helpers/x509-ca';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir } from './harness/tools';
import { goTo, screenshot, seriousA11yFindings } from './harness/ui';

// Trusted signers beyond raw keys, at the app's narrowest width (720 px), in both colour schemes:
// an OpenPGP certificate made by gpg, a Sigstore identity from a documented preset, a publisher's
// certificate made by openssl, all at test time.

let app: SignetApp;
let gpg: GpgHome;
let torFingerprint: string;
let torCertFile: string;
let publisherCert: string;
let publisherKey: string;
let expiredCert: string;

const grouped = (hex: string) => (hex.toUpperCase().match(/.{4}/g) ?? []).join(' ');

beforeAll(async () => {
  app = await launchApp({ viewport: { width: 720, height: 900 } });
  const tools = await caseDir(app.dirs.root, 'tools');
  gpg = await makeGpgHome();
  torFingerprint = await gpg.genKey(
    'Tor Browser Developers <torbrowser@example.org>',
    'ed25519',
    'sign',
    '2y',
  );
  await gpg.addKey(torFingerprint, 'ed25519', 'sign', '1y');
  torCertFile = join(tools, 'tor-browser.asc');
  await writeFile(torCertFile, (await gpg.exportCert(torFingerprint)) as string);
  const issued = await selfSigned(tools, 'contoso-signing', '/CN=Contoso Code Signing/O=Contoso Ltd', {
    key: 'ec',
    days: 365,
    extensions: ['extendedKeyUsage=codeSigning'],
  });
  publisherCert = issued.cert;
  publisherKey = issued.key;
  expiredCert = await expiredCertificate(tools);
  await writeManagedIdentity(app.dirs.managedTrustFile);
  await goTo(app.page, 'trusted');
}, 60_000);

afterAll(async () => {
  await gpg?.close();
  await app?.close();
});

const card = (name: string) =>
  app.page.locator('article.card').filter({ has: app.page.getByRole('heading', { level: 3, name }) });
const form = () => app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Add a signer' }) });

async function openAddForm(
  kind: 'A public key' | 'A Sigstore identity' | 'A Windows publisher’s certificate',
) {
  const toggle = app.page.getByRole('button', { name: 'Add a signer…' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await form().waitFor();
  await form().getByLabel(kind).check();
}

/** Both colour schemes of the same state; the page is left in light. */
async function bothThemes(name: string) {
  await screenshot(app.page, `${name}-light`);
  await app.page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app.page, `${name}-dark`);
  await app.page.emulateMedia({ colorScheme: 'light' });
}

describe('Trusted signers of every kind (720 px, light and dark)', () => {
  it('shows the organisation’s Sigstore identity as managed, with no way to remove it', async () => {
    const managed = card('Northwind release pipeline');
    await managed.waitFor();
    await expect(managed.textContent()).resolves.toContain('Managed by your organisation');
    await expect(managed.textContent()).resolves.toContain('release@northwind.example');
    await expect(managed.getByRole('button', { name: /Remove/ }).count()).resolves.toBe(0);
  });

  it('adds an OpenPGP certificate from a file: fingerprint in fours, the key’s own claim, expiry', async () => {
    await openAddForm('A public key');
    await app.willOpen(torCertFile);
    await form().getByRole('button', { name: 'Choose public key file…' }).click();
    await form()
      .getByTestId('public-key-file')
      .filter({ hasText: /^tor-browser\.asc$/ })
      .waitFor();
    await form().getByLabel('Name', { exact: true }).fill('Tor Project');
    await app.willConfirm(true);
    await form().getByRole('button', { name: 'Add signer' }).click();
    const added = card('Tor Project');
    await added.waitFor();
    await form().waitFor({ state: 'detached' });
    // main's own dialog named the fingerprint and the key's claim before anything was stored.
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.detail).toContain(`fingerprint: ${grouped(torFingerprint)}`);
    expect(asked?.detail).toContain('The key says: Tor Browser Developers <torbrowser@example.org>');
    const text = await added.textContent();
    expect(text).toContain(grouped(torFingerprint));
    expect(text).toContain('The key saysTor Browser Developers <torbrowser@example.org>');
    expect(text).toContain('OpenPGP key');
    expect(text).toMatch(/Expires\d{1,2} \w{3} \d{4}/);
    expect(text).toContain('Subkeys1');
    const stored = (await app.trust.listAll()).find((s) => s.name === 'Tor Project');
    expect(stored).toMatchObject({ kind: 'openpgp', keyId: torFingerprint, addedFrom: 'tor-browser.asc' });
    await bothThemes('trusted-openpgp-added-720');
  });

  it('adds every certificate in a binary export (gpg --export, no armor): one card each', async () => {
    const first = await gpg.genKey('VeraCrypt Team <veracrypt@example.org>', 'rsa3072', 'sign', 'never');
    const second = await gpg.genKey('VeraCrypt Team (2025) <veracrypt@example.org>', 'ed25519', 'sign', '3y');
    const keyring = join(app.dirs.root, 'tools', 'veracrypt-keys.gpg');
    expect((await gpg.gpg(['--yes', '--output', keyring, '--export', first, second])).status).toBe(0);
    await openAddForm('A public key');
    await app.willOpen(keyring);
    await form().getByRole('button', { name: 'Choose public key file…' }).click();
    await form()
      .getByTestId('public-key-file')
      .filter({ hasText: /^veracrypt-keys\.gpg$/ })
      .waitFor();
    await form().getByLabel('Name', { exact: true }).fill('VeraCrypt');
    await app.willConfirm(true);
    await form().getByRole('button', { name: 'Add signer' }).click();
    await app.page.getByRole('status').filter({ hasText: '2 keys added.' }).waitFor();
    await expect(card('VeraCrypt').count()).resolves.toBe(2);
    expect((await app.confirmations()).at(-1)?.message).toBe(
      'Trust “VeraCrypt” as the maker of files signed with these 2 keys?',
    );
    const texts = await card('VeraCrypt').allTextContents();
    expect(texts.some((t) => t.includes(grouped(first)) && t.includes('ExpiresNever'))).toBe(true);
    expect(texts.some((t) => t.includes(grouped(second)) && t.includes('VeraCrypt Team (2025)'))).toBe(true);
  });

  it('adds a Sigstore identity from a preset that says where the publisher documents it', async () => {
    await openAddForm('A Sigstore identity');
    await form().getByLabel('Publisher (optional)').selectOption({ label: 'CPython 3.14 and 3.15' });
    await expect(form().getByLabel('Identity', { exact: true }).inputValue()).resolves.toBe(
      'hugo@python.org',
    );
    await expect(form().getByLabel('Issuer', { exact: true }).inputValue()).resolves.toBe(
      'https://github.com/login/oauth',
    );
    await expect(form().getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(
      'CPython 3.14 and 3.15 releases',
    );
    await form().getByText('https://www.python.org/downloads/metadata/sigstore/').waitFor();
    await bothThemes('trusted-add-identity-preset-720');
    await app.willConfirm(true);
    await form().getByRole('button', { name: 'Add signer' }).click();
    const added = card('CPython 3.14 and 3.15 releases');
    await added.waitFor();
    await form().waitFor({ state: 'detached' });
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe(
      'Trust “CPython 3.14 and 3.15 releases” as the maker of files signed by hugo@python.org through Sigstore?',
    );
    const text = await added.textContent();
    expect(text).toContain('Identityhugo@python.org');
    expect(text).toContain('Issuerhttps://github.com/login/oauth');
    expect(
      (await app.trust.listAll()).find((s) => s.kind === 'sigstore' && s.source === 'user'),
    ).toMatchObject({
      identity: 'hugo@python.org',
      issuer: 'https://github.com/login/oauth',
    });
  });

  it('refuses a pattern for an identity and a name with hidden characters, beside each field, asking nothing', async () => {
    const asked = (await app.confirmations()).length;
    await openAddForm('A Sigstore identity');
    await form().getByLabel('Identity', { exact: true }).fill('https://github.com/acme/.*');
    await form().getByLabel('Issuer', { exact: true }).fill('token.actions.githubusercontent.com');
    await form().getByLabel('Name', { exact: true }).fill('Acme\u202Eexe.pdf');
    await form().getByRole('button', { name: 'Add signer' }).click();
    await form()
      .getByText('Give the exact identity, not a pattern: Signet compares it character for character.')
      .waitFor();
    await form().getByText('The issuer is an address starting with https://.').waitFor();
    await form()
      .getByText(/This name contains hidden characters/)
      .waitFor();
    await expect(form().getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await screenshot(app.page, 'trusted-add-identity-refused-720');
    expect((await app.confirmations()).length).toBe(asked);
    await form().getByRole('button', { name: 'Cancel' }).click();
    await form().waitFor({ state: 'detached' });
  });

  it('refuses a private key and an expired certificate in place of a publisher’s certificate, saying which', async () => {
    await openAddForm('A Windows publisher’s certificate');
    await form().getByLabel('Name', { exact: true }).fill('Contoso');
    await app.willOpen(publisherKey);
    await form().getByRole('button', { name: 'Choose certificate file…' }).click();
    await form()
      .getByTestId('certificate-file')
      .filter({ hasText: /^contoso-signing\.key$/ })
      .waitFor();
    await form().getByRole('button', { name: 'Add publisher' }).click();
    await form()
      .getByRole('alert')
      .filter({ hasText: 'This is a private key, not a certificate.' })
      .waitFor();

    await form().getByLabel('I will paste it').check();
    await form()
      .getByLabel('Certificate', { exact: true })
      .fill(await readFile(expiredCert, 'utf8'));
    await form().getByRole('button', { name: 'Add publisher' }).click();
    await form().getByRole('alert').filter({ hasText: 'This certificate expired on 1 Feb 2020.' }).waitFor();
    await screenshot(app.page, 'trusted-add-publisher-expired-720');
    expect((await app.trust.listAll()).some((s) => s.kind === 'x509')).toBe(false);
  });

  it('adds a publisher from its certificate file: publisher, issuer, thumbprint in fours, validity', async () => {
    await form().getByLabel('In a file').check();
    await app.willOpen(publisherCert);
    await form().getByRole('button', { name: 'Choose certificate file…' }).click();
    await form()
      .getByTestId('certificate-file')
      .filter({ hasText: /^contoso-signing\.pem$/ })
      .waitFor();
    await app.willConfirm(true);
    await form().getByRole('button', { name: 'Add publisher' }).click();
    const added = card('Contoso');
    await added.waitFor();
    await form().waitFor({ state: 'detached' });
    const fingerprint =
      (await run('openssl', ['x509', '-in', publisherCert, '-noout', '-fingerprint', '-sha256'])).stdout
        .split('=')[1]
        ?.replace(/[:\s]/g, '') ?? '';
    expect((await app.confirmations()).at(-1)?.detail).toContain(
      `Thumbprint (SHA-256): ${grouped(fingerprint)}`,
    );
    const text = await added.textContent();
    expect(text).toContain('The certificate namesContoso Ltd');
    expect(text).toContain('Issued byContoso Code Signing');
    expect(text).toContain(grouped(fingerprint));
    expect(text).toMatch(/Valid\d{1,2} \w{3} \d{4} to \d{1,2} \w{3} \d{4}/);
    await bothThemes('trusted-publisher-added-720');
  });

  it('switches kind from the keyboard without losing the person’s place', async () => {
    await openAddForm('A public key');
    await form().getByLabel('A public key').focus();
    await app.page.keyboard.press('ArrowRight');
    await form().getByLabel('Identity', { exact: true }).waitFor();
    await expect(form().getByLabel('A Sigstore identity').isChecked()).resolves.toBe(true);
    await expect(
      form()
        .getByLabel('A Sigstore identity')
        .evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
    await form().getByRole('button', { name: 'Cancel' }).click();
    await form().waitFor({ state: 'detached' });
  });

  it('has no serious or critical axe findings with every kind listed, in either scheme', async () => {
    await openAddForm('A Sigstore identity');
    expect(await seriousA11yFindings(app.page)).toEqual([]);
    await app.page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousA11yFindings(app.page, ['color-contrast'])).toEqual([]);
    await app.page.emulateMedia({ colorScheme: 'light' });
    await form().getByRole('button', { name: 'Cancel' }).click();
    await form().waitFor({ state: 'detached' });
    await bothThemes('trusted-every-kind-720');
  });

  it('removes an identity only after main’s own confirmation, which names the identity', async () => {
    const before = (await app.confirmations()).length;
    await card('CPython 3.14 and 3.15 releases')
      .getByRole('button', { name: 'Remove CPython 3.14 and 3.15 releases' })
      .click();
    const dialog = app.page.getByRole('dialog', { name: 'Stop trusting CPython 3.14 and 3.15 releases?' });
    await dialog.waitFor();
    await dialog
      .getByText('Files signed by this identity will no longer show as verified.', { exact: false })
      .waitFor();
    await app.willConfirm(true);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await card('CPython 3.14 and 3.15 releases').waitFor({ state: 'detached' });
    const asked = (await app.confirmations()).slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.detail).toContain('Identity: hugo@python.org\nIssuer: https://github.com/login/oauth');
    expect(app.pageProblems).toEqual([]);
  });

  it('says to ask the IT team where only the organisation may add signers', async () => {
    const managed = JSON.parse(await readFile(app.dirs.managedTrustFile, 'utf8'));
    await writeFile(app.dirs.managedTrustFile, JSON.stringify({ ...managed, allowUserSigners: false }));
    await goTo(app.page, 'verify');
    await goTo(app.page, 'trusted');
    await app.page.getByText('Ask your IT team to add a signer you need.').waitFor();
    await expect(app.page.getByRole('button', { name: 'Add a signer…' }).count()).resolves.toBe(0);
    await expect(app.page.getByText(/ask the publisher/i).count()).resolves.toBe(0);
  });
});

/** The organisation's managed list, written by the real TrustStore in a scratch folder: one identity. */
async function writeManagedIdentity(managedFile: string): Promise<void> {
  const scratch = join(managedFile, '..', 'scratch-identity');
  const store = new TrustStore({ configDir: scratch, managedFile: join(scratch, 'none.json') });
  await store.addIdentity({
    name: 'Northwind release pipeline',
    entry: (name, addedAt) =>
      sigstoreIdentityEntry({
        identity: 'release@northwind.example',
        issuer: 'https://accounts.google.com',
        name,
        addedAt,
      }),
  });
  await writeFile(managedFile, await readFile(store.file, 'utf8'));
}

/** A certificate that expired in 2020, self-signed by `openssl ca` with explicit dates. */
async function expiredCertificate(dir: string): Promise<string> {
  const key = join(dir, 'old.key');
  const csr = join(dir, 'old.csr');
  const cert = join(dir, 'old.pem');
  const db = join(dir, 'old-ca');
  await run('mkdir', ['-p', db]);
  await writeFile(join(db, 'index.txt'), '');
  await writeFile(join(db, 'serial'), '01\n');
  const config = join(dir, 'old-ca.cnf');
  await writeFile(
    config,
    `[ca]\ndefault_ca=c\n[c]\ndatabase=${db}/index.txt\nnew_certs_dir=${db}\nserial=${db}/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`,
  );
  const steps: string[][] = [
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      csr,
      '-subj',
      '/CN=Old Publisher',
    ],
    [
      'ca',
      '-batch',
      '-config',
      config,
      '-selfsign',
      '-keyfile',
      key,
      '-in',
      csr,
      '-out',
      cert,
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200201000000Z',
    ],
  ];
  for (const args of steps) {
    const result = await run('openssl', args);
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
  }
  return cert;
}
