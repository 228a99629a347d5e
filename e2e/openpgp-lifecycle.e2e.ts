import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenPgpKey } from '../electron/core/formats/openpgp-keys';
import { launchApp, type SignetApp } from './harness/launch';
import { TEST_KDF } from './harness/main-side';
import { caseDir, makeFile, run } from './harness/tools';
import { clickThatClosesWindow, goTo, screenshot, seriousA11yFindings } from './harness/ui';

// An OpenPGP key's life in the app beside a minisign key: a release signed with both keys in one
// go, the backup with its revocation certificate, an import that keeps or changes the passphrase,
// and the announcement of a new key that gpg reports as two good signatures.

const OLD_PASS = 'harbour lantern quartz meadow';
const NEW_PASS = 'orchard violet pebble compass';
const MINI_PASS = 'willow granite sparrow tide';

let app: SignetApp;
let work: string;

const card = (name: string) =>
  app.page
    .locator('article.card')
    .filter({ has: app.page.getByRole('heading', { level: 3, name, exact: true }) });

const keyNamed = async (name: string) => (await app.keystore.list()).find((k) => k.name === name)!;

/** gpgv with a keyring of the given armored certificates: its status tokens. */
function gpgvTokens(certificates: string[], signature: string, data?: string): string[] {
  const keyring = `${signature}.keyring.gpg`;
  run('sh', [
    '-c',
    `cat ${certificates.map((c) => `"${c}"`).join(' ')} | gpg --batch --dearmor > "${keyring}"`,
  ]);
  let out = '';
  try {
    out = run('gpgv', ['--status-fd', '1', '--keyring', keyring, signature, ...(data ? [data] : [])]);
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  return out
    .split('\n')
    .filter((line) => line.startsWith('[GNUPG:] '))
    .map((line) => line.split(' ')[1] ?? '');
}

beforeAll(async () => {
  app = await launchApp();
  work = await caseDir(app.dirs.work, 'lifecycle');
  for (const [name, email, passphrase] of [
    ['Release 2025', 'r25@acme.example', OLD_PASS],
    ['Release 2026', 'r26@acme.example', NEW_PASS],
  ] as const) {
    const made = await createOpenPgpKey({ name, email, passphrase });
    await app.keystore.add({ name, record: made.record, keyFile: made.keyFile });
  }
  await app.keystore.create({ name: 'Minisign release', passphrase: MINI_PASS, kdf: TEST_KDF });
  await goTo(app.page, 'keys');
});

afterAll(async () => {
  await app?.close();
});

describe('a release signed with several keys', () => {
  it('ticks a second key with its style; main lists every file of each key; both keys’ outputs check out', async () => {
    const files = [
      await makeFile(work, 'acme-6.0.tar.gz', 'acme tarball\n'.repeat(3000)),
      await makeFile(work, 'acme-6.0.zip', 'acme zip\n'.repeat(3000)),
    ];
    const mini = await keyNamed('Minisign release');
    const pgp = await keyNamed('Release 2025');
    await goTo(app.page, 'sign');
    await app.willOpen(...files);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-6.0.zip', { exact: true })
      .waitFor();
    await app.page
      .getByLabel('Key', { exact: true })
      .selectOption({ label: `Minisign release (${mini.keyId})` });
    const extra = app.page.getByTestId('extra-keys');
    await extra.getByLabel(`Release 2025 (${pgp.keyId})`).check();
    await extra.getByLabel('Style for Release 2025').selectOption('apache');
    await app.page.getByLabel(/Also write and sign a SHA256SUMS list/).check();
    await expect(app.page.getByTestId('sign-action-bar').textContent()).resolves.toContain(
      '2 files with 2 keys',
    );
    await screenshot(app.page, 'several-keys-1-form');
    expect(await seriousA11yFindings(app.page)).toEqual([]);
    await app.willConfirm(true);
    await app.page.getByRole('button', { name: 'Sign 2 files' }).click();
    await app.typePassphrase(MINI_PASS);
    await app.typePassphrase(OLD_PASS);
    await expect.poll(() => app.page.getByTestId('sign-recheck').count(), { timeout: 30_000 }).toBe(2);
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe('Sign 2 files with 2 keys?');
    for (const output of [
      'SHA256SUMS',
      'SHA256SUMS.minisig',
      'acme-6.0.zip.minisig',
      'acme-6.0.zip.asc',
      'acme-6.0.zip.sha512',
    ]) {
      expect(asked?.detail).toContain(join(work, output));
    }
    const rechecks = await app.page.getByTestId('sign-recheck').allTextContents();
    expect(rechecks).toEqual([
      `All 3 signatures checked against Minisign release (key id ${mini.keyId}).`,
      `All 2 signatures checked against Release 2025 (key id ${pgp.keyId}).`,
    ]);
    await screenshot(app.page, 'several-keys-2-results');
    // The real tools agree.
    for (const file of files) {
      run('minisign', ['-V', '-P', mini.publicKey, '-m', file]);
      const cert = join(work, 'r25.asc');
      await writeFile(cert, pgp.publicKey);
      expect(gpgvTokens([cert], `${file}.asc`, file)).toContain('GOODSIG');
    }
    run('sha512sum', ['-c', 'acme-6.0.zip.sha512', 'acme-6.0.tar.gz.sha512'], undefined, work);
    run('sha256sum', ['-c', 'SHA256SUMS'], undefined, work);
  });

  it('with an OpenPGP main key, the minisign key beside it gets its SHA256SUMS and signed comment', async () => {
    const folder = await caseDir(work, 'openpgp-first');
    const file = await makeFile(folder, 'acme-6.1.tar.gz', 'acme 6.1\n'.repeat(1000));
    const mini = await keyNamed('Minisign release');
    const pgp = await keyNamed('Release 2025');
    await app.willOpen(file);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-6.1.tar.gz', { exact: true })
      .waitFor();
    await app.page.getByLabel('Key', { exact: true }).selectOption({ label: `Release 2025 (${pgp.keyId})` });
    // The OpenPGP key alone signs no list of its own way and no comment: neither is offered.
    await app.page.getByTestId('sign-style').waitFor();
    await expect(app.page.getByLabel(/Also write and sign a SHA256SUMS list/).count()).resolves.toBe(0);
    await expect(app.page.getByLabel('Signed comment (optional)').count()).resolves.toBe(0);
    await app.page.getByTestId('extra-keys').getByLabel(`Minisign release (${mini.keyId})`).check();
    const list = app.page.getByLabel(/Also write and sign a SHA256SUMS list/);
    await list.check();
    await expect(app.page.locator('label.checkbox', { has: list }).textContent()).resolves.toContain(
      'Signed by “Minisign release”.',
    );
    await app.page.getByLabel('Signed comment (optional)').fill('Acme 6.1, both keys');
    await expect(app.page.getByTestId('sign-action-bar').textContent()).resolves.toContain(
      '1 file with 2 keys and SHA256SUMS',
    );
    await screenshot(
      app.page.locator('section.panel', { has: app.page.getByTestId('extra-keys') }),
      'several-keys-3-openpgp-main',
    );
    await app.willConfirm(true);
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    await app.typePassphrase(OLD_PASS);
    await app.typePassphrase(MINI_PASS);
    await expect.poll(() => app.page.getByTestId('sign-recheck').count(), { timeout: 30_000 }).toBe(2);
    expect((await app.confirmations()).at(-1)?.detail).toContain(join(folder, 'SHA256SUMS.minisig'));
    run('minisign', ['-V', '-P', mini.publicKey, '-m', join(folder, 'SHA256SUMS')]);
    const verified = run('minisign', ['-V', '-P', mini.publicKey, '-m', file]);
    expect(verified).toContain('Acme 6.1, both keys');
    run('sha256sum', ['-c', 'SHA256SUMS'], undefined, folder);
    run('sha512sum', ['-c', 'acme-6.1.tar.gz.sha512'], undefined, folder);
  });
});

describe('OpenPGP keys in the Keys screen', () => {
  it('backs up with the revocation certificate, saying what it is for', async () => {
    await goTo(app.page, 'keys');
    const key = card('Release 2026');
    await expect(key.getByTestId('key-backup').textContent()).resolves.toContain(
      'Back up… saves its revocation certificate too',
    );
    const backup = join(work, 'release-2026.key');
    await app.willSave(backup);
    await app.willConfirm(true);
    await key.getByRole('button', { name: 'Back up…' }).click();
    await key.getByTestId('key-revocation-saved').waitFor();
    await expect(key.getByTestId('key-backup').textContent()).resolves.toMatch(
      /^Backed up .+, with its revocation certificate$/,
    );
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.detail).toContain(`With it, its revocation certificate: ${backup}.rev`);
    expect(asked?.detail).toContain(
      'If this key is ever lost or stolen, publishing this certificate tells everyone to stop trusting it.',
    );
    expect((await stat(`${backup}.rev`)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${backup}.rev`, 'utf8')).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    await screenshot(key, 'openpgp-backup-revocation');
    // Again to the same place: main's one dialog names both files, and replaces both when told.
    await writeFile(`${backup}.rev`, 'an older certificate\n');
    await app.willSave(backup);
    await app.willConfirm(true);
    await key.getByRole('button', { name: 'Back up…' }).click();
    await expect
      .poll(async () => (await app.confirmations()).at(-1)?.detail)
      .toContain('Already there, will be replaced: release-2026.key and release-2026.key.rev');
    await expect
      .poll(() => readFile(`${backup}.rev`, 'utf8'))
      .toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    expect((await stat(`${backup}.rev`)).mode & 0o777).toBe(0o600);
  });

  it('imports a key: its own passphrase, then the choice to keep it or choose a new one', async () => {
    const outside = await createOpenPgpKey({
      name: 'From Gpg',
      email: 'gpg@acme.example',
      passphrase: OLD_PASS,
    });
    const secret = join(work, 'from-gpg.asc');
    await writeFile(
      secret,
      outside.keyFile.slice(0, outside.keyFile.indexOf('-----END PGP PRIVATE KEY BLOCK-----') + 35),
    );
    await app.page.getByRole('button', { name: 'Import key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    await app.willOpen(secret);
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await form.getByTestId('import-file').filter({ hasText: 'from-gpg.asc' }).waitFor();
    await form.getByLabel('Name', { exact: true }).fill('From Gpg');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Import key' }).click();
    await app.typePassphrase(OLD_PASS);
    const pin = await app.passphraseWindow();
    await pin
      .getByRole('heading', { level: 1, name: 'Keep or change the passphrase of “From Gpg”' })
      .waitFor();
    await pin.getByLabel('New passphrase').fill('password1');
    await pin.locator('#strength .strength').waitFor();
    await screenshot(pin, 'openpgp-import-keep-or-new');
    await pin.getByLabel('New passphrase').fill('');
    await app.typePassphrase(NEW_PASS);
    await card('From Gpg').waitFor();
    // Kept under the new passphrase: the old one no longer opens it, the new one does.
    const stored = await keyNamed('From Gpg');
    expect((await app.confirmations()).at(-1)?.detail).toContain('you may keep it or choose a new one');
    const { signingFormatForKey } = await import('../electron/core/formats/signing-formats');
    const { side } = await signingFormatForKey(stored.kind);
    const file = await app.keystore.readKeyFile(stored.id);
    await expect(side.openStoredKey?.(file, OLD_PASS)).rejects.toMatchObject({ kind: 'wrong-passphrase' });
    await expect(side.openStoredKey?.(file, NEW_PASS)).resolves.toBeDefined();
  });

  it('"Keep its passphrase" in main’s window keeps the key under its own passphrase', async () => {
    const outside = await createOpenPgpKey({
      name: 'Kept',
      email: 'kept@acme.example',
      passphrase: OLD_PASS,
    });
    const secret = join(work, 'kept.asc');
    const end = outside.keyFile.indexOf('-----END PGP PRIVATE KEY BLOCK-----') + 35;
    await writeFile(secret, outside.keyFile.slice(0, end));
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    if ((await form.count()) === 0) await app.page.getByRole('button', { name: 'Import key…' }).click();
    await app.willOpen(secret);
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await form.getByTestId('import-file').filter({ hasText: 'kept.asc' }).waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Kept');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Import key' }).click();
    await app.typePassphrase(OLD_PASS);
    const pin = await app.passphraseWindow();
    await clickThatClosesWindow(pin.getByRole('button', { name: 'Keep its passphrase' }));
    await card('Kept').waitFor();
    const stored = await keyNamed('Kept');
    const { signingFormatForKey } = await import('../electron/core/formats/signing-formats');
    const { side } = await signingFormatForKey(stored.kind);
    await expect(
      side.openStoredKey?.(await app.keystore.readKeyFile(stored.id), OLD_PASS),
    ).resolves.toBeDefined();
  });

  it('announces Release 2026 with one statement both keys sign; gpgv reports two good signatures', async () => {
    const old = card('Release 2025');
    const [from, to] = [await keyNamed('Release 2025'), await keyNamed('Release 2026')];
    await old.getByRole('button', { name: 'Announce a new key…' }).click();
    await old.getByLabel('New key', { exact: true }).selectOption({ label: `Release 2026 (${to.keyId})` });
    await old.getByLabel('Reason (optional)').fill('Yearly rotation');
    const statement = join(work, 'acme-key-transition.txt');
    await app.willSave(statement);
    await old.getByRole('button', { name: 'Write and sign the statement…' }).click();
    await app.typePassphrase(OLD_PASS);
    await app.typePassphrase(NEW_PASS);
    await old.getByTestId('key-retired').waitFor();
    await expect(old.getByTestId('key-transition-written').textContent()).resolves.toContain(
      'Both signatures are inside it.',
    );
    await screenshot(old, 'openpgp-announce-retired');
    const certs = [join(work, 'from.asc'), join(work, 'to.asc')];
    await writeFile(certs[0]!, from.publicKey);
    await writeFile(certs[1]!, to.publicKey);
    expect(gpgvTokens(certs, statement).filter((t) => t === 'GOODSIG')).toHaveLength(2);
    expect(app.pageProblems).toEqual([]);
  });
});
