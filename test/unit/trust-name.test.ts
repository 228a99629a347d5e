import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMinisignPublicKey } from '../../electron/core/formats/minisign/public-key';
import { generateMinisignKeyPair } from '../../electron/core/formats/minisign/secret-key';
import { TrustStore } from '../../electron/core/trust/trust-store';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-trust-name-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('TrustStore.add and hidden characters in names', () => {
  it('refuses control, bidi, zero-width and separator characters, and writes nothing', async () => {
    const store = new TrustStore({ configDir: dir, managedFile: join(dir, 'managed.json') });
    const keyText = formatMinisignPublicKey(generateMinisignKeyPair());
    for (const name of ['Acme\u001b[31m', 'Mozilla\u202EFirefox', 'Ac\u200Dme', 'Ac\u2029me', 'A\u0085B']) {
      await expect(store.add({ keyText, name }), JSON.stringify(name)).rejects.toThrow(
        /cannot contain control characters, direction marks or invisible characters/,
      );
    }
    await expect(readFile(store.file)).rejects.toThrow();
    const added = await store.add({ keyText, name: 'Acme Releases – Ελληνικά 📦' });
    expect(added.name).toBe('Acme Releases – Ελληνικά 📦');
  });
});
