import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osslsign } from '../test/helpers/authenticode-sign';
import { TINY_PE_CODE_OFFSET, tinyPe } from '../test/helpers/pe-writer';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, issue, selfSigned } from '../test/helpers/x509-ca';
import { defaultViewport } from './harness/app';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir } from './harness/tools';
import { screenshot, verdictCard } from './harness/ui';

/**
 * Windows installers signed by osslsigncode at test time: one by a publisher whose certificate a
 * test CA issued (the CA given as the organisation's managed caRoots, as IT would deploy it), one
 * self-signed, one changed after signing. The publisher's own program name is a claim, never a name.
 */

let app: SignetApp;
let rootPem: string;
const files: Record<string, string> = {};
const PROGRAM_CLAIM = 'Microsoft Windows Update (official)';

async function signed(name: string, signer: { cert: string; key: string }, chain: string[] = []) {
  const dir = await caseDir(app.dirs.work, name.replace(/\W/g, '-'));
  const unsigned = join(dir, `unsigned-${name}`);
  await writeFile(unsigned, tinyPe());
  const out = join(dir, name);
  await osslsign(unsigned, out, signer, { chain, programName: PROGRAM_CLAIM });
  return out;
}

async function writeManaged(extra: { onlyListedSigners?: boolean }) {
  await mkdir(dirname(app.dirs.managedTrustFile), { recursive: true });
  await writeFile(
    app.dirs.managedTrustFile,
    JSON.stringify({ version: 2, signers: [], caRoots: [rootPem], ...extra }, null, 2),
  );
}

async function check(file: string) {
  await app.willOpen(file);
  await app.page.getByRole('button', { name: 'Choose file…' }).click();
  await app.page.getByRole('heading', { level: 2, name: /^Results?$/ }).waitFor();
  const card = verdictCard(app.page, file.split('/').pop()!);
  await card.waitFor();
  return card;
}

