import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOpenPgpKey } from '../../electron/core/formats/openpgp-keys';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import { PinentryService } from '../../electron/main/pinentry/pinentry-service';
import { type RecordingDeps, recordingDeps } from '../helpers/ipc-deps';
import { tempDir } from '../helpers/temp-dir';

// Importing an OpenPGP key in the app: its own passphrase in main's window, then keep it or choose
// a new one there (a very weak one refused by main itself), the stored copy protected accordingly.

const OWN = 'harbour lantern quartz meadow';
const NEW = 'orchard violet pebble compass';

let dir: string;
let deps: RecordingDeps;
let handlers: ReturnType<typeof createHandlers>;
let exported: string;

beforeAll(async () => {
  dir = await tempDir('signet-ipc-import-');
  deps = recordingDeps(join(dir, 'state'));
  handlers = createHandlers(deps);
  const made = await createOpenPgpKey({ name: 'Gpg Key', email: 'gpg@example.org', passphrase: OWN });
  exported = made.keyFile.slice(0, made.keyFile.indexOf('-----END PGP PRIVATE KEY BLOCK-----') + 35);
});

async function importAs(name: string, answers: Array<string | null>) {
  const file = join(dir, `${name}.asc`);
  await writeFile(file, exported);
  deps.grants.grant([file], { chosen: 'secret-key' });
  deps.confirmAnswers.push(true);
  deps.passphraseAnswers.push(...answers);
  deps.prompts.length = 0;
  return handlers.importKey({ name, secretKeyFile: file });
}

/** Whether the stored key opens with `passphrase` ("Extend by 2 years" opens it with main's window). */
async function opens(keyId: string, passphrase: string): Promise<boolean> {
  deps.passphraseAnswers.push(passphrase);
  return handlers.extendKey({ keyId }).then(
    () => true,
    () => false,
  );
}

describe('importing an OpenPGP key in the app', () => {
  it('asks its own passphrase, then offers to keep it: kept, the key opens with its own', async () => {
    // '' is the window's "Keep its passphrase".
    const { key } = await importAs('Kept', [OWN, '']);
    expect(deps.prompts.map((p) => [p.title, p.isNew === true, p.mayKeep === true])).toEqual([
      ['Passphrase of Kept.asc', false, false],
      ['Keep or change the passphrase of “Kept”', true, true],
    ]);
    expect(await opens(key.id, OWN)).toBe(true);
  });

  it('a new passphrase chosen there protects the stored copy; the old one no longer opens it', async () => {
    // The same key again: the first import goes to the trash first.
    const kept = (await deps.keystore.list()).find((k) => k.name === 'Kept');
    deps.confirmAnswers.push(true);
    await handlers.deleteKey({ keyId: kept?.id ?? '' });
    const { key } = await importAs('Changed', [OWN, NEW]);
    expect(await opens(key.id, OWN)).toBe(false);
    expect(await opens(key.id, NEW)).toBe(true);
  });
});

describe('the passphrase window’s "Keep its passphrase"', () => {
  it('answers "keep" only where main offered it, and refuses a very weak new one', async () => {
    const service = new PinentryService({ show: () => {}, close: () => {} });
    const offered = service.ask({ title: 't', description: 'd', isNew: true, mayKeep: true });
    await Promise.resolve();
    expect(service.submit('password1', 'password1')).toMatchObject({ accepted: false });
    expect(service.submit('', undefined, true)).toEqual({ accepted: true });
    await expect(offered).resolves.toBe('');
    const notOffered = service.ask({ title: 't', description: 'd', isNew: true });
    await Promise.resolve();
    expect(service.submit('', undefined, true)).toEqual({
      accepted: false,
      error: 'Choose a new passphrase here.',
    });
    service.cancel();
    await expect(notOffered).resolves.toBeNull();
  });
});
