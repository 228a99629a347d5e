import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactsToCheck } from '../../electron/main/handlers/artifacts-to-check';
import { tempDir } from '../helpers/temp-dir';

let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await tempDir();
  for (const name of ['app.exe', 'app.exe.minisig', 'lonely.minisig', 'notes.txt'])
    await writeFile(at(name), 'x');
});

describe('artifactsToCheck', () => {
  it('a dropped signature stands for the file beside it', async () => {
    expect(await artifactsToCheck([at('app.exe.minisig')])).toEqual([at('app.exe')]);
  });

  it('a file dropped with its signature is checked once', async () => {
    expect(await artifactsToCheck([at('app.exe'), at('app.exe.minisig'), at('notes.txt')])).toEqual([
      at('app.exe'),
      at('notes.txt'),
    ]);
  });

  it('a signature whose file is not there is checked as it is (and will say so)', async () => {
    expect(await artifactsToCheck([at('lonely.minisig')])).toEqual([at('lonely.minisig')]);
  });
});
