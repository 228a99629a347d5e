import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, type SignetApp } from './harness/launch';
import { writeManagedTrustList } from './harness/managed-trust';
import { bareKey, caseDir, minisignKeyId, minisignKeyPair, sshKeyPair, type ToolKey } from './harness/tools';
import { goTo, screenshot } from './harness/ui';

let app: SignetApp;
let corporate: ToolKey;
let vendor: ToolKey;
let pasted: ToolKey;
let ssh: ToolKey;

beforeAll(async () => {
  app = await launchApp();
  const tools = await caseDir(app.dirs.root, 'tools');
  corporate = await minisignKeyPair(tools, 'corporate');
  vendor = await minisignKeyPair(tools, 'vendor');
  pasted = await minisignKeyPair(tools, 'pasted');
  ssh = await sshKeyPair(tools, 'deploy');
  await writeManagedTrustList(app.dirs.managedTrustFile, [
    {
      keyText: corporate.publicKeyText,
      name: 'Northwind IT',
      note: 'Every internal installer is signed with this key.',
    },
  ]);
  await goTo(app.page, 'trusted');
});

afterAll(async () => {
  await app?.close();
});

const card = (name: string) =>
  app.page.locator('article.card').filter({ has: app.page.getByRole('heading', { level: 3, name }) });
const form = () => app.page.locator('form', { has: app.page.getByRole('heading', { name: 'Add a signer' }) });

/**
 * Opens the form from the state a person sees: the toggle says whether it is open. Each add below waits
 * for the form to close before the next test starts, so this never races a closing form.
 */
