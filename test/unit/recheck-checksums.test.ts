import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recheckChecksumFiles } from '../../electron/core/sign/recheck-checksums';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
const digest = createHash('sha512').update('release\n').digest();
const line = (hex: string, name: string) => `${hex}  ${name}\n`;

beforeAll(async () => {
  dir = await tempDir('signet-recheck-checksums-');
});

describe('the read-back of a FILE.sha512 just written', () => {
  it('accepts the line written and refuses one changed digit, another name, an extra line, a missing file', async () => {
    const file = join(dir, 'app.tar.gz');
    const cases: [string, string | undefined, RegExp | undefined][] = [
      ['good.sha512', line(digest.toString('hex'), 'app.tar.gz'), undefined],
      ['digit.sha512', line(`0${digest.toString('hex').slice(1)}`, 'app.tar.gz'), /does not match/],
      ['name.sha512', line(digest.toString('hex'), 'other.tar.gz'), /names another file/],
      ['extra.sha512', line(digest.toString('hex'), 'app.tar.gz').repeat(2), /more than the line/],
      ['missing.sha512', undefined, /./],
    ];
    for (const [name, text, problem] of cases) {
      if (text !== undefined) await writeFile(join(dir, name), text);
      const failed = await recheckChecksumFiles([
        { file, checksumFile: join(dir, name), algorithm: 'sha512', digest },
      ]);
      if (problem === undefined) expect(failed, name).toEqual([]);
      else expect(failed[0]?.problem, name).toMatch(problem);
    }
  });
});
