import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sigstoreEntrySchema } from '../../../electron/core/formats/sigstore/trust-entry';
import { createHandlers } from '../../../electron/main/handlers/create-handlers';
import { recordingDeps } from '../../helpers/ipc-deps';
import { signet } from '../../helpers/run';
import { tempDir } from '../../helpers/temp-dir';
import { sourcesMatching } from './source-files';

const IDENTITY = 'https://github.com/acme/tool/.github/workflows/release.yml@refs/tags/v1';
const ISSUER = 'https://token.actions.githubusercontent.com';

async function storedSigners(configDir: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(await readFile(join(configDir, 'trusted-signers.json'), 'utf8')).signers;
}

describe('the Sigstore trust entry: one schema for what the CLI and the app store', () => {
  it('the CLI and the app store the same entry for the same identity, and the one schema reads both', async () => {
    const dir = await tempDir();
    const cliConfig = join(dir, 'cli');
    const cli = await signet(
      [
        'trust',
        'add',
        '--certificate-identity',
        IDENTITY,
        '--certificate-oidc-issuer',
        ISSUER,
        '--name',
        'Acme',
      ],
      cliConfig,
    );
    expect(cli.status, cli.stderr).toBe(0);

    const deps = recordingDeps(join(dir, 'app'));
    deps.confirmAnswers.push(true);
    await createHandlers(deps).addTrustedIdentity({ name: 'Acme', identity: IDENTITY, issuer: ISSUER });

    const [fromCli] = await storedSigners(cliConfig);
    const [fromApp] = await storedSigners(join(dir, 'app', 'config'));
    const { addedAt: _a, ...cliEntry } = fromCli!;
    const { addedAt: _b, ...appEntry } = fromApp!;
    expect(cliEntry).toEqual(appEntry);
    expect(sigstoreEntrySchema.parse(fromCli)).toMatchObject({
      kind: 'sigstore',
      identity: IDENTITY,
      issuer: ISSUER,
    });
    expect(sigstoreEntrySchema.parse(fromApp)).toMatchObject({
      kind: 'sigstore',
      identity: IDENTITY,
      issuer: ISSUER,
    });
  });

  it('only one module declares a Sigstore entry schema', () => {
    // shared/verdict-schema.ts describes a verdict's facts for --json, not a trust entry.
    const schemas = sourcesMatching(/kind: z\.literal\('sigstore'\)/);
    expect(schemas.filter((file) => file !== 'shared/verdict-schema.ts')).toEqual([
      'electron/core/formats/sigstore/trust-entry.ts',
    ]);
  });
});
