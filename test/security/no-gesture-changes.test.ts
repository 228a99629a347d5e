import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { compromisedPage, exec, minisignKeyPair, minisignSign, NOT_GRANTED } from './compromised-page';

/**
 * A page script with nothing but the IPC channels, and no gesture from the person,
 * must not trust, untrust, import, sign over, replace or delete anything.
 */
let dir: string;
let release: { pub: string; sec: string };

beforeAll(async () => {
  dir = await tempDir('signet-sec-gesture-');
  release = await minisignKeyPair(dir, 'release');
});

describe('trusting and untrusting signers', () => {
  it('addTrusted of any key under any name is refused without main’s own confirmation', async () => {
    const page = compromisedPage(join(dir, 'a'));
    const attacker = await minisignKeyPair(dir, 'attacker');
    const installer = join(dir, 'firefox-setup.exe');
    await writeFile(installer, 'not really firefox');
    await minisignSign(attacker.sec, installer);

    const result = await page.send('addTrusted', {
      name: 'Mozilla Firefox Releases',
      keyText: await readFile(attacker.pub, 'utf8'),
    });
    expect(result).toEqual({
      ok: false,
      error: 'You did not confirm, so the signer was not added.',
      cancelled: true,
    });
    // Main asked the person, in its own words; the page could not answer.
    expect(page.deps.confirmations).toHaveLength(1);
    expect(page.deps.confirmations[0]?.message).toContain('Mozilla Firefox Releases');
    expect(await page.deps.trust.list()).toEqual([]);

    page.deps.grants.grant([installer], 'dropped');
    const verified = (await page.send('verifyFiles', { jobId: 'v', files: [installer] })) as {
      ok: true;
      value: { results: Array<{ verdict: string }> };
    };
    expect(verified.value.results[0]?.verdict).toBe('unknown-signer');
  });

  it('addTrusted from a key file the person never gave is refused before anything is read', async () => {
    const page = compromisedPage(join(dir, 'b'));
    const result = await page.send('addTrusted', { name: 'Anyone', keyFile: release.pub });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(NOT_GRANTED) });
    expect(page.deps.confirmations).toEqual([]);
  });

  it('removeTrusted is refused without confirmation, and the signer stays', async () => {
    const page = compromisedPage(join(dir, 'c'));
    page.deps.confirmAnswers.push(true); // the person did add this one
    await page.handlers.addTrusted({ name: 'Acme', keyText: await readFile(release.pub, 'utf8') });
    const [acme] = await page.deps.trust.list();
    const result = await page.send('removeTrusted', { keyId: acme!.keyId });
    expect(result).toEqual({
      ok: false,
      error: 'You did not confirm, so the signer is still trusted.',
      cancelled: true,
    });
    expect((await page.deps.trust.list()).map((s) => s.name)).toEqual(['Acme']);
  });
});

describe('“Trust this signer” from a verdict', () => {
  it('adds only the key that made that card’s signature, as main found it', async () => {
    const page = compromisedPage(join(dir, 'trust-card'));
    const signer = await minisignKeyPair(dir, 'card-signer');
    const other = await minisignKeyPair(dir, 'card-other');
    const file = join(dir, 'card.tar.gz');
    await writeFile(file, 'card');
    await minisignSign(signer.sec, file);
    page.deps.grants.grant([file], 'dropped');
    page.deps.grants.grant([other.pub, signer.pub], { chosen: 'public-key' });

    // Before any verdict on that file, main has nothing to match against.
    expect(await page.send('addTrusted', { name: 'Acme', keyFile: signer.pub, forFile: file })).toMatchObject(
      {
        ok: false,
        error: expect.stringMatching(/has not seen a signature on card\.tar\.gz/),
      },
    );
    await page.send('verifyFiles', { jobId: 'v', files: [file] });
    const mismatch = await page.send('addTrusted', { name: 'Acme', keyFile: other.pub, forFile: file });
    expect(mismatch).toMatchObject({ ok: false, error: expect.stringMatching(/did not sign card\.tar\.gz/) });
    expect((mismatch as { error: string }).error).toMatch(
      /Ask the publisher for the public key with id [0-9A-F]{16}/,
    );
    expect(page.deps.confirmations).toEqual([]);

    page.deps.confirmAnswers.push(true);
    const added = await page.send('addTrusted', { name: 'Acme', keyFile: signer.pub, forFile: file });
    expect(added).toMatchObject({
      ok: true,
      value: { signer: { name: 'Acme', addedFrom: 'card-signer.pub' } },
    });
  });
});

