import { createHash } from 'node:crypto';
import { appendFile, copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDropFiles, launchApp, type SignetApp } from './harness/launch';
import {
  bareKey,
  caseDir,
  makeFile,
  minisignKeyId,
  minisignKeyPair,
  minisignSign,
  signifyKeyPair,
  signifySign,
  sshKeyPair,
  sshSign,
  type ToolKey,
} from './harness/tools';
import { screenshot, verdictCard } from './harness/ui';
import { chooseAndWait, resultRow } from './harness/verify-ui';

const UNTRUSTED_COMMENT = 'Signed by Microsoft Corporation (official)';

interface Case {
  file: string;
  name: string;
}

let app: SignetApp;
let acme: ToolKey;
let stranger: ToolKey;
const cases: Record<string, Case> = {};

async function addCase(key: string, name: string, content: string): Promise<string> {
  const dir = await caseDir(app.dirs.work, key);
  const file = await makeFile(dir, name, content);
  cases[key] = { file, name };
  return file;
}

async function chooseAndCheck(...files: string[]): Promise<void> {
  await chooseAndWait(app, ...files);
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  acme = await minisignKeyPair(tools, 'acme');
  stranger = await minisignKeyPair(tools, 'stranger');
  const openbsd = await signifyKeyPair(tools, 'openbsd');
  const ssh = await sshKeyPair(tools, 'builder');
  await app.trust.add({ keyText: acme.publicKeyText, name: 'Acme Releases' });
  await app.trust.add({ keyText: openbsd.publicKeyText, name: 'Pufferfish Project' });
  const sshLine = ssh.publicKeyText.trim().split(/\s+/).slice(0, 2).join(' ');
  await app.trust.add({ keyText: `builder@example.org namespaces="file" ${sshLine}`, name: 'Build Server' });

  const signOpts = { untrustedComment: UNTRUSTED_COMMENT, comment: 'Acme Setup 4.2 for Windows' };
  minisignSign(
    acme,
    await addCase('verified', 'acme-setup-4.2.exe', 'Acme setup program\n'.repeat(500)),
    signOpts,
  );
  minisignSign(stranger, await addCase('unknown', 'free-tool.dmg', 'A tool from somewhere\n'.repeat(300)), {
    untrustedComment: UNTRUSTED_COMMENT,
  });
  const tampered = await addCase('tampered', 'acme-update.msi', 'Acme update\n'.repeat(400));
  minisignSign(acme, tampered, signOpts);
  await appendFile(tampered, 'one extra line slipped in\n');
  await addCase('none', 'meeting-notes.pdf', '%PDF-1.7 not signed by anyone\n');
  await addCase('malformed', 'driver.zip', 'PK driver bytes\n');
  await makeFile(
    join(app.dirs.work, 'malformed'),
    'driver.zip.minisig',
    'untrusted comment: hello\nthis is not base64 at all!\n',
  );
  signifySign(openbsd, await addCase('signify', 'pufferfish-7.6.tgz', 'tarball bytes\n'.repeat(200)));
  sshSign(ssh, await addCase('ssh', 'nightly-build.tar', 'nightly build\n'.repeat(200)));
});

afterAll(async () => {
  await app?.close();
});

