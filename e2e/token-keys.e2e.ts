import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osslverify } from '../test/helpers/authenticode-sign';
import { tinyPe } from '../test/helpers/pe-writer';
import { importKey, SOFTHSM_MODULE, type SoftToken, softToken } from '../test/helpers/softhsm';
import { tempDir } from '../test/helpers/temp-dir';
import { CODE_SIGNING_EXTENSIONS, issue, selfSigned } from '../test/helpers/x509-ca';
import { launchApp, type SignetApp } from './harness/launch';
import { goTo, screenshot, seriousA11yFindings } from './harness/ui';

/**
 * Keys → "Add a hardware token…" against a SoftHSM2 token: main's open dialog picks the module
 * library, the page lists the token's code-signing certificates, main confirms in its own words,
 * and the card says the key is on a token. No PIN is asked anywhere to add it.
 */
let app: SignetApp;
let token: SoftToken;
let dir: string;
let rootCert: string;

beforeAll(async () => {
  // The token and SOFTHSM2_CONF come first: under SIGNET_E2E_ELECTRON the app's main process is
  // started with this process's environment.
  dir = await tempDir('signet-e2e-token-');
  const root = await selfSigned(dir, 'root', '/O=Token Test CA/CN=Token Test Root', { ca: true, key: 'ec' });
  const leaf = await issue(
    dir,
    'leaf',
    '/O=Contoso Ltd/CN=Contoso Code Signing',
    root,
    CODE_SIGNING_EXTENSIONS,
    {
      key: 'ec',
    },
  );
  const other = await issue(
    dir,
    'other',
    '/O=Contoso Ltd/CN=Contoso Test Signing',
    root,
    CODE_SIGNING_EXTENSIONS,
    {
      key: 'ec',
    },
  );
  rootCert = root.cert;
  token = await softToken(dir, 'contoso-token');
  await importKey(token, dir, leaf, leaf.cert, '01', 'release');
  await importKey(token, dir, other, other.cert, '02', 'testing');
  app = await launchApp();
  // The test root as the organisation's managed caRoots, so the card after signing can say Verified.
  await mkdir(dirname(app.dirs.managedTrustFile), { recursive: true });
  await writeFile(
    app.dirs.managedTrustFile,
    JSON.stringify({ version: 2, signers: [], caRoots: [await readFile(root.cert, 'utf8')] }, null, 2),
  );
  await goTo(app.page, 'keys');
});

afterAll(async () => {
  await app?.close();
  await token?.remove();
});

describe('Keys: a code-signing certificate on a hardware token', () => {
  it('lists the token’s certificates after main picks the module, and files the chosen one on confirmation', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Add a hardware token…' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a hardware token' }) });
    expect(await form.getByRole('textbox').count()).toBe(1);
    await app.willOpen(SOFTHSM_MODULE);
    await form.getByRole('button', { name: 'Find certificates on the token…' }).click();
    const release = form.getByRole('radio', { name: /CN=Contoso Code Signing/ });
    await release.waitFor();
    expect(await form.getByRole('radio').count()).toBe(2);
    expect(await form.getByTestId('token-module').textContent()).toBe('libsofthsm2.so');
    await release.check();
    await screenshot(page, 'token-keys-1-choose-certificate');
    expect(await seriousA11yFindings(page)).toEqual([]);

    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Add key' }).click();
    await page.getByText('Key “Contoso Code Signing” added from the token').waitFor();
    const [asked] = await app.confirmations();
    expect(asked?.message).toContain('Contoso Code Signing');
    expect(asked?.detail).toContain(`Module library: ${SOFTHSM_MODULE}`);
    expect(asked?.detail).toContain('the PIN is never stored');
    const card = page.locator('article.card', {
      has: page.getByRole('heading', { name: 'Contoso Code Signing' }),
    });
    // Which token, as its module named it when the key was added.
    expect(await card.getByTestId('key-certificate').textContent()).toContain(
      `On the hardware token “${token.label}” (SoftHSM project, SoftHSM v2); its PIN is asked each time`,
    );
    expect(await card.getByRole('button', { name: 'Back up…' }).count()).toBe(0);
    await screenshot(page, 'token-keys-2-added');
    const [stored] = await app.keystore.list();
    expect(stored).toMatchObject({ name: 'Contoso Code Signing', location: 'token' });
    expect(app.pageProblems).toEqual([]);
  });

  it('signs an exe with the token key: main’s window asks for the token’s PIN, osslsigncode accepts the result', async () => {
    const exe = join(dir, 'setup.exe');
    await writeFile(exe, tinyPe({ format: 'PE32+' }));
    await goTo(app.page, 'sign');
    const [key] = await app.keystore.list();
    await app.page.getByLabel('Key', { exact: true }).selectOption({ label: `${key!.name} (${key!.keyId})` });
    await app.page
      .getByText(
        `Signet asks for the token’s PIN in a small window of its own. Keep the hardware token “${token.label}” plugged in.`,
      )
      .waitFor();
    await app.willOpen(exe);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page.getByRole('list', { name: 'Files to sign' }).getByText('setup.exe').waitFor();
    await app.willConfirm(true);
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    const pin = await app.passphraseWindow();
    await pin.getByRole('heading', { name: 'Token PIN for “Contoso Code Signing”' }).waitFor();
    // Which token, so a person with several knows which to plug in.
    await pin
      .getByText(`Type the PIN of the hardware token “${token.label}”, which holds “Contoso Code Signing”`)
      .waitFor();
    await screenshot(pin, 'token-keys-4-pin-window');
    await app.typePassphrase(token.pin);
    await app.page.getByRole('heading', { name: 'Signed 1 file' }).waitFor();
    await app.page
      .getByText(/Verified/)
      .first()
      .waitFor();
    await screenshot(app.page, 'token-keys-5-signed');
    expect(await osslverify(exe, rootCert)).toBe(true);
  });

  it('says in a sentence when the chosen file is not a token module, and adds nothing', async () => {
    const page = app.page;
    await goTo(page, 'keys');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a hardware token' }) });
    if ((await form.count()) === 0) await page.getByRole('button', { name: 'Add a hardware token…' }).click();
    await app.willOpen('/etc/hostname');
    await form.getByRole('button', { name: /certificates on the token|Look again/ }).click();
    await form.getByText('could not be loaded').waitFor();
    await screenshot(page, 'token-keys-3-not-a-module');
    expect(await app.keystore.list()).toHaveLength(1);
  });
});
