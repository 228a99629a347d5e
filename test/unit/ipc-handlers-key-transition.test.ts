import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import type { KeyInfo } from '../../shared/ipc/contract';
import { type RecordingDeps, recordingDeps } from '../helpers/ipc-deps';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// Announcing a new key from the Keys screen: main's save dialog, each key's passphrase in main's
// window, a statement signed by both (checked by the real minisign), the old key marked retired.

const OLD = 'willow granite sparrow tide';
const NEW = 'copper meadow lantern fjord';

let dir: string;
let deps: RecordingDeps;
let handlers: ReturnType<typeof createHandlers>;
let oldKey: KeyInfo;
let newKey: KeyInfo;

beforeAll(async () => {
  dir = await tempDir('signet-ipc-transition-');
  deps = recordingDeps(join(dir, 'state'));
  handlers = createHandlers(deps);
  deps.passphraseAnswers.push(OLD);
  oldKey = (await handlers.createKey({ name: 'Release key 2025' })).key;
  deps.passphraseAnswers.push(NEW);
  newKey = (await handlers.createKey({ name: 'Release key 2026' })).key;
});

describe('announceKeyTransition', () => {
  it('writes nothing when the save dialog is cancelled or a passphrase is not given', async () => {
    deps.nextSave = null;
    await expect(
      handlers.announceKeyTransition({ fromKeyId: oldKey.id, toKeyId: newKey.id }),
    ).resolves.toEqual({ statement: null, signatures: [] });
    deps.nextSave = join(dir, 'cancelled.txt');
    deps.passphraseAnswers.push(OLD, null);
    await expect(
      handlers.announceKeyTransition({ fromKeyId: oldKey.id, toKeyId: newKey.id }),
    ).rejects.toMatchObject({ kind: 'cancelled', message: 'No passphrase was given. Nothing was written.' });
    expect((await readdir(dir)).filter((name) => name.startsWith('cancelled'))).toEqual([]);
    expect((await deps.keystore.list()).every((key) => !key.retired)).toBe(true);
    // A signature already there is never replaced: refused before any passphrase is asked.
    const taken = join(dir, 'taken.txt');
    await writeFile(`${taken}.${newKey.keyId}.minisig`, 'someone else’s\n');
    deps.nextSave = taken;
    const asked = deps.prompts.length;
    await expect(
      handlers.announceKeyTransition({ fromKeyId: oldKey.id, toKeyId: newKey.id }),
    ).rejects.toMatchObject({ kind: 'exists' });
    expect(deps.prompts.length).toBe(asked);
    expect((await readdir(dir)).filter((name) => name.startsWith('taken'))).toEqual([
      `taken.txt.${newKey.keyId}.minisig`,
    ]);
    await expect(
      handlers.announceKeyTransition({ fromKeyId: oldKey.id, toKeyId: oldKey.id }),
    ).rejects.toThrow('The old and the new key are the same key. Nothing was written.');
  });

  it('asks each key’s passphrase by name, writes the statement signed by both, and retires the old key', async () => {
    const path = join(dir, 'acme key change.txt');
    deps.nextSave = path;
    deps.prompts.length = 0;
    deps.passphraseAnswers.push(OLD, NEW);
    const written = await handlers.announceKeyTransition({
      fromKeyId: oldKey.id,
      toKeyId: newKey.id,
      reason: '  The laptop   it lived on was replaced. ',
    });
    expect(deps.prompts.map((prompt) => prompt.title)).toEqual([
      'Passphrase for “Release key 2025”',
      'Passphrase for “Release key 2026”',
    ]);
    expect(written).toEqual({
      statement: path,
      signatures: [`${path}.${oldKey.keyId}.minisig`, `${path}.${newKey.keyId}.minisig`],
    });
    const text = await readFile(path, 'utf8');
    expect(text).toContain('Reason: The laptop it lived on was replaced.\n');
    for (const [index, key] of [oldKey, newKey].entries()) {
      const checked = await run('minisign', [
        '-V',
        '-m',
        path,
        '-x',
        written.signatures[index]!,
        '-P',
        key.publicKey,
      ]);
      expect(checked.status, checked.stderr).toBe(0);
    }
    const retired = (await deps.keystore.list()).find((key) => key.id === oldKey.id);
    expect(retired?.retired).toMatchObject({
      successorKeyId: newKey.keyId,
      reason: 'The laptop it lived on was replaced.',
    });
    // What main wrote may be checked in the app like any file it wrote.
    expect(deps.grants.has(path)).toBe(true);

    await expect(
      handlers.announceKeyTransition({ fromKeyId: oldKey.id, toKeyId: newKey.id }),
    ).rejects.toThrow(
      /“Release key 2025” was already retired on \d{1,2} [A-Z][a-z]{2} \d{4} in favour of [0-9A-F]{16}\. Nothing was written\./,
    );
  });
});