describe('Verify: a plain answer per file, from signatures made by the real tools', () => {
  it('says "Verified" with the name from the trust list, never the signature’s own comment', async () => {
    const { file, name } = cases.verified!;
    // The signature really carries the misleading comment, so not showing it is a choice, not luck.
    await expect(readFile(`${file}.minisig`, 'utf8')).resolves.toContain(UNTRUSTED_COMMENT);
    await chooseAndCheck(file);
    const card = verdictCard(app.page, name);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Acme Releases',
    );
    // What was proven, said once: who made it and that it has not changed; never "safe to use".
    await expect(card.locator('.verdict__reason').textContent()).resolves.toBe(
      'It has not changed since Acme Releases signed it.',
    );
    await expect(card.textContent()).resolves.toContain('A signature is not a virus check');
    await expect(card.textContent()).resolves.not.toMatch(/safe to use/i);
    // The signed comment said as what it is: the signer's own words (raw text in the details).
    await expect(card.getByTestId('signed-words').textContent()).resolves.toBe(
      'The signer wrote: “Acme Setup 4.2 for Windows”',
    );
    // Details start collapsed.
    await expect(card.locator('details').evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(
      false,
    );
    await expect(app.page.locator('body').textContent()).resolves.not.toContain(UNTRUSTED_COMMENT);
    // Only unknown signers are offered for trust.
    await expect(card.getByRole('button', { name: /Trust this signer/ }).count()).resolves.toBe(0);
    await screenshot(card, 'verdict-verified');
  });

  it('opens the details: signer, key id, signed comment, signature file and a SHA-256 that copies', async () => {
    const { file, name } = cases.verified!;
    const card = verdictCard(app.page, name);
    await card.locator('summary', { hasText: 'Details' }).click();
    const details = card.locator('details');
    const row = (term: string) =>
      details
        .locator('.details__row')
        .filter({ has: app.page.locator('dt', { hasText: term }) })
        .locator('dd');
    await expect(row('Signed by').textContent()).resolves.toBe('Acme Releases');
    await expect(row('Key ID').textContent()).resolves.toContain(minisignKeyId(acme));
    await expect(row('Signed comment').textContent()).resolves.toBe('Acme Setup 4.2 for Windows');
    await expect(row('Signature file').textContent()).resolves.toContain(`${file}.minisig`);
    const digest = sha256(await readFile(file));
    await expect(row('SHA-256').textContent()).resolves.toContain(digest);
    await row('SHA-256').getByRole('button', { name: 'Copy SHA-256' }).click();
    await expect(app.readClipboard()).resolves.toBe(digest);
    await expect(details.textContent()).resolves.not.toContain(UNTRUSTED_COMMENT);
    await screenshot(card, 'verdict-verified-details');
  });

  it('compares a checksum pasted from a website and answers in words', async () => {
    const { file, name } = cases.verified!;
    const card = verdictCard(app.page, name);
    const digest = sha256(await readFile(file));
    const input = card.getByLabel('Paste a checksum from the website');
    // People paste what the page shows, often upper case and with the file name after it.
    await input.fill(`${digest.toUpperCase()}  ${name}`);
    await card.getByRole('button', { name: 'Compare' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Match.' }).textContent()).resolves.toContain(
      'this is the file the website describes',
    );
    // One answer: the match joins the signature's headline instead of sitting beside it.
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Acme Releases',
    );
    await expect(card.locator('.verdict__reason').textContent()).resolves.toContain(
      'It also matches the SHA-256 checksum from the website.',
    );
    await screenshot(card, 'verdict-checksum-match');
    // One changed digit in the middle: the kind of difference eyes miss.
    const wrong = `${digest.slice(0, 30)}${digest[30] === '0' ? '1' : '0'}${digest.slice(31)}`;
    await input.fill(wrong);
    await card.getByRole('button', { name: 'Compare' }).click();
    // The comparison says only what it found; whether to use the file is the headline's to say.
    await expect(card.getByRole('status').filter({ hasText: 'No match.' }).textContent()).resolves.toContain(
      'it describes another file, not this one',
    );
    // No green "Verified" above a "No match": the signature still vouches for the file, so the
    // pasted checksum is what is odd, said in amber, with what the signature proved kept below.
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'The checksum you pasted is not this file’s: it may be for another version or platform',
    );
    await expect(card.locator('.verdict__reason').textContent()).resolves.toBe(
      'The file’s own signature checks out. It has not changed since Acme Releases signed it.',
    );
    await expect(card.getAttribute('data-answer')).resolves.toBe('unknown-signer');
    await expect(card.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(card.textContent()).resolves.not.toContain('Verified:');
    await screenshot(card, 'verdict-checksum-no-match');
  });

  it('says "Signed, but not by anyone you trust" and offers to trust a signer whose key id is known', async () => {
    const { file, name } = cases.unknown!;
    if (canDropFiles) {
      await app.dropFiles([file]);
      await app.page.getByRole('heading', { level: 2, name: 'Result' }).waitFor();
    } else await chooseAndCheck(file);
    const card = verdictCard(app.page, name);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Signed, but not by anyone you trust',
    );
    await expect(app.page.locator('body').textContent()).resolves.not.toContain(UNTRUSTED_COMMENT);
    await expect(card.getByRole('button', { name: 'Trust this signer…' }).isVisible()).resolves.toBe(true);
    await screenshot(card, 'verdict-unknown-signer');
  });

  it('says "Do not use this file" for a file changed after signing', async () => {
    const { file, name } = cases.tampered!;
    await chooseAndCheck(file);
    const card = verdictCard(app.page, name);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('tampered');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Do not use this file: it was changed after it was signed',
    );
    await expect(card.textContent()).resolves.toContain('download it again');
    await screenshot(card, 'verdict-tampered');
  });

  it('says "No signature found" and what to ask the publisher for', async () => {
    const { file, name } = cases.none!;
    await chooseAndCheck(file);
    const card = verdictCard(app.page, name);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('no-signature');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'No signature found for this file',
    );
    await expect(card.textContent()).resolves.toContain('Ask the publisher for the signature file');
    await screenshot(card, 'verdict-no-signature');
  });

  it('says the signature file is damaged, naming it', async () => {
    const { file, name } = cases.malformed!;
    await chooseAndCheck(file);
    const card = verdictCard(app.page, name);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('malformed');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'The signature file is damaged or not a kind we read',
    );
    // Staff words on the card; the parser's expert sentence only in the details.
    await expect(card.locator('.verdict__reason').textContent()).resolves.toBe(
      'Signet found driver.zip.minisig, but could not use it as a signature.',
    );
    await expect(card.locator('.verdict__main').textContent()).resolves.not.toMatch(
      /base64|untrusted comment|minisign|signify/i,
    );
    await card.locator('summary', { hasText: 'Details' }).click();
    await expect(card.textContent()).resolves.toContain('driver.zip.minisig');
    await screenshot(card, 'verdict-malformed');
  });

  it('verifies signify and OpenSSH signatures from trusted signers too', async () => {
    await chooseAndCheck(cases.signify!.file, cases.ssh!.file);
    await expect(resultRow(app.page, cases.signify!.name).locator('td').nth(1).textContent()).resolves.toBe(
      'Verified: made by Pufferfish Project',
    );
    await expect(resultRow(app.page, cases.ssh!.name).locator('td').nth(1).textContent()).resolves.toBe(
      'Verified: made by Build Server',
    );
  });

  it('gives a compact table for several files, problems first, light and dark', async () => {
    const all = ['verified', 'unknown', 'tampered', 'none', 'malformed', 'signify', 'ssh'].map(
      (k) => cases[k]!.file,
    );
    await chooseAndCheck(...all);
    const verdicts = await app.page
      .locator('tr[data-verdict]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts).toEqual([
      'tampered',
      'malformed',
      'unknown-signer',
      'no-signature',
      'verified',
      'verified',
      'verified',
    ]);
    await expect(app.page.locator('.results__summary').textContent()).resolves.toBe(
      '7 files checked: 3 verified, 1 must not be used, 3 need your attention.',
    );
    // A row opens that file's whole card in place.
    await resultRow(app.page, cases.tampered!.name)
      .getByRole('button', { name: /^Show the answer/ })
      .click();
    await expect(verdictCard(app.page, cases.tampered!.name).getAttribute('data-verdict')).resolves.toBe(
      'tampered',
    );
    await screenshot(app.page, 'verify-results-light');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app.page, 'verify-results-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
  });

  it('checks against a signature file the person picks', async () => {
    const dir = await caseDir(app.dirs.work, 'elsewhere');
    const file = await makeFile(dir, 'portable-app.zip', 'portable\n'.repeat(100));
    const signature = minisignSign(acme, file);
    const downloads = await caseDir(app.dirs.work, 'downloads');
    const moved = join(downloads, 'portable-app.signature');
    await copyFile(signature, moved);
    const lonely = join(downloads, 'portable-app.zip');
    await copyFile(file, lonely);

    await app.page.getByRole('button', { name: 'Clear' }).click();
    await app.willOpen(moved);
    await app.page.getByRole('button', { name: 'Use a specific signature file…' }).click();
    await expect(app.page.getByTestId('signature-choice').textContent()).resolves.toContain(
      'portable-app.signature',
    );
    await chooseAndCheck(lonely);
    await expect(verdictCard(app.page, 'portable-app.zip').getAttribute('data-verdict')).resolves.toBe(
      'verified',
    );
    await expect(app.page.getByTestId('used-signature').textContent()).resolves.toContain(
      'portable-app.signature',
    );
    // It applied to that one check and was cleared with it: nothing to stop using.
    await expect(app.page.getByTestId('signature-choice').count()).resolves.toBe(0);
    await chooseAndCheck(lonely);
    await expect(verdictCard(app.page, 'portable-app.zip').getAttribute('data-verdict')).resolves.toBe(
      'no-signature',
    );
  });

  it('"Trust this signer" leads to Trusted signers; adding their key turns the answer into "Verified"', async () => {
    const { file, name } = cases.unknown!;
    await chooseAndCheck(file);
    await verdictCard(app.page, name).getByRole('button', { name: 'Trust this signer…' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Trusted signers' }).waitFor();
    await expect(app.page.getByRole('status').first().textContent()).resolves.toContain(
      minisignKeyId(stranger),
    );
    await screenshot(app.page, 'trust-from-verdict');

    // Another key than the one main saw on that file's signature: refused, saying what to do.
    await app.page.getByLabel('I will paste it').check();
    await app.page.getByLabel('Public key', { exact: true }).fill(bareKey(acme));
    await app.page.getByLabel('Name', { exact: true }).fill('Free Tool Maker');
    await app.page.getByRole('button', { name: 'Add signer' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Add a signer' }) });
    const refusal = form.getByRole('alert').filter({ hasText: `did not sign ${name}` });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(
      `Ask the publisher for the public key with id ${minisignKeyId(stranger)}, then try again.`,
    );
    await screenshot(app.page, 'trust-from-verdict-refused');
    expect(await app.confirmations()).toEqual([]);

    // Their own key, from a file: main confirms in its own words, then the answer turns to verified.
    await app.page.getByLabel('In a file').check();
    await app.willOpen(stranger.publicKeyFile);
    await form.getByRole('button', { name: 'Choose public key file…' }).click();
    await form.getByTestId('public-key-file').filter({ hasText: 'stranger.pub' }).waitFor();
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Add signer' }).click();
    await app.page.getByRole('button', { name: 'Check the file again' }).click();
    const asked = await app.confirmations();
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toBe('Trust “Free Tool Maker” as the maker of files signed with this key?');
    expect(asked[0]?.detail).toContain(`Key id: ${minisignKeyId(stranger)}`);
    expect(asked[0]?.detail).toContain('From the file: stranger.pub');
    await app.page.getByRole('heading', { level: 1, name: 'Verify' }).waitFor();
    const card = verdictCard(app.page, name);
    await card.waitFor();
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Free Tool Maker',
    );
    // The details say where the name came from: the person's own act, from which file.
    await card.locator('summary', { hasText: 'Details' }).click();
    const because = card
      .locator('.details__row')
      .filter({ has: app.page.locator('dt', { hasText: 'Trusted because' }) })
      .locator('dd');
    await expect(because.textContent()).resolves.toMatch(/^You added this name on .+ from stranger\.pub$/);
    await screenshot(card, 'verdict-verified-added-from');
    expect(app.pageProblems).toEqual([]);
  });
});
