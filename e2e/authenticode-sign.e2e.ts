import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticodeSigning } from '../electron/core/formats/authenticode/signing';
import { formatDate } from '../shared/dates';
import { osslsign } from '../test/helpers/authenticode-sign';
import {
  type CodeSigningWorld,
  codeSigningWorld,
  issueWithDates,
  pfxOf,
} from '../test/helpers/code-signing-pfx';
import { tinyPe } from '../test/helpers/pe-writer';
import { startRfc3161Tsa } from '../test/helpers/rfc3161-tsa';
import { run } from '../test/helpers/run';
import { launchApp, type SignetApp } from './harness/launch';
import { caseDir } from './harness/tools';
import { goTo, screenshot, seriousA11yFindings } from './harness/ui';

/**
 * A release manager signs Windows programs in the app with a code-signing certificate file: the
 * .pfx imported (its password typed in main's window), an exe signed with a timestamp from a local
 * RFC 3161 server, an already-signed exe given a second signature, an expired certificate refused.
 * The test CA and TSA roots are the organisation's managed caRoots, as IT would deploy them.
 */
const PASSWORD = 'pfx password 2025';
let app: SignetApp;
let world: CodeSigningWorld;
let dir: string;
let tsa: Awaited<ReturnType<typeof startRfc3161Tsa>>;
let pfxFile: string;

const card = (name: string) =>
  app.page
    .locator('article.card')
    .filter({ has: app.page.getByRole('heading', { level: 3, name, exact: true }) });

async function osslVerify(file: string) {
  const result = await run('osslsigncode', [
    'verify',
    '-in',
    file,
    '-CAfile',
    world.root.cert,
    '-TSA-CAfile',
    world.tsaRoot.cert,
    '-ignore-crl',
  ]);
  return {
    ok: result.status === 0 && /Succeeded/.test(result.stdout),
    signatures: Number(/Number of verified signatures: (\d+)/.exec(result.stdout)?.[1] ?? 0),
  };
}

async function selectKey(name: string) {
  const key = (await app.keystore.list()).find((k) => k.name === name)!;
  await app.page.getByLabel('Key', { exact: true }).selectOption({ label: `${name} (${key.keyId})` });
}

async function chooseToSign(file: string) {
  await goTo(app.page, 'sign');
  await selectKey('Example Publisher cert');
  await app.willOpen(file);
  await app.page.getByRole('button', { name: 'Choose files…' }).click();
  await app.page.getByRole('list', { name: 'Files to sign' }).getByText(file.split('/').pop()!).waitFor();
}

/** The organisation's policy, as IT deploys it: the test CA and TSA roots, and maybe a TSA for everyone. */
async function writeManagedPolicy(timestampUrl?: string) {
  await mkdir(dirname(app.dirs.managedTrustFile), { recursive: true });
  const roots = await Promise.all([world.root.cert, world.tsaRoot.cert].map((p) => readFile(p, 'utf8')));
  await writeFile(
    app.dirs.managedTrustFile,
    JSON.stringify(
      { version: 2, signers: [], caRoots: roots, ...(timestampUrl ? { timestampUrl } : {}) },
      null,
      2,
    ),
  );
}

