import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../electron/core/formats/registry';
import { CLI, run } from '../helpers/run';

const root = resolve(__dirname, '../..');

/** How the descriptions name each registered format; a new format without a name here fails. */
const NAMES: Record<string, string> = {
  minisign: 'minisign',
  signify: 'signify',
  ssh: 'OpenSSH',
  openpgp: 'OpenPGP',
  authenticode: 'Authenticode',
  sigstore: 'Sigstore',
};

describe('the package, installer and CLI descriptions name every format Signet reads', () => {
  it.each([
    [
      'package.json',
      () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).description as string,
    ],
    [
      'electron-builder.yml',
      () =>
        (load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { linux: { description: string } })
          .linux.description,
    ],
  ])('%s', (_file, description) => {
    for (const format of FORMATS) expect(description(), format.id).toContain(NAMES[format.id]);
  });

  it('signet --help', async () => {
    const help = await run(process.execPath, [CLI, '--help']);
    for (const format of FORMATS) expect(help.stdout, format.id).toContain(NAMES[format.id]);
  });
});
