import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserOpens, type OidcProvider, startOidcProvider } from '../test/helpers/oidc-provider';
import { type SigstoreServices, startSigstoreServices } from '../test/helpers/sigstore-services';
import { tempDir } from '../test/helpers/temp-dir';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir, makeFile } from './harness/tools';
import { goTo, screenshot, verdictCard } from './harness/ui';

/**
 * Keyless signing in the app against Fulcio, Rekor, a timestamp authority and an OIDC provider on
 * loopback: the login page "opened in the browser" is followed as a browser would, main's own
 * dialog asks in the words, and the result shows the card a checker would see and the kit.
 */

const EMAIL = 'alice@signet.test';
let app: SignetApp;
let services: SigstoreServices;
let oidc: OidcProvider;
let dir: string;

async function nextLogin(seen: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const opened = await app.openedUrls();
    if (opened.length > seen) return opened[seen]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('main never opened the login page');
}

/** main's native dialog drawn as the desktop draws it, from the words main gave it, for the screenshot. */
async function drawDialog(confirmation: {
  title: string;
  message: string;
  detail: string;
  confirmLabel: string;
}) {
  const page = await app.page.context().newPage();
  await page.setViewportSize({ width: 560, height: 300 });
  const html = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  await page.setContent(`<body style="font:14px system-ui;margin:0;background:#ddd">
    <div style="margin:20px;background:#fff;border:1px solid #999;border-radius:8px;padding:16px;box-shadow:0 4px 16px #0003">
      <div style="font-size:12px;color:#555;margin-bottom:8px">${html(confirmation.title)}</div>
      <p style="font-weight:600;margin:0 0 8px">${html(confirmation.message)}</p>
      <p style="white-space:pre-line;margin:0 0 16px;color:#333">${html(confirmation.detail)}</p>
      <div style="text-align:right"><button autofocus>Cancel</button> <button>${html(confirmation.confirmLabel)}</button></div>
    </div></body>`);
  await screenshot(page, 'keyless-consent-dialog');
  await page.close();
}

beforeAll(async () => {
  [services, oidc] = await Promise.all([startSigstoreServices(), startOidcProvider({ email: EMAIL })]);
  const instanceDir = await tempDir('signet-e2e-instance-');
  const config = join(instanceDir, 'signing_config.json');
  const root = join(instanceDir, 'trusted_root.json');
  await writeFile(config, JSON.stringify(services.signingConfig(oidc.issuer)));
  await writeFile(root, JSON.stringify(services.trustedRoot));
  // The private instance, as the environment names it to main (the managed setting's place); set
  // before launch, so a real Electron main process inherits it too.
  process.env.SIGNET_SIGSTORE_SIGNING_CONFIG = config;
  process.env.SIGNET_SIGSTORE_TRUSTED_ROOT = root;
  app = await launchApp();
  dir = await caseDir(app.dirs.work, 'keyless');
  await goTo(app.page, 'sign');
});

afterAll(async () => {
  delete process.env.SIGNET_SIGSTORE_SIGNING_CONFIG;
  delete process.env.SIGNET_SIGSTORE_TRUSTED_ROOT;
  await app?.close();
  await Promise.all([services?.close(), oidc?.close()]);
});

describe('Sign with your identity (Sigstore)', () => {
  it('waits for the login, asks in main’s dialog, signs, and shows the card and the kit', async () => {
    const file = await makeFile(dir, 'acme-4.2.tar.gz', 'acme release\n'.repeat(1000));
    await app.willOpen(file);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('acme-4.2.tar.gz', { exact: true })
      .waitFor();
    await app.willConfirm(true);
    await app.page.getByRole('button', { name: 'Sign with your identity (Sigstore)' }).click();
    const waiting = app.page.getByTestId('keyless-waiting');
    await waiting.getByText('Waiting for you to sign in…').waitFor();
    await expect(waiting.getByRole('button', { name: 'Cancel' }).isVisible()).resolves.toBe(true);
    await screenshot(app.page, 'keyless-waiting');

    const login = new URL(await nextLogin(0));
    expect(login.origin).toBe(oidc.issuer);
    expect(login.searchParams.get('code_challenge_method')).toBe('S256');
    expect(login.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/auth\/callback$/);
    await browserOpens(login.href);

    const result = app.page.getByTestId('keyless-result');
    await result.waitFor({ timeout: 20_000 });
    const consent = (await app.confirmations()).at(-1)!;
    expect(consent.title).toBe('Sign with your identity (Sigstore)');
    expect(`${consent.message} ${consent.detail}`).toContain(
      `You will sign as ${EMAIL} (vouched for by ${new URL(oidc.issuer).host}). This identity, the time and the file's SHA-256 are published in a public log that anyone can search.`,
    );
    await drawDialog(consent);

    // Main's own summary first: a signing that failed says why here.
    await expect(result.getByRole('status').first().textContent()).resolves.toContain(
      'The bundle was checked as others will check it.',
    );
    const card = verdictCard(app.page, 'acme-4.2.tar.gz');
    await expect(card.getAttribute('data-verdict')).resolves.toBe('verified');
    await expect(card.textContent()).resolves.toContain(EMAIL);
    const kit = await app.page.getByTestId('keyless-kit').textContent();
    expect(kit).toContain(`Identity: ${EMAIL}`);
    expect(kit).toContain(
      `cosign verify-blob --bundle acme-4.2.tar.gz.sigstore.json --certificate-identity ${EMAIL} --certificate-oidc-issuer ${oidc.issuer} --trusted-root trusted_root.json acme-4.2.tar.gz`,
    );
    expect(JSON.parse(await readFile(`${file}.sigstore.json`, 'utf8')).mediaType).toBe(
      'application/vnd.dev.sigstore.bundle.v0.3+json',
    );
    await screenshot(app.page, 'keyless-signed');
    await screenshot(app.page.getByTestId('keyless-kit'), 'keyless-kit');
  });

  it('the Activity screen records who signed, who vouched for them and the log entry', async () => {
    await goTo(app.page, 'activity');
    const row = app.page.getByRole('row').filter({ hasText: 'acme-4.2.tar.gz' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(
      new RegExp(`${EMAIL}vouched for by ${oidc.issuer.replace(/[.]/g, '\\.')}log entry \\d+`),
    );
    await screenshot(app.page, 'keyless-activity');
    await goTo(app.page, 'sign');
  });

  it('Cancel while waiting for the login ends it, with nothing published or written', async () => {
    oidc.mode = 'ignore';
    const file = await makeFile(dir, 'second.tar.gz', 'second\n');
    await app.willOpen(file);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page
      .getByRole('list', { name: 'Files to sign' })
      .getByText('second.tar.gz', { exact: true })
      .waitFor();
    const before = services.calls.fulcio;
    const seen = (await app.openedUrls()).length;
    await app.page.getByRole('button', { name: 'Sign with your identity (Sigstore)' }).click();
    await browserOpens(await nextLogin(seen));
    await app.page.getByTestId('keyless-waiting').getByRole('button', { name: 'Cancel' }).click();
    await app.page.getByText('Signing was cancelled').waitFor();
    expect(services.calls.fulcio).toBe(before);
    expect(existsSync(`${file}.sigstore.json`)).toBe(false);
  });
});