/** "YYYYMMDDHHMMSSZ", as `openssl ca` takes dates. */
const caDate = (date: Date) => `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;

const tsaField = () => app.page.getByLabel('Time-stamping server (RFC 3161)');

beforeAll(async () => {
  app = await launchApp();
  dir = await caseDir(app.dirs.root, 'codesign');
  world = await codeSigningWorld(dir);
  pfxFile = await pfxOf(world.leaf, [world.root.cert], PASSWORD, join(dir, 'codesign.pfx'));
  await writeManagedPolicy();
  tsa = await startRfc3161Tsa(dir, world.tsa, [world.tsaRoot.cert]);
});

afterAll(async () => {
  await tsa?.close();
  await app?.close();
});

describe('Authenticode signing in the app', () => {
  it('imports a .pfx: the password in main’s window, the card shows subject, issuer, thumbprint, expiry, where the key is', async () => {
    await goTo(app.page, 'keys');
    await app.page.getByRole('button', { name: 'Import key…' }).click();
    const form = app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Import a key' }) });
    await app.willOpen(pfxFile);
    await form.getByRole('button', { name: 'Choose key file…' }).click();
    await form
      .getByTestId('import-file')
      .filter({ hasText: /^codesign\.pfx$/ })
      .waitFor();
    await form.getByLabel('Name').fill('Example Publisher cert');
    await app.willConfirm(true);
    await form.getByRole('button', { name: 'Import key' }).click();
    await app.typePassphrase(PASSWORD);
    const facts = card('Example Publisher cert').getByTestId('key-certificate');
    await facts.waitFor();
    const text = await facts.textContent();
    expect(text).toContain('Example Publisher');
    expect(text).toContain('Issued bySignet Test Code Signing Root');
    const [stored] = await app.keystore.list();
    expect(text).toContain(stored!.fingerprint);
    expect(text).toContain('In your keystore');
    expect(text).toContain(
      `Valid until${formatDate(new X509Certificate(await readFile(world.leaf.cert)).validTo)}`,
    );
    // Said once: the subject and thumbprint are the facts' rows, not repeated above them.
    await expect(card('Example Publisher cert').getByTestId('key-label').count()).resolves.toBe(0);
    await expect(card('Example Publisher cert').getByTestId('key-fingerprint').count()).resolves.toBe(0);
    await expect(card('Example Publisher cert').getByText(stored!.fingerprint!).count()).resolves.toBe(1);
    // Kept as given: the stored key file is the .pfx itself, still under its password.
    expect(Buffer.from((await app.keystore.readKeyFile(stored!.id)).keyFile)).toEqual(
      await readFile(pfxFile),
    );
    await screenshot(app.page, 'authenticode-keys-certificate');
  });

  it('signs an exe with a timestamp; main names the certificate and the server; the card after is Signet’s own check', async () => {
    const exe = join(dir, 'setup.exe');
    await writeFile(exe, tinyPe({ format: 'PE32', codeSize: 4000 }));
    await chooseToSign(exe);
    await app.page.getByText('This signature stops being valid when the certificate expires on').waitFor();
    await tsaField().fill(tsa.url);
    await app.page.getByLabel('Program name (optional)').fill('Example Setup');
    await app.page.getByTestId('no-timestamp-warning').waitFor({ state: 'detached' });
    // Shown once, in the field: no second line repeats it (main's dialog names it before signing).
    await expect(tsaField().inputValue()).resolves.toBe(tsa.url);
    await expect(app.page.getByRole('main').getByText(tsa.url).count()).resolves.toBe(0);
    await screenshot(app.page, 'authenticode-sign-form');
    await app.willConfirm(true);
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    await app.typePassphrase(PASSWORD);
    await app.page.getByRole('heading', { name: 'Signed 1 file' }).waitFor();
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.message).toBe('Sign setup.exe with the certificate “Example Publisher cert”?');
    expect(asked?.detail).toContain(`Timestamp: ${tsa.url}`);
    await expect(app.page.getByTestId('sign-timestamp').textContent()).resolves.toBe(
      `Timestamp from ${tsa.url}`,
    );
    await app.page
      .getByText(/Verified/)
      .first()
      .waitFor();
    await screenshot(app.page, 'authenticode-signed-with-timestamp');
    expect((await osslVerify(exe)).ok).toBe(true);
  });

  it('an already-signed exe: the preflight lists it, main offers Replace the signature or Add a second signature', async () => {
    const unsigned = join(dir, 'tool-unsigned.exe');
    const exe = join(dir, 'tool.exe');
    await writeFile(unsigned, tinyPe());
    await osslsign(unsigned, exe, world.leaf);
    await chooseToSign(exe);
    await app.page.getByTestId('will-replace').filter({ hasText: 'tool.exe' }).waitFor();
    // No timestamp this time: the page and main's dialog both say until when the signature holds.
    await tsaField().fill('');
    const until = `This signature stops being valid when the certificate expires on ${formatDate(
      new X509Certificate(await readFile(world.leaf.cert)).validTo,
    )}.`;
    await app.page.getByTestId('no-timestamp-warning').filter({ hasText: until }).waitFor();
    await screenshot(app.page, 'authenticode-already-signed-preflight');
    await app.willConfirm('alternative');
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    await app.typePassphrase(PASSWORD);
    await app.page.getByText('tool.exe: signed inside, as a second signature').waitFor();
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.confirmLabel).toBe('Replace the signature');
    expect(asked?.alternativeLabel).toBe('Add a second signature');
    expect(asked?.message).toContain('tool.exe is already signed');
    expect(asked?.detail).toContain(`Timestamp: none. ${until}`);
    expect(asked?.detail).toContain(`Already signed (1):\n  ${exe}`);
    await screenshot(app.page, 'authenticode-nested');
    const checked = await osslVerify(exe);
    expect(checked.ok).toBe(true);
    expect(checked.signatures).toBe(2);
  });

  it('refuses an expired certificate at import and at signing; the cards warn of an expired one and one 10 days from expiry', async () => {
    const expired = await issueWithDates(
      dir,
      'expired',
      '/CN=Expired Publisher',
      world.root,
      ['basicConstraints=CA:false', 'extendedKeyUsage=codeSigning'],
      '20200101000000Z',
      '20210101000000Z',
    );
    const expiredPfx = await pfxOf(expired, [], PASSWORD, join(dir, 'expired.pfx'));
    await expect(
      authenticodeSigning.importKeyFile!(await readFile(expiredPfx), async () => PASSWORD, new Date()),
    ).rejects.toThrow(
      `This certificate expired on ${formatDate('2021-01-01T00:00:00Z')}. Nothing was imported.`,
    );
    // Filed as if imported in 2020, while it was valid.
    const imported = await authenticodeSigning.importKeyFile!(
      await readFile(expiredPfx),
      async () => PASSWORD,
      new Date('2020-06-01T00:00:00Z'),
    );
    await app.keystore.add({ record: imported.record, name: 'Expired cert', keyFile: imported.keyFile });
    const expiring = await issueWithDates(
      dir,
      'expiring',
      '/CN=Expiring Publisher',
      world.root,
      ['basicConstraints=CA:false', 'extendedKeyUsage=codeSigning'],
      caDate(new Date(Date.now() - 86_400_000)),
      caDate(new Date(Date.now() + 10.5 * 86_400_000)),
    );
    const fresh = await authenticodeSigning.importKeyFile!(
      await readFile(await pfxOf(expiring, [], PASSWORD, join(dir, 'expiring.pfx'))),
      async () => PASSWORD,
      new Date(),
    );
    await app.keystore.add({ record: fresh.record, name: 'Expiring cert', keyFile: fresh.keyFile });
    await goTo(app.page, 'keys');
    await card('Expiring cert')
      .getByTestId('certificate-expiry-warning')
      .filter({ hasText: 'expires in 11 days, renew it before your next release' })
      .waitFor();
    await card('Expired cert')
      .getByTestId('certificate-expiry-warning')
      .filter({ hasText: '1 Jan 2021: expired, it can no longer sign' })
      .waitFor();
    await expect(
      card('Example Publisher cert').getByTestId('certificate-expiry-warning').count(),
    ).resolves.toBe(0);
    await screenshot(app.page, 'authenticode-keys-expiry-warnings');
    await goTo(app.page, 'sign');
    const exe = join(dir, 'late.exe');
    const original = tinyPe();
    await writeFile(exe, original);
    await selectKey('Expired cert');
    await app.willOpen(exe);
    await app.page.getByRole('button', { name: 'Choose files…' }).click();
    await app.page.getByRole('list', { name: 'Files to sign' }).getByText('late.exe').waitFor();
    const asked = (await app.confirmations()).length;
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    // Refused from the record: no dialog, no password asked.
    await app.page
      .getByText(`This certificate expired on ${formatDate('2021-01-01T00:00:00Z')}. Nothing was signed.`)
      .waitFor();
    expect(await app.confirmations()).toHaveLength(asked);
    await screenshot(app.page, 'authenticode-expired-refused');
    expect(await readFile(exe)).toEqual(original);
    // Refused files stay listed for another try; this one is done with.
    await app.page.getByRole('button', { name: 'Remove late.exe' }).click();
  });

  it('a time-stamping server set by the organisation: shown locked in the field, and main stamps with it', async () => {
    await writeManagedPolicy(tsa.url);
    // The page's own choice starts empty here, so a timestamp can only come from the policy.
    await goTo(app.page, 'keys');
    const exe = join(dir, 'managed.exe');
    await writeFile(exe, tinyPe());
    await chooseToSign(exe);
    await app.page
      .getByText('Set by your organisation: every signature made here is timestamped by this server.')
      .waitFor();
    await expect(tsaField().inputValue()).resolves.toBe(tsa.url);
    await expect(tsaField().isEditable()).resolves.toBe(false);
    await expect(app.page.getByTestId('no-timestamp-warning').count()).resolves.toBe(0);
    await screenshot(app.page, 'authenticode-managed-tsa');
    expect(await seriousA11yFindings(app.page)).toEqual([]);
    await app.willConfirm(true);
    await app.page.getByRole('main').getByRole('button', { name: 'Sign', exact: true }).click();
    await app.typePassphrase(PASSWORD);
    await app.page.getByRole('heading', { name: 'Signed 1 file' }).waitFor();
    expect((await app.confirmations()).at(-1)?.detail).toContain(
      `Timestamp: ${tsa.url} (set by your organisation)`,
    );
    await expect(app.page.getByTestId('sign-timestamp').textContent()).resolves.toBe(
      `Timestamp from ${tsa.url}`,
    );
    expect((await osslVerify(exe)).ok).toBe(true);
    await writeManagedPolicy();
  });
});
