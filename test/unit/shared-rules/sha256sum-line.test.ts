import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMinisignKeyPair } from '../../../electron/core/formats/minisign/secret-key';
import { writeSignedChecksumList } from '../../../electron/core/sign/write-checksum-list';
import { CLI, run } from '../../helpers/run';
import { tempDir } from '../../helpers/temp-dir';
import { sourcesMatching } from './source-files';

describe('the GNU sha256sum line: one function for `signet hash` and signed checksum lists', () => {
  it.each(['plain name.txt', 'back\\slash.txt', 'new\nline.txt', 'carriage\rreturn.txt'])(
    '%j is written the same by both, and sha256sum -c reads it back',
    async (name) => {
      const dir = join(await tempDir(), 'release');
      await mkdir(dir);
      await writeFile(join(dir, name), `content of ${name}`);

      const hashed = await run(process.execPath, [CLI, 'hash', name], { cwd: dir });
      expect(hashed.status, hashed.stderr).toBe(0);

      const listPath = join(dir, 'SHA256SUMS');
      await writeSignedChecksumList([join(dir, name)], generateMinisignKeyPair(), { listPath });
      const list = await readFile(listPath, 'utf8');
      expect(list).toBe(hashed.stdout);

      const checked = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
      expect(checked.status, checked.stderr).toBe(0);
    },
  );

  it('no other module writes a sha256sum line', () => {
    expect(sourcesMatching(/function \w*[cC]hecksumLine\b|function sha256sumLine\b/)).toEqual([
      'electron/core/checksums/sha256sum-line.ts',
    ]);
  });
});
