import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';
import { compromisedPage, minisignKeyPair } from './compromised-page';

/**
 * A file is handed over for a reason, and only the channel that serves that reason may read it. The
 * unencrypted minisign secret key a person picks to import must never come back to the page: not
 * through the release kit, not through any other channel that reads a file.
 */
let dir: string;

beforeAll(async () => {
  dir = await tempDir('signet-sec-purpose-');
});

/** Every string in an answer, however deep, to search for the key's bytes. */
function textOf(value: unknown): string {
  return JSON.stringify(value) ?? '';
}

describe('a secret key picked for import', () => {
  it('is read by the import alone; every other channel refuses it and its bytes never come back', async () => {
    const page = compromisedPage(join(dir, 'a'));
    const { sec } = await minisignKeyPair(dir, 'unprotected');
    const secretText = await readFile(sec, 'utf8');
    const secretLine = secretText.split('\n')[1]!;
    expect(secretLine.length).toBeGreaterThan(100);

    // The person opens main's chooser to import a key and picks the file.
    page.deps.nextOpen = [sec];
    expect(await page.send('chooseFiles', { purpose: 'secret-key', multiple: false })).toEqual({
      ok: true,
      value: { files: [sec] },
    });
    page.deps.passphraseAnswers.push('x');
    await page.send('createKey', { name: 'Release' });
    const keys = (await page.send('listKeys', {})) as { ok: true; value: { keys: Array<{ id: string }> } };
    const keyId = keys.value.keys[0]!.id;

    const attempts: Array<[string, unknown]> = [
      ['releaseKit', { keyId, checksumList: sec }],
      ['saveReleaseKit', { keyId, checksumList: sec }],
      ['verifyFiles', { jobId: 'v1', files: [sec] }],
      ['verifyFiles', { jobId: 'v2', files: [sec], signatureFile: sec }],
      ['compareChecksum', { jobId: 'c', file: sec, expected: 'a'.repeat(64) }],
      ['existingSignatures', { files: [sec] }],
      ['previewTrustedComment', { file: sec }],
      ['signFiles', { jobId: 's', keyId, files: [sec], writeChecksumList: false }],
      ['addTrusted', { name: 'K', keyFile: sec }],
      ['addTrustedPublisher', { name: 'K', certificateFile: sec }],
      ['trustSignerOfFile', { name: 'K', forFile: sec, keyFile: sec }],
    ];
    for (const [channel, request] of attempts) {
      const answer = await page.send(channel, request);
      expect(answer, channel).toMatchObject({ ok: false });
      expect(textOf(answer), channel).not.toContain(secretLine);
      expect(textOf(answer), channel).not.toContain('untrusted comment');
    }
    expect(textOf(page.deps.events)).not.toContain(secretLine);
    expect(textOf(page.deps.confirmations)).not.toContain(secretLine);
    expect(page.deps.nextSave).toBeNull();

    // Dropping the same file later does not make it a key to show either.
    page.deps.grants.grant([sec], 'dropped');
    const kit = await page.send('releaseKit', { keyId, checksumList: sec });
    expect(kit).toMatchObject({ ok: false });
    expect(textOf(kit)).not.toContain(secretLine);
  });

  it('the release kit is made only from a list Signet wrote, written out again line by line', async () => {
    const page = compromisedPage(join(dir, 'b'));
    page.deps.passphraseAnswers.push('pass words here');
    await page.send('createKey', { name: 'Release' });
    const keys = (await page.send('listKeys', {})) as { ok: true; value: { keys: Array<{ id: string }> } };
    const keyId = keys.value.keys[0]!.id;

    // A list the person dropped, even a real one, is not one Signet wrote.
    const dropped = join(dir, 'SHA256SUMS');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(dropped, `${'0'.repeat(64)}  tool.bin\n`);
    page.deps.grants.grant([dropped], 'dropped');
    expect(await page.send('releaseKit', { keyId, checksumList: dropped })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/given to Signet for something else/),
    });
  });
});