describe('keys', () => {
  it('importKey of any path (the CLI’s unencrypted signet.key) is refused', async () => {
    const page = compromisedPage(join(dir, 'd'));
    const cliDir = join(dir, 'cli-keys');
    await exec(process.execPath, ['dist/cli/signet.mjs', 'keygen', '--out', cliDir, '--no-passphrase'], {
      env: { ...process.env, SIGNET_CONFIG_DIR: join(dir, 'cli-config') },
    });
    // keygen --out names the pair by its key id.
    const secretKeyFile = join(cliDir, (await readdir(cliDir)).find((name) => name.endsWith('.key'))!);
    await stat(secretKeyFile);
    const notGiven = await page.send('importKey', { name: 'Stolen', secretKeyFile });
    expect(notGiven).toMatchObject({ ok: false, error: expect.stringMatching(NOT_GRANTED) });

    // Even a file the person did hand over is imported only when they confirm and type a new passphrase.
    page.deps.grants.grant([secretKeyFile], { chosen: 'secret-key' });
    expect(await page.send('importKey', { name: 'Stolen', secretKeyFile })).toEqual({
      ok: false,
      error: 'You did not confirm, so no key was imported.',
      cancelled: true,
    });
    page.deps.confirmAnswers.push(true);
    expect(await page.send('importKey', { name: 'Stolen', secretKeyFile })).toEqual({
      ok: false,
      error: 'No passphrase was given. No key was imported.',
      cancelled: true,
    });
    expect(page.deps.prompts.at(-1)?.isNew).toBe(true);
    expect(await page.deps.keystore.list()).toEqual([]);
    // The request has no field a page could put a passphrase in.
    const withPassphrase = await page.send('importKey', { name: 'S', secretKeyFile, passphrase: 'x' });
    expect(withPassphrase.ok).toBe(false);
  });

  it('deleteKey with the name from listKeys deletes nothing without confirmation, and then only trashes', async () => {
    const page = compromisedPage(join(dir, 'e'));
    page.deps.passphraseAnswers.push('a good long passphrase');
    const { key } = await page.handlers.createKey({ name: 'Release' });
    const listed = (await page.send('listKeys', {})) as { ok: true; value: { keys: Array<{ id: string }> } };
    for (const { id } of listed.value.keys) {
      expect(await page.send('deleteKey', { keyId: id })).toEqual({ ok: true, value: { deleted: false } });
    }
    expect((await page.deps.keystore.list()).map((k) => k.id)).toEqual([key.id]);
    // The old flow's typed name is no longer a way around main's question.
    expect((await page.send('deleteKey', { keyId: key.id, typedName: 'Release' })).ok).toBe(false);

    page.deps.confirmAnswers.push(true);
    expect(await page.send('deleteKey', { keyId: key.id })).toEqual({ ok: true, value: { deleted: true } });
    // Moved to the (stand-in) OS trash, never unlinked: the key can be restored.
    const trashed = await readFile(join(dir, 'e', 'state', 'trash', `${key.id}.key`), 'utf8');
    expect(trashed).toContain('untrusted comment:');
  });
});

describe('signing', () => {
  async function pageWithKey(name: string) {
    const page = compromisedPage(join(dir, name));
    page.deps.passphraseAnswers.push('a good long passphrase');
    const { key } = await page.handlers.createKey({ name: 'Release' });
    return { page, key };
  }

  it('signFiles on a path the person never gave is refused, and the overwrite flag no longer exists', async () => {
    const { page, key } = await pageWithKey('f');
    const victim = join(dir, 'victim.tar.gz');
    await writeFile(victim, 'v');
    const request = { jobId: 'j', keyId: key.id, files: [victim], writeChecksumList: true };
    expect(await page.send('signFiles', request)).toMatchObject({
      ok: false,
      error: expect.stringMatching(NOT_GRANTED),
    });
    const withOverwrite = await page.send('signFiles', { ...request, overwrite: true });
    expect(withOverwrite).toMatchObject({ ok: false, error: expect.stringMatching(/not valid/) });
    const withPassphrase = await page.send('signFiles', { ...request, passphrase: 'pw' });
    expect(withPassphrase.ok).toBe(false);
    await expect(stat(`${victim}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(dir, 'SHA256SUMS'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a granted file’s existing .minisig and SHA256SUMS are replaced only on main’s confirmation', async () => {
    const { page, key } = await pageWithKey('g');
    const folder = join(dir, 'g-release');
    await exec('mkdir', ['-p', folder]);
    const file = join(folder, 'app.tar.gz');
    await writeFile(file, 'app');
    await writeFile(`${file}.minisig`, 'the publisher’s own signature\n');
    await writeFile(join(folder, 'SHA256SUMS'), 'the publisher’s own list\n');
    page.deps.grants.grant([file], 'dropped');
    const result = await page.send('signFiles', {
      jobId: 'j',
      keyId: key.id,
      files: [file],
      writeChecksumList: true,
    });
    expect(result).toEqual({
      ok: false,
      error: 'You chose not to replace existing files. Nothing was signed or replaced.',
      cancelled: true,
    });
    const asked = page.deps.confirmations.at(-1);
    expect(asked?.detail).toContain(`${file}.minisig`);
    expect(asked?.detail).toContain(join(folder, 'SHA256SUMS'));
    expect(await readFile(`${file}.minisig`, 'utf8')).toBe('the publisher’s own signature\n');
    expect(await readFile(join(folder, 'SHA256SUMS'), 'utf8')).toBe('the publisher’s own list\n');
    // The passphrase was never even asked for.
    expect(page.deps.prompts.filter((p) => !p.isNew)).toEqual([]);
  });

  it('without a passphrase typed in main’s window nothing is signed', async () => {
    const { page, key } = await pageWithKey('h');
    const file = join(dir, 'h-file.bin');
    await writeFile(file, 'h');
    page.deps.grants.grant([file], 'dropped');
    // The person agrees to main's "Sign h-file.bin?" (main says what it will write first).
    page.deps.confirmAnswers.push(true);
    expect(
      await page.send('signFiles', { jobId: 'j', keyId: key.id, files: [file], writeChecksumList: false }),
    ).toEqual({
      ok: false,
      error: 'No passphrase was given. Nothing was signed.',
      cancelled: true,
    });
    await expect(stat(`${file}.minisig`)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
