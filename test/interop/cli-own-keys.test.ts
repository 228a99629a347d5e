import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signFile } from '../../electron/core/sign/sign-file';
import { fastKeystore } from '../helpers/ipc-deps';
import { signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// The CLI reads the person's own keystore keys as the app does: a file signed with one reads
// "made by you (KEY NAME)", vouched for by the keystore, unless the organisation alone decides.

const PASSPHRASE = 'correct horse battery staple 2025';
let dir: string;
let config: string;
let file: string;

beforeAll(async () => {
  dir = await tempDir('signet-cli-own-keys-');
  config = join(dir, 'config');
  const keystore = fastKeystore(join(config, 'keys'));
  const key = await keystore.create({ name: 'Release key 2025', passphrase: PASSPHRASE });
  file = join(dir, 'release.tar.gz');
  await writeFile(file, 'release bytes\n');
  await signFile(file, await keystore.unlock(key.id, PASSPHRASE));
});

describe('signet verify and the person’s own keys', () => {
  it('says made by you (KEY NAME), vouched for by the keystore, as the app does', async () => {
    const r = await signet(['verify', file, '--json'], config);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      verdict: 'verified',
      signerName: 'you (Release key 2025)',
      vouchedBy: 'Your own keystore',
    });
  });

  it('does not count them where the organisation alone decides who is trusted', async () => {
    const managed = join(dir, 'managed.json');
    await writeFile(managed, JSON.stringify({ version: 2, signers: [], allowUserSigners: false }));
    const r = await signet(['verify', file, '--json'], config, { SIGNET_MANAGED_TRUST_FILE: managed });
    expect(JSON.parse(r.stdout).verdict).toBe('unknown-signer');
  });
});
