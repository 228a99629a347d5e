import { createHash } from 'node:crypto';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile, minisignKeyPair, minisignSign, run, type ToolKey } from './harness/tools';
import { screenshot, seriousA11yFindings, verdictCard } from './harness/ui';
import { chooseAndWait } from './harness/verify-ui';

// One honest answer per file, in words staff use. Every file here is made by the
// real tools at test time.

let app: SignetApp;
let acme: ToolKey;
let work: string;

const JARGON = /base64|untrusted comment|trusted comment|signify|minisign|openpgp|sigstore|safe to use/i;

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The card in light and dark, with axe's verdict on both (all rules light, contrast dark). */
async function lookAt(card: ReturnType<typeof verdictCard>, name: string): Promise<void> {
  await screenshot(card, `${name}-light`);
  expect(await seriousA11yFindings(app.page)).toEqual([]);
  await app.page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(card, `${name}-dark`);
  expect(await seriousA11yFindings(app.page, ['color-contrast'])).toEqual([]);
  await app.page.emulateMedia({ colorScheme: 'light' });
}

async function compare(card: ReturnType<typeof verdictCard>, pasted: string): Promise<void> {
  await card.getByLabel('Paste a checksum from the website').fill(pasted);
  await card.getByRole('button', { name: 'Compare' }).click();
  await card
    .getByRole('status')
    .filter({ hasText: /Match\.|No match\./ })
    .waitFor();
}

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  acme = await minisignKeyPair(tools, 'acme');
  await app.trust.add({ keyText: acme.publicKeyText, name: 'Acme Releases' });
  work = app.dirs.work;
});

afterAll(async () => {
  await app?.close();
});

