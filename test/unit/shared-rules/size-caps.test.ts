import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSigstoreBundle } from '../../../electron/core/formats/sigstore/bundle-reader';
import { sigstoreDescriptor } from '../../../electron/core/formats/sigstore/descriptor';
import {
  CERTIFICATE_MAX_BYTES,
  KEYRING_FILE_MAX_BYTES,
  SIGSTORE_BUNDLE_MAX_BYTES,
} from '../../../electron/core/limits';
import { createHandlers } from '../../../electron/main/handlers/create-handlers';
import { recordingDeps } from '../../helpers/ipc-deps';
import { signet } from '../../helpers/run';
import { tempDir } from '../../helpers/temp-dir';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

/** Junk of exactly `size` bytes: at the cap it is read (and refused as no key), past it refused unread. */
async function junk(name: string, size: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, Buffer.alloc(size, 'x'));
  return path;
}

describe('size caps: the CLI and the app take the same limit from core/limits.ts', () => {
  it.each([
    ['at', 0, false],
    ['past', 1, true],
  ])('a public key file %s the cap: too large in both, or in neither', async (_where, extra, tooLarge) => {
    const file = await junk(`key-${extra}.pub`, KEYRING_FILE_MAX_BYTES + extra);
    const cli = await signet(['trust', 'add', file, '--name', 'Big'], join(dir, `cli-key-${extra}`));
    expect(cli.status).toBe(2);
    expect(/too large/.test(cli.stderr)).toBe(tooLarge);

    const deps = recordingDeps(join(dir, `app-key-${extra}`));
    deps.grants.grant([file], { chosen: 'public-key' });
    const app = await createHandlers(deps)
      .addTrusted({ name: 'Big', keyFile: file })
      .then(
        () => 'added',
        (error: Error) => error.message,
      );
    expect(app).not.toBe('added');
    expect(/too large/.test(app)).toBe(tooLarge);
  });

  it.each([
    ['at', 0, false],
    ['past', 1, true],
  ])(
    'a publisher certificate file %s the cap: too large in both, or in neither',
    async (_where, extra, tooLarge) => {
      const file = await junk(`cert-${extra}.pem`, CERTIFICATE_MAX_BYTES + extra);
      const cli = await signet(
        ['trust', 'add', '--publisher-cert', file, '--name', 'Big'],
        join(dir, `cli-cert-${extra}`),
      );
      expect(cli.status).toBe(2);
      expect(/too large/.test(cli.stderr)).toBe(tooLarge);

      const deps = recordingDeps(join(dir, `app-cert-${extra}`));
      deps.grants.grant([file], { chosen: 'certificate' });
      const app = await createHandlers(deps)
        .addTrustedPublisher({ name: 'Big', certificateFile: file })
        .then(
          () => 'added',
          (error: Error) => error.message,
        );
      expect(app).not.toBe('added');
      expect(/too large/.test(app)).toBe(tooLarge);
    },
  );

  it('a Sigstore bundle has one cap: the file reader’s and the bundle parser’s', () => {
    expect(sigstoreDescriptor.maxSignatureBytes).toBe(SIGSTORE_BUNDLE_MAX_BYTES);
    const padded = new TextEncoder().encode(`{}${' '.repeat(2 * 1024 * 1024)}`);
    expect(() => readSigstoreBundle(padded)).toThrow(/media ?type|mediaType|not a Sigstore/i);
    const over = new Uint8Array(SIGSTORE_BUNDLE_MAX_BYTES + 1);
    expect(() => readSigstoreBundle(over)).toThrow(/too large/);
  });
});