function row(card: ReturnType<typeof verdictCard>, term: string) {
  return card
    .locator('.details__row')
    .filter({ has: app.page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
    .locator('dd');
}

beforeAll(async () => {
  app = await launchApp();
  const pki = await caseDir(app.dirs.root, 'pki');
  const root = await selfSigned(pki, 'root', '/O=Contoso Trust Services/CN=Contoso Test Root CA', {
    ca: true,
  });
  const intermediate = await issue(
    pki,
    'intermediate',
    '/O=Contoso Trust Services/CN=Contoso Code Signing CA',
    root,
    CA_EXTENSIONS,
  );
  const leaf = await issue(
    pki,
    'leaf',
    '/O=Fabrikam Software Ltd/CN=Fabrikam Software Ltd',
    intermediate,
    CODE_SIGNING_EXTENSIONS,
  );
  const self = await selfSigned(pki, 'self', '/CN=Home Made Tools', {
    extensions: CODE_SIGNING_EXTENSIONS,
    key: 'ec',
  });
  rootPem = await readFile(root.cert, 'utf8');
  await writeManaged({});
  files.verified = await signed('fabrikam-setup.exe', leaf, [intermediate.cert]);
  files.self = await signed('homemade-tool.exe', self);
  files.changed = await signed('fabrikam-update.exe', leaf, [intermediate.cert]);
  const bytes = await readFile(files.changed);
  bytes[TINY_PE_CODE_OFFSET] = (bytes[TINY_PE_CODE_OFFSET] ?? 0) ^ 0x01;
  await writeFile(files.changed, bytes);
});

afterAll(async () => {
  await app?.close();
});

describe('Authenticode in the app: the publisher a certificate authority confirmed', () => {
  it('names the publisher from the certificate and who confirmed it; the program name stays a claim', async () => {
    const card = await check(files.verified!);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Fabrikam Software Ltd',
    );
    // Only a certificate authority vouches for this name: the line under the headline says so.
    await expect(card.locator('.verdict__reason').textContent()).resolves.toMatch(
      /^Name confirmed by Contoso Code Signing CA; you have not chosen this publisher\./,
    );
    await card.locator('summary', { hasText: 'Details' }).click();
    await expect(row(card, 'Name confirmed by').textContent()).resolves.toBe('Contoso Code Signing CA');
    await expect(row(card, 'Certificate chain').textContent()).resolves.toBe(
      'Fabrikam Software Ltd ← Contoso Code Signing CA ← Contoso Test Root CA',
    );
    await expect(row(card, 'Revocation').textContent()).resolves.toMatch(
      /^Not checked: .*needs the internet/,
    );
    await expect(row(card, 'Program name \\(the publisher’s own claim\\)').textContent()).resolves.toBe(
      PROGRAM_CLAIM,
    );
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.not.toContain('Microsoft');
    await expect(row(card, 'Certificate thumbprint \\(SHA-256\\)').textContent()).resolves.toMatch(
      /[0-9a-f]{64}/,
    );
    await screenshot(card, 'authenticode-verified-details');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(card, 'authenticode-verified-details-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
    // The narrowest window the app allows: long terms and thumbprints wrap inside the card.
    await app.page.setViewportSize({ width: 720, height: defaultViewport.height });
    await screenshot(card, 'authenticode-verified-details-720');
    const overflow = await card.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await app.page.setViewportSize(defaultViewport);
  });

  it('says a changed installer was changed', async () => {
    const card = await check(files.changed!);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('tampered');
    await screenshot(card, 'authenticode-tampered');
  });

  it('a self-signed publisher is unknown; "Trust this publisher" pins it through main’s own confirmation', async () => {
    let card = await check(files.self!);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    await expect(card.textContent()).resolves.not.toContain('Home Made Tools”');
    await card.getByRole('button', { name: 'Trust this publisher…' }).click();
    await card.getByLabel('Name to show').fill('Home Made Tools (from Sam in IT)');
    await screenshot(card, 'authenticode-trust-publisher-form');
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(card, 'authenticode-trust-publisher-form-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });

    // Cancel in main's dialog adds nothing.
    await card.getByRole('button', { name: 'Trust', exact: true }).click();
    await card.getByText('You did not confirm, so nothing was added.').waitFor();
    await expect(app.trust.listAll()).resolves.toHaveLength(0);

    await app.willConfirm(true);
    await card.getByRole('button', { name: 'Trust', exact: true }).click();
    await card.getByText('“Home Made Tools (from Sam in IT)” is now trusted').waitFor();
    const asked = await app.confirmations();
    const last = asked[asked.length - 1]!;
    expect(last.title).toBe('Trust a publisher');
    expect(last.detail).toContain('Thumbprint (SHA-256): ');
    expect(last.detail).toContain('The certificate says (not confirmed): CN=Home Made Tools');
    const [pinned] = await app.trust.listAll();
    expect(pinned).toMatchObject({ kind: 'x509', name: 'Home Made Tools (from Sam in IT)' });
    expect(last.detail).toContain((pinned as { thumbprintSha256: string }).thumbprintSha256);

    card = await check(files.self!);
    await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      'Verified: made by Home Made Tools (from Sam in IT)',
    );
    await expect(card.locator('.verdict__reason').textContent()).resolves.toMatch(/^Chosen by you\./);
  });

  it('with a managed "known publishers only" list, a CA-confirmed publisher not listed is unknown', async () => {
    await writeManaged({ onlyListedSigners: true });
    const card = await check(files.verified!);
    await expect(card.getAttribute('data-verdict')).resolves.toBe('unknown-signer');
    // The organisation refuses it: the card says so, and offers no "Trust this publisher".
    await expect(card.locator('.verdict__reason').textContent()).resolves.toBe(
      'Your organisation allows only the publishers on its list, and this publisher is not on it.',
    );
    await expect(card.getByRole('button', { name: 'Trust this publisher…' }).count()).resolves.toBe(0);
    await screenshot(card, 'authenticode-known-publishers-only');
    // The pinned one stays trusted: it is listed (by the person, which the organisation allows here).
    const pinned = await check(files.self!);
    await expect(pinned.getAttribute('data-verdict')).resolves.toBe('verified');
  });
});