describe('one answer per file, in words staff use', () => {
  it('a pasted checksum with no signature gives one answer; an MD5 is named and called weak proof', async () => {
    const dir = await caseDir(work, 'plain');
    const content = 'A tool from a website with only a checksum\n'.repeat(50);
    const file = await makeFile(dir, 'plain-tool.zip', content);
    await chooseAndWait(app, file);
    const card = verdictCard(app.page, 'plain-tool.zip');
    await expect(card.getAttribute('data-verdict')).resolves.toBe('no-signature');

    await compare(card, `${sha256(content)}  plain-tool.zip`);
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Matches the checksum from the website',
    );
    await expect(card.getAttribute('data-answer')).resolves.toBe('checksum-match');
    await expect(card.locator('.verdict__reason').textContent()).resolves.toContain(
      'There is no signature, so Signet cannot say who made it.',
    );
    // The headline above and the comparison below never disagree.
    await expect(card.textContent()).resolves.not.toContain('No signature found');
    await lookAt(card, 'answer-checksum-only-match');

    await compare(card, md5(content));
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Matches the website’s MD5 checksum, which is weak proof',
    );
    await expect(card.getByRole('status').textContent()).resolves.toContain('The MD5 checksum matches');
    await expect(card.locator('.verdict__reason').textContent()).resolves.toContain('old kind of checksum');
    await lookAt(card, 'answer-md5-match');

    // Changing the paste takes the comparison back out of the headline until it is compared again.
    await card.getByLabel('Paste a checksum from the website').fill('');
    await card.getByRole('heading', { level: 3, name: 'No signature found for this file' }).waitFor();
  });

  it('says the signed comment as what it means, and when the signature is for another file', async () => {
    const dir = await caseDir(work, 'renamed');
    const bytes = 'the portable app\n'.repeat(100);
    // minisign's own default signed comment: timestamp and the file's name.
    const original = await makeFile(dir, 'portable-app.zip', bytes);
    minisignSign(acme, original);
    const renamedDir = await caseDir(work, 'renamed-copy');
    const renamed = await makeFile(renamedDir, 'acme-setup.exe', bytes);
    await copyFile(`${original}.minisig`, `${renamed}.minisig`);

    await chooseAndWait(app, original);
    const same = verdictCard(app.page, 'portable-app.zip');
    await expect(same.getByTestId('signed-facts').textContent()).resolves.toMatch(
      /^Signed on .+\d{4}.*, for portable-app\.zip\.$/,
    );
    await expect(same.locator('.verdict__main').textContent()).resolves.not.toMatch(/timestamp:|hashed/);
    // The raw text stays in the details for experts.
    await same.locator('summary', { hasText: 'Details' }).click();
    await expect(same.locator('details').textContent()).resolves.toContain('file:portable-app.zip');
    await screenshot(same, 'answer-signed-comment-meaning');

    await chooseAndWait(app, renamed);
    const other = verdictCard(app.page, 'acme-setup.exe');
    await expect(other.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(other.getByTestId('signature-for-other').textContent()).resolves.toBe(
      'This signature is for portable-app.zip.',
    );
    await lookAt(other, 'answer-signature-for-other-file');
  });

  it('a picked signature of another file says so, and the next check no longer uses it', async () => {
    const dir = await caseDir(work, 'picked');
    const good = await makeFile(dir, 'acme-setup.exe', 'the real setup program\n'.repeat(100));
    minisignSign(acme, good);
    const elsewhere = await caseDir(work, 'picked-other');
    const portable = await makeFile(elsewhere, 'portable-app.zip', 'portable\n'.repeat(10));
    // Only the signature was downloaded next to the setup program, not the file it belongs to.
    const picked = join(dir, 'portable-app.zip.minisig');
    await copyFile(minisignSign(acme, portable), picked);

    await app.willOpen(picked);
    await app.page.getByRole('button', { name: 'Use a specific signature file…' }).click();
    await app.page.getByTestId('signature-choice').waitFor();
    await chooseAndWait(app, good);
    const card = verdictCard(app.page, 'acme-setup.exe');
    // Its signed comment names portable-app.zip: a signature for another file, not a changed one.
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    await expect(card.getByTestId('signature-for-other').textContent()).resolves.toBe(
      'The signature file you picked, portable-app.zip.minisig, is named for portable-app.zip.',
    );
    // Not "delete it": the file may be fine; the step is to check it with its own signature.
    await expect(card.locator('.verdict__next').textContent()).resolves.toBe(
      'Check acme-setup.exe again without picking a signature file, or pick the one made for it.',
    );
    await screenshot(app.page, 'answer-picked-signature-other-file');

    // The next good download is judged by its own signature, not the one picked before.
    await chooseAndWait(app, good);
    await expect(verdictCard(app.page, 'acme-setup.exe').getAttribute('data-verdict')).resolves.toBe(
      'verified',
    );
    await expect(app.page.getByTestId('used-signature').count()).resolves.toBe(0);
  });

  it('names a Windows program hidden behind spaces or hidden characters, with its real ending in view', async () => {
    const disguised: string[] = [];
    for (const [key, name] of [
      ['spaces', 'invoice.pdf                .exe'],
      ['rtl', 'invoice\u202Efdp.exe'],
    ] as const) {
      const dir = await caseDir(work, `disguised-${key}`);
      const file = await makeFile(dir, name, 'MZ not really a program\n');
      disguised.push(file);
      await chooseAndWait(app, file);
      const card = app.page.locator('article[data-verdict]');
      await expect(card.getByTestId('hidden-program').textContent()).resolves.toMatch(
        /^This is a Windows program/,
      );
      const shown = (await card.locator('.verdict__file').textContent()) ?? '';
      expect(shown.endsWith('.exe')).toBe(true);
      if (key === 'rtl') expect(shown).toBe('invoice\\u{202E}fdp.exe');
      await lookAt(card, `answer-hidden-program-${key}`);
    }
    // In the table of several files, each row says so too.
    await chooseAndWait(app, ...disguised);
    await expect(app.page.locator('.results-table__tag').allTextContents()).resolves.toEqual([
      'Windows program',
      'Windows program',
    ]);
    await screenshot(app.page, 'answer-hidden-program-table');
  });

  it('says what the publisher put beside the file instead: a bare checksum file, an S/MIME signature', async () => {
    const dir = await caseDir(work, 'beside');
    const iso = await makeFile(dir, 'distro.iso', 'an installer image\n'.repeat(100));
    await writeFile(`${iso}.sha256`, run('sha256sum', ['distro.iso'], undefined, dir));
    await chooseAndWait(app, iso);
    const card = verdictCard(app.page, 'distro.iso');
    await expect(card.getAttribute('data-verdict')).resolves.toBe('no-signature');
    await expect(card.locator('.verdict__reason').textContent()).resolves.toBe(
      'Signet found distro.iso.sha256 beside it: a checksum, not a signature. It shows whether the download is complete, not who made it.',
    );
    await screenshot(card, 'answer-beside-checksum-file');

    // An S/MIME (CMS) signature made by openssl: found, named, and not called "no signature".
    const tools = await caseDir(app.dirs.root, 'cms');
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=Acme Releases',
      '-days',
      '30',
      '-keyout',
      join(tools, 'k.pem'),
      '-out',
      join(tools, 'c.pem'),
    ]);
    const exe = await makeFile(dir, 'driver-pack.zip', 'drivers\n'.repeat(50));
    run('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-in',
      exe,
      '-signer',
      join(tools, 'c.pem'),
      '-inkey',
      join(tools, 'k.pem'),
      '-outform',
      'DER',
      '-out',
      `${exe}.p7s`,
    ]);
    await chooseAndWait(app, exe);
    const cms = verdictCard(app.page, 'driver-pack.zip');
    await expect(cms.getAttribute('data-verdict')).resolves.toBe('no-signature');
    await expect(cms.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Signet cannot check this kind of signature',
    );
    await expect(cms.locator('.verdict__reason').textContent()).resolves.toBe(
      'Signet found driver-pack.zip.p7s beside it: a kind of signature Signet cannot check yet.',
    );
    await screenshot(cms, 'answer-beside-unreadable-signature');
  });

  it('a GnuPG key where a signature should be says what was found and what to do', async () => {
    const dir = await caseDir(work, 'pgp-key');
    const gnupg = await caseDir(app.dirs.root, 'gnupg');
    run('gpg', [
      '--homedir',
      gnupg,
      '--batch',
      '--passphrase',
      '',
      '--quick-gen-key',
      'Acme <a@example.org>',
      'ed25519',
      'sign',
      'never',
    ]);
    const armoured = run('gpg', ['--homedir', gnupg, '--armor', '--export', 'a@example.org']);
    const file = await makeFile(dir, 'tool.tar.gz', 'tool bytes\n');
    await writeFile(join(dir, 'tool.tar.gz.asc'), armoured);
    await chooseAndWait(app, file);
    const card = verdictCard(app.page, 'tool.tar.gz');
    await expect(card.getAttribute('data-verdict')).resolves.toBe('malformed');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Signet cannot check this kind of signature',
    );
    await expect(card.locator('.verdict__reason').textContent()).resolves.toBe(
      'Signet found tool.tar.gz.asc, but it holds a key or a message, not a signature for this file.',
    );
    const main = (await card.locator('.verdict__main').textContent()) ?? '';
    expect(main).not.toMatch(JARGON);
    expect(main).not.toMatch(/download the signature file again/i);
    await lookAt(card, 'answer-unreadable-kind');
    expect(app.pageProblems).toEqual([]);
  });
});
