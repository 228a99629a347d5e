import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawAdminValue } from '../electron/core/policy/admin-values';
import { readTrustFileJson } from '../electron/core/trust/trust-file';
import { electronRequested } from './harness/electron-launch';
import { launchApp, type SignetApp } from './harness/launch';
import { writeManagedTrustList } from './harness/managed-trust';
import { caseDir, minisignKeyPair, type ToolKey } from './harness/tools';
import { goTo, screenshot } from './harness/ui';

// The IT person's side (issue 20): an admin builds a policy from their own list by clicking, and a
// computer under Group Policy shows what the policy does and where it came from. Group Policy is a
// stand-in registry here (the Windows CI job sets the real one), changed while the app runs.

const groupPolicy = new Map<string, RawAdminValue>();
let app: SignetApp;
let acme: ToolKey;
let fabrikam: ToolKey;
let corporate: ToolKey;

beforeAll(async () => {
  app = await launchApp({ groupPolicy });
  const tools = await caseDir(app.dirs.root, 'tools');
  [acme, fabrikam, corporate] = await Promise.all([
    minisignKeyPair(tools, 'acme'),
    minisignKeyPair(tools, 'fabrikam'),
    minisignKeyPair(tools, 'corporate'),
  ]);
  await app.trust.add({ keyText: acme.publicKeyText, name: 'Acme Releases' });
  await app.trust.add({ keyText: fabrikam.publicKeyText, name: 'Fabrikam Tools' });
});

afterAll(async () => {
  await app?.close();
});

describe('an admin exports their own list as the organisation’s policy', () => {
  it('writes a valid policy file where main’s save dialog says, with every signer of theirs', async () => {
    const destination = join(app.dirs.work, 'contoso-policy.json');
    await goTo(app.page, 'trusted');
    await app.willSave(destination);
    await app.page.getByRole('button', { name: 'Export as organisation policy…' }).click();
    await app.page.getByText('Saved as an organisation policy: 2 signers').waitFor();
    const read = readTrustFileJson(JSON.parse(await readFile(destination, 'utf8')));
    expect(read).toMatchObject({ file: { version: 2 } });
    expect('file' in read && read.file.signers.map((signer) => signer.name)).toEqual([
      'Acme Releases',
      'Fabrikam Tools',
    ]);
    await screenshot(app.page, 'trusted-export-policy');
  });
});

describe.skipIf(electronRequested())('a computer under Group Policy', () => {
  beforeAll(async () => {
    await writeManagedTrustList(app.dirs.managedTrustFile, [
      { keyText: corporate.publicKeyText, name: 'Northwind IT' },
    ]);
    groupPolicy.set('AllowUserSigners', 0);
    groupPolicy.set('OnlyListedSigners', 1);
    groupPolicy.set('CheckEveryDownload', 1);
    groupPolicy.set('TimestampUrl', 'http://timestamp.digicert.com');
  });

  it('Trusted signers says the organisation decides, and through what, with no restart', async () => {
    await goTo(app.page, 'settings');
    await goTo(app.page, 'trusted');
    const notice = app.page.getByText('Your organisation decides who is trusted here');
    await notice.waitFor();
    await app.page.getByText('Set by your organisation through Group Policy and a policy file.').waitFor();
    await expect(app.page.getByRole('button', { name: 'Add a signer…' }).count()).resolves.toBe(0);
    await expect(
      app.page.getByRole('button', { name: 'Export as organisation policy…' }).count(),
    ).resolves.toBe(0);
    await expect(app.page.getByRole('heading', { level: 3, name: 'Northwind IT' }).count()).resolves.toBe(1);
    await expect(app.page.getByRole('heading', { level: 3, name: 'Acme Releases' }).count()).resolves.toBe(0);
    await screenshot(app.page, 'trusted-group-policy');
  });

  it('Settings shows the policy in plain words, and the download check is on and locked', async () => {
    await goTo(app.page, 'settings');
    const panel = app.page.locator('.policy-in-force');
    await panel.getByText('Set by your organisation through Group Policy and a policy file.').waitFor();
    const rules = await panel.locator('li').allTextContents();
    expect(rules).toEqual([
      'Only this signer counts: “Northwind IT”.',
      'People cannot add their own signers.',
      'No Windows program counts: only listed publishers do, and none is listed.',
      'Every new download is checked; people cannot turn this off.',
      'Signatures made here are timestamped by http://timestamp.digicert.com.',
    ]);
    const check = app.page.getByRole('checkbox', { name: /Check every new download/ });
    await expect(check.isChecked()).resolves.toBe(true);
    await expect(check.isDisabled()).resolves.toBe(true);
    await app.page.getByText('Your organisation sets this, so it cannot be changed here.').waitFor();
    await screenshot(app.page, 'settings-group-policy');
  });

  it('a value that cannot be read fails closed on both screens', async () => {
    groupPolicy.set('AllowUserSigners', 'no');
    await goTo(app.page, 'trusted');
    await app.page
      .getByText("Your organisation's policy cannot be read — ask your IT team")
      .first()
      .waitFor();
    await goTo(app.page, 'settings');
    await app.page.locator('.settings-panel').getByText('AllowUserSigners must be 0 or 1').waitFor();
    groupPolicy.clear();
  });
});
