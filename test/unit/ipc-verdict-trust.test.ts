import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import { recordingDeps } from '../helpers/ipc-deps';
import { tempDir } from '../helpers/temp-dir';

const minisign = (args: string[]) => promisify(execFile)('/usr/bin/minisign', args);
const PASSPHRASE = 'correct horse battery staple 2025';
let dir: string;

beforeAll(async () => {
  dir = await tempDir('signet-verdict-trust-');
});

/** A fresh app state with one keystore key, and a file that key signed through the app. */
async function signedByOwnKey(state: string) {
  const deps = recordingDeps(join(dir, state));
  deps.passphrases = { ask: async () => PASSPHRASE };
  const handlers = createHandlers(deps);
  const { key } = await handlers.createKey({ name: 'Release key 2025' });
  const file = join(dir, `${state}-setup.tar.gz`);
  await writeFile(file, 'release bytes\n');
  deps.grants.grant([file], 'dropped');
  // Where main asks before signing, the person says yes.
  deps.confirmAnswers.push(true);
  await handlers.signFiles({
    jobId: `s-${state}`,
    keyId: key.keyId,
    files: [file],
    writeChecksumList: false,
  });
  return { deps, handlers, key, file };
}

describe('"Signed by you": the person’s own keystore as a trust source', () => {
  it('names the keystore key and says the keystore vouched for it, not the trust list', async () => {
    const { handlers, file } = await signedByOwnKey('own');
    const { results } = await handlers.verifyFiles({ jobId: 'v-own', files: [file] });
    expect(results[0]).toMatchObject({
      verdict: 'verified',
      signerName: 'you (Release key 2025)',
      vouchedBy: 'Your own keystore',
    });
    expect(results[0]?.reason).toContain('your own key “Release key 2025”');
    expect(results[0]?.trustedFrom).toBeUndefined();
  });

  it('a key the trust list also holds keeps the trust list’s name', async () => {
    const { deps, handlers, key, file } = await signedByOwnKey('listed');
    await deps.trust.add({ keyText: key.publicKey, name: 'Acme Releases' });
    const { results } = await handlers.verifyFiles({ jobId: 'v-listed', files: [file] });
    expect(results[0]).toMatchObject({
      verdict: 'verified',
      signerName: 'Acme Releases',
      vouchedBy: 'Your trust list',
    });
  });
  it('counts for nothing where the organisation alone decides who is trusted', async () => {
    const { handlers, file } = await signedByOwnKey('managed');
    await writeFile(
      join(dir, 'managed', 'managed-trust.json'),
      JSON.stringify({ version: 2, signers: [], allowUserSigners: false }),
    );
    const { results } = await handlers.verifyFiles({ jobId: 'v-managed', files: [file] });
    expect(results[0]?.verdict).toBe('unknown-signer');
  });
});

describe('trustSignerOfFile: only the signer main found, after its own re-check and confirmation', () => {
  let publicKey: string;
  let otherKey: string;
  let file: string;

  beforeAll(async () => {
    publicKey = join(dir, 'publisher.pub');
    otherKey = join(dir, 'other.pub');
    await minisign(['-G', '-W', '-p', publicKey, '-s', join(dir, 'publisher.key')]);
    await minisign(['-G', '-W', '-p', otherKey, '-s', join(dir, 'other.key')]);
    file = join(dir, 'tool.zip');
    await writeFile(file, 'tool bytes\n');
    await minisign(['-S', '-s', join(dir, 'publisher.key'), '-m', file]);
  });

  it('refuses a file main has given no unknown-signer verdict for', async () => {
    const deps = recordingDeps(join(dir, 'unseen'));
    deps.grants.grant([publicKey], { chosen: 'public-key' });
    const handlers = createHandlers(deps);
    await expect(
      handlers.trustSignerOfFile({ name: 'X', forFile: file, keyFile: publicKey }),
    ).rejects.toThrow(/has not seen a signature by someone you do not trust on tool\.zip/);
    expect(deps.confirmations).toHaveLength(0);
  });

  it('refuses a key that did not make the signature, and adds the one that did once confirmed', async () => {
    const deps = recordingDeps(join(dir, 'seen'));
    deps.grants.grant([file], 'dropped');
    deps.grants.grant([publicKey, otherKey], { chosen: 'public-key' });
    const handlers = createHandlers(deps);
    const { results } = await handlers.verifyFiles({ jobId: 'v-seen', files: [file] });
    expect(results[0]?.verdict).toBe('unknown-signer');

    // A key file the person never chose is refused before it is read.
    const unchosen = join(dir, 'unchosen.pub');
    await writeFile(unchosen, await readFile(publicKey));
    await expect(
      handlers.trustSignerOfFile({ name: 'Tool', forFile: file, keyFile: unchosen }),
    ).rejects.toThrow();
    expect(deps.confirmations).toHaveLength(0);

    await expect(
      handlers.trustSignerOfFile({ name: 'Tool', forFile: file, keyFile: otherKey }),
    ).rejects.toThrow(/did not make the signature on tool\.zip/);
    // Without a key, a raw-key signature names no one main could trust.
    await expect(handlers.trustSignerOfFile({ name: 'Tool', forFile: file })).rejects.toThrow(
      /give the signer’s public key/,
    );
    // Cancel in main's dialog adds nothing.
    await expect(
      handlers.trustSignerOfFile({ name: 'Tool', forFile: file, keyFile: publicKey }),
    ).rejects.toThrow(/did not confirm/);
    expect(await deps.trust.listAll()).toHaveLength(0);

    deps.confirmAnswers.push(true);
    const { signer } = await handlers.trustSignerOfFile({ name: 'Tool', forFile: file, keyFile: publicKey });
    expect(signer).toMatchObject({ name: 'Tool', kind: 'minisign' });
    expect(deps.confirmations.at(-1)?.detail).toContain(`Key id: ${signer.keyId}`);
    const again = await handlers.verifyFiles({ jobId: 'v-again', files: [file] });
    expect(again.results[0]).toMatchObject({ verdict: 'verified', signerName: 'Tool' });
  });
});
