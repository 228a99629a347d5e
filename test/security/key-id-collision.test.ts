import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import { formatMinisignPublicKey } from '../../electron/core/formats/minisign/public-key';
import {
  generateMinisignKeyPair,
  type MinisignSecretKey,
} from '../../electron/core/formats/minisign/secret-key';
import { signFile } from '../../electron/core/sign/sign-file';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { tempDir } from '../helpers/temp-dir';
import { compromisedPage } from './compromised-page';

const exec = promisify(execFile);

/**
 * A minisign key id is 8 bytes anyone may choose: a second key made to carry a trusted key's id is
 * another key. It is trusted only if the person trusts it; it never makes a file look changed.
 */
let dir: string;
let alice: MinisignSecretKey;
let mallory: MinisignSecretKey;
let file: string;

beforeAll(async () => {
  dir = await tempDir('signet-sec-keyid-');
  alice = generateMinisignKeyPair();
  // Another key pair, its key number edited to Alice's.
  mallory = { ...generateMinisignKeyPair(), keyNum: alice.keyNum };
  await writeFile(join(dir, 'alice.pub'), formatMinisignPublicKey(alice));
  await writeFile(join(dir, 'mallory.pub'), formatMinisignPublicKey(mallory));
  file = join(dir, 'tool.tar.gz');
  await writeFile(file, 'the real tool');
  await signFile(file, mallory, { trustedComment: 'timestamp:1700000000\tfile:tool.tar.gz' });
});

async function storeTrusting(name: string, ...keys: Array<[string, MinisignSecretKey]>) {
  const store = new TrustStore({ configDir: join(dir, name), managedFile: join(dir, name, 'managed.json') });
  for (const [signer, key] of keys) {
    await store.add({ name: signer, keyText: formatMinisignPublicKey(key) });
  }
  return store;
}

describe('two minisign keys with one key id', () => {
  it('really share the id, and minisign itself accepts the signature with the second key', async () => {
    expect(keyIdFromKeyNum(mallory.keyNum)).toBe(keyIdFromKeyNum(alice.keyNum));
    await expect(exec('minisign', ['-Vm', file, '-p', join(dir, 'mallory.pub')])).resolves.toBeTruthy();
    await expect(exec('minisign', ['-Vm', file, '-p', join(dir, 'alice.pub')])).rejects.toBeTruthy();
  });

  it('are both kept in the trust list, and the file is verified by the one that signed it', async () => {
    const store = await storeTrusting('both', ['Alice', alice], ['Mallory', mallory]);
    const trusted = await store.list();
    expect(trusted.map((s) => s.name).sort()).toEqual(['Alice', 'Mallory']);
    const result = await verifyArtifact(file, { trusted });
    expect(result).toMatchObject({ verdict: 'verified', signerName: 'Mallory' });
  });

  it('with only the other one trusted, the file is signed by someone unknown, not changed', async () => {
    const store = await storeTrusting('alice-only', ['Alice', alice]);
    const result = await verifyArtifact(file, { trusted: await store.list() });
    expect(result.verdict).toBe('unknown-signer');
    expect(result.reason).toMatch(/another key that has the same key id/);
  });

  it('still calls a file changed when the trusted key did sign it', async () => {
    const changed = join(dir, 'changed.bin');
    await writeFile(changed, 'before');
    await signFile(changed, alice);
    await writeFile(changed, 'after!');
    const store = await storeTrusting('alice-again', ['Alice', alice]);
    const result = await verifyArtifact(changed, { trusted: await store.list() });
    expect(result.verdict).toBe('tampered');
  });

  it('the app trusts the second key too once confirmed, and still refuses the same key twice', async () => {
    const page = compromisedPage(join(dir, 'app'));
    page.deps.confirmAnswers.push(true, true);
    for (const [name, key] of [
      ['Alice', alice],
      ['Mallory', mallory],
    ] as const) {
      const answer = await page.send('addTrusted', { name, keyText: formatMinisignPublicKey(key) });
      expect(answer, name).toMatchObject({ ok: true });
    }
    expect(await page.send('addTrusted', { name: 'Again', keyText: formatMinisignPublicKey(alice) })).toEqual(
      {
        ok: false,
        error: 'This key is already trusted as “Alice”.',
      },
    );
    expect((await page.deps.trust.list()).map((s) => s.name).sort()).toEqual(['Alice', 'Mallory']);
  });

  it('the same key added twice is still refused', async () => {
    const store = await storeTrusting('twice', ['Alice', alice]);
    await expect(store.add({ name: 'Alice again', keyText: formatMinisignPublicKey(alice) })).rejects.toThrow(
      /already trusted as “Alice”/,
    );
  });
});