async function openAddForm() {
  const toggle = app.page.getByRole('button', { name: 'Add a signer…' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await form().waitFor();
}

/** After "Add signer": the new card is listed and the form has closed, as the person sees it. */
async function addedAndSettled(name: string) {
  await card(name).waitFor();
  await form().waitFor({ state: 'detached' });
}

describe('Trusted signers: add from a file, a pasted key or an SSH line; remove with confirmation', () => {
  it('marks the organisation’s signers as managed and offers no way to remove them', async () => {
    const managed = card('Northwind IT');
    await managed.waitFor();
    await expect(managed.textContent()).resolves.toContain('Managed by your organisation');
    await expect(managed.textContent()).resolves.toContain(minisignKeyId(corporate));
    await expect(managed.getByRole('button', { name: /Remove/ }).count()).resolves.toBe(0);
  });

  it('adds a signer from a public key file', async () => {
    await openAddForm();
    await app.willOpen(vendor.publicKeyFile);
    await form().getByRole('button', { name: 'Choose public key file…' }).click();
    // Wait for what the person sees: the chosen file's name (the dialog's answer crosses IPC first).
    await form()
      .getByTestId('public-key-file')
      .filter({ hasText: /^vendor\.pub$/ })
      .waitFor();
    await form().getByLabel('Name', { exact: true }).fill('Contoso Tools');
    await form().getByLabel('Note (optional)').fill('From contoso.example/keys, checked by phone.');
    await screenshot(app.page, 'trusted-add-file');
    await app.willConfirm(true);
    await form().getByRole('button', { name: 'Add signer' }).click();
    await addedAndSettled('Contoso Tools');
    // main asked in its own native dialog, in its own words: the name, the full key id, the file.
    const asked = (await app.confirmations()).at(-1);
    expect(asked?.title).toBe('Trust a new signer');
    expect(asked?.message).toBe('Trust “Contoso Tools” as the maker of files signed with this key?');
    expect(asked?.detail).toContain(`Key id: ${minisignKeyId(vendor)}`);
    expect(asked?.detail).toContain('From the file: vendor.pub');
    expect(asked?.confirmLabel).toBe('Trust');
    await expect(card('Contoso Tools').textContent()).resolves.toContain('checked by phone');
    const stored = await app.trust.list();
    expect(stored.find((s) => s.name === 'Contoso Tools')).toMatchObject({
      keyId: minisignKeyId(vendor),
      addedFrom: 'vendor.pub',
    });
  });

  it('adds nothing when the person says no in main’s dialog', async () => {
    await openAddForm();
    await form().getByLabel('I will paste it').check();
    await form().getByLabel('Public key', { exact: true }).fill(bareKey(pasted));
    await form().getByLabel('Name', { exact: true }).fill('Fabrikam Releases');
    await app.willConfirm(false);
    await form().getByRole('button', { name: 'Add signer' }).click();
    await form()
      .getByRole('alert')
      .filter({ hasText: 'You did not confirm, so the signer was not added.' })
      .waitFor();
    expect((await app.trust.list()).some((s) => s.keyId === minisignKeyId(pasted))).toBe(false);
  });

  it('adds a signer from a pasted key string', async () => {
    await openAddForm();
    await form().getByLabel('I will paste it').check();
    await form().getByLabel('Public key', { exact: true }).fill(bareKey(pasted));
    await form().getByLabel('Name', { exact: true }).fill('Fabrikam Releases');
    await app.willConfirm(true);
    await form().getByRole('button', { name: 'Add signer' }).click();
    await addedAndSettled('Fabrikam Releases');
    expect((await app.confirmations()).at(-1)?.detail).toContain('From: a key you pasted');
    expect((await app.trust.list()).some((s) => s.keyId === minisignKeyId(pasted))).toBe(true);
  });

  it('adds a signer from an SSH allowed_signers line', async () => {
    await openAddForm();
    await form().getByLabel('I will paste it').check();
    const [type, blob] = ssh.publicKeyText.trim().split(/\s+/);
    await form()
      .getByLabel('Public key', { exact: true })
      .fill(`deploy@example.org namespaces="file" ${type} ${blob}`);
    await form().getByLabel('Name', { exact: true }).fill('Deploy robot');
    await app.willConfirm(true);
    await form().getByRole('button', { name: 'Add signer' }).click();
    await addedAndSettled('Deploy robot');
    await expect(card('Deploy robot').textContent()).resolves.toContain('SSH key');
    const added = (await app.trust.list()).find((s) => s.name === 'Deploy robot');
    expect(added?.kind).toBe('ssh');
    expect(added?.keyId).toMatch(/^SHA256:/);
  });

  it('explains a key it cannot read and adds nothing', async () => {
    const before = (await app.trust.list()).length;
    await openAddForm();
    await form().getByLabel('I will paste it').check();
    await form().getByLabel('Public key', { exact: true }).fill('this is not a key');
    await form().getByLabel('Name', { exact: true }).fill('Nobody');
    await form().getByRole('button', { name: 'Add signer' }).click();
    // The reason shows beside the key it is about, and the key field says it is the one in question.
    const keyField = form().getByLabel('Public key', { exact: true });
    await form().getByRole('alert').filter({ hasText: 'This does not look like a public key' }).waitFor();
    await expect(keyField.getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(app.page, 'trusted-add-error');
    expect((await app.trust.list()).length).toBe(before);
    await form().getByRole('button', { name: 'Cancel' }).click();
    await form().waitFor({ state: 'detached' });
  });

  it('removes a signer only after main confirms', async () => {
    const removeButton = card('Fabrikam Releases').getByRole('button', { name: 'Remove Fabrikam Releases' });
    await removeButton.click();
    const dialog = app.page.getByRole('dialog', { name: 'Stop trusting Fabrikam Releases?' });
    await dialog.waitFor();
    await screenshot(app.page, 'trusted-remove-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.trust.list()).some((s) => s.name === 'Fabrikam Releases')).toBe(true);

    // The page's own dialog is only a first step: main asks too, and a no there keeps the signer.
    const confirmationsBefore = (await app.confirmations()).length;
    await removeButton.click();
    await app.willConfirm(false);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: 'You did not confirm, so the signer is still trusted.' })
      .waitFor();
    const asked = (await app.confirmations()).slice(confirmationsBefore);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toBe('Stop trusting “Fabrikam Releases”?');
    expect(asked[0]?.detail).toContain(`Key id: ${minisignKeyId(pasted)}`);
    expect((await app.trust.list()).some((s) => s.name === 'Fabrikam Releases')).toBe(true);

    await app.willConfirm(true);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await app.page
      .getByRole('status')
      .filter({ hasText: 'Fabrikam Releases is no longer trusted' })
      .waitFor();
    await card('Fabrikam Releases').waitFor({ state: 'detached' });
    expect((await app.trust.list()).map((s) => s.name)).toEqual([
      'Northwind IT',
      'Contoso Tools',
      'Deploy robot',
    ]);
    await screenshot(app.page, 'trusted-list');
    expect(app.pageProblems).toEqual([]);
  });
});
