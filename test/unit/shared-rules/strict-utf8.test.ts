import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8Strict, utf8OrUndefined } from '../../../electron/core/encoding/utf8';
import { readSmallTextFile } from '../../../electron/main/handlers/read-small-file';
import { signet } from '../../helpers/run';
import { tempDir } from '../../helpers/temp-dir';
import { sourcesMatching } from './source-files';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

const LATIN1 = Buffer.from('ssh-ed25519 AAAA caf\xe9\n', 'latin1');
const UTF8 = Buffer.from('# caf\u00e9 \u{1F4E6}\n', 'utf8');

describe('strict UTF-8: one decoder for the CLI, main and the formats', () => {
  it('the CLI refuses a text input that is not UTF-8, as main does', async () => {
    const file = join(dir, 'allowed_signers');
    await writeFile(file, LATIN1);
    await writeFile(join(dir, 'a.txt'), 'a');
    await writeFile(join(dir, 'a.txt.sig'), 'x');
    const cli = await signet(['verify', join(dir, 'a.txt'), '--allowed-signers', file], join(dir, 'config'));
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('is not text');
    await expect(readSmallTextFile(file, 1024, 'allowed signers file')).rejects.toThrow(/it is not text/);
  });

  it('both read UTF-8 text as it is', async () => {
    const file = join(dir, 'text.txt');
    await writeFile(file, UTF8);
    expect(await readSmallTextFile(file, 1024, 'note')).toBe(UTF8.toString('utf8'));
    expect(decodeUtf8Strict(UTF8, 'x')).toBe(UTF8.toString('utf8'));
  });

  it('accepts exactly the bytes that round-trip through UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const roundTrips = Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8').equals(
          Buffer.from(bytes),
        );
        expect(utf8OrUndefined(bytes) !== undefined).toBe(roundTrips);
      }),
    );
  });

  it('no other module builds its own strict decoder, outside the format parsers', () => {
    const own = sourcesMatching(/fatal: true/).filter((path) => !path.startsWith('electron/core/formats/'));
    expect(own).toEqual(['electron/core/encoding/utf8.ts']);
  });
});
