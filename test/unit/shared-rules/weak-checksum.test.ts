import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/main/handlers/create-handlers';
import { combinedAnswer } from '../../../renderer/lib/combined-answer';
import { recordingDeps } from '../../helpers/ipc-deps';
import { tempDir } from '../../helpers/temp-dir';
import { sourcesMatching } from './source-files';

// Which pasted checksums are old kinds (a match proves a complete download, not who made it):
// main's comparison and the card's combined answer must agree, from one rule in shared/hash-label.ts.
const CONTENT = 'the real download';
const KINDS = [
  ['md5', true],
  ['sha1', true],
  ['sha256', false],
  ['sha512', false],
] as const;

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await tempDir('signet-weak-checksum-');
  file = join(dir, 'download.zip');
  await writeFile(file, CONTENT);
});

describe('a weak checksum: one rule for main and the card', () => {
  it.each(KINDS)('%s: weak in main’s comparison and on the card alike (%s)', async (algorithm, weak) => {
    const deps = recordingDeps(join(dir, algorithm));
    deps.grants.grant([file], 'dropped');
    const digest = createHash(algorithm).update(CONTENT).digest('hex');
    const compared = await createHandlers(deps).compareChecksum({ jobId: 'w', file, expected: digest });
    expect(compared.match).toBe(true);
    expect(/old kind/.test(compared.message)).toBe(weak);

    const card = combinedAnswer(
      { verdict: 'no-signature', code: 'no-signature', reason: 'No signature.', file },
      compared,
      {},
    );
    expect(/weak proof/.test(card.headline)).toBe(weak);
  });

  it('is written once', () => {
    expect(sourcesMatching(/['"]md5['"]\s*\|\||=== ['"]md5['"]/)).toEqual(['shared/hash-label.ts']);
  });
});
