import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliOptionsFor, signatureSuffixes, trustKindOf } from '../../electron/core/formats/registry';
import type { TrustedEntry } from '../../electron/core/trust/trust-store';
import { verifyArtifact } from '../../electron/core/verify/verify-artifact';
import { downloadTarget, SIGNATURE_SUFFIXES } from '../../electron/main/downloads/download-names';
import { toSignerInfo } from '../../electron/main/handlers/trust-entry-info';
import { createTrustHandlers } from '../../electron/main/handlers/trust-handlers';
import type { HandlerDeps } from '../../electron/main/handlers/types';
import type { VerdictMemory } from '../../electron/main/handlers/verdict-memory';
import { formatDate } from '../../shared/dates';
import { FAKE_MAGIC } from '../fixtures/fake-format/descriptor';
import type { FakeEntry } from '../fixtures/fake-format/trust-kind';

// The registry's one line, made here instead of in format-list.ts: production never sees this format.
vi.mock('../../electron/core/formats/format-list', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/core/formats/format-list')>();
  const { fakeDescriptor } = await import('../fixtures/fake-format/descriptor');
  return { FORMATS: [...real.FORMATS, fakeDescriptor] };
});

/**
 * A format is its folder and one registry line: a made-up format from test/fixtures/fake-format,
 * registered only here, reaches verification (as `signet verify --json` runs it), the trusted
 * signers screen, main's removal dialog, the Downloads watcher and the CLI's options.
 */
const ENTRY: FakeEntry = {
  kind: 'fake-key',
  keyId: '0BADF00D',
  name: 'Fake Releases',
  owner: 'releases@fake.example',
  addedAt: '2026-12-01T00:00:00.000Z',
  source: 'user',
};
// The fake kind is not in the trust list's schema; the hooks and the engine take it as it comes.
const asEntry = (entry: FakeEntry) => entry as unknown as TrustedEntry;

let dir: string;
let artifact: string;

function fakeSignature(content: string, keyId: string): string {
  return `${FAKE_MAGIC}key ${keyId}\nsha256 ${createHash('sha256').update(content).digest('hex')}\n`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signet-fake-format-'));
  artifact = join(dir, 'tool-1.0.tar.gz');
  await writeFile(artifact, 'release 1.0\n');
  await writeFile(`${artifact}.fakesig`, fakeSignature('release 1.0\n', ENTRY.keyId));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a format registered from its own folder', () => {
  it('is found beside the file and verified, and the --json object says so', async () => {
    const result = await verifyArtifact(artifact, { trusted: [asEntry(ENTRY)], sha256: true });
    const json = JSON.parse(JSON.stringify(result));
    expect(json).toMatchObject({
      verdict: 'verified',
      code: 'verified',
      signerName: 'Fake Releases',
      keyId: '0BADF00D',
      signatureFile: `${artifact}.fakesig`,
    });
    // The --json vocabulary is a published, closed enum: a new kind is named there only once the
    // schema's version says so, so an unlisted one is left out rather than passed through.
    expect(json.format).toBeUndefined();
  });

  it('is told apart from tampering and from an unknown key', async () => {
    const changed = join(dir, 'changed.tar.gz');
    await writeFile(changed, 'release 1.0 with a backdoor\n');
    await writeFile(`${changed}.fakesig`, fakeSignature('release 1.0\n', ENTRY.keyId));
    expect((await verifyArtifact(changed, { trusted: [asEntry(ENTRY)] })).verdict).toBe('tampered');
    expect((await verifyArtifact(artifact, { trusted: [] })).verdict).toBe('unknown-signer');
  });

  it('gives the trusted signers screen its card: kind words, noun and typed facts', async () => {
    expect(await toSignerInfo(asEntry(ENTRY))).toEqual({
      keyId: '0BADF00D',
      name: 'Fake Releases',
      source: 'user',
      addedAt: ENTRY.addedAt,
      kind: 'fake-key',
      kindWords: 'Fake test key',
      noun: 'key',
      meta: ['key-id', 'kind'],
      facts: [{ fact: 'key-says', text: 'releases@fake.example' }],
    });
    expect(trustKindOf('fake-key')?.listNote?.(ENTRY)).toBe('fake key of releases@fake.example');
  });

  it('names its removal facts in main’s own dialog', async () => {
    const asked: string[] = [];
    const deps = {
      trust: { listAll: async () => [asEntry(ENTRY)], remove: async () => {} },
      confirm: {
        confirm: async ({ detail }: { detail: string }) => {
          asked.push(detail);
          return true;
        },
      },
    } as unknown as HandlerDeps;
    await createTrustHandlers(deps, {} as VerdictMemory).removeTrusted({ keyId: ENTRY.keyId });
    expect(asked[0]?.split('\n')).toEqual([
      'Name: Fake Releases',
      'Key id: 0BADF00D',
      'The key says: releases@fake.example',
      `Added: ${formatDate(ENTRY.addedAt)}`,
      'Files signed with this key will then show “Signed, but not by anyone you trust”.',
    ]);
  });

  it('is watched for in Downloads: its signature stands for the file it signs', async () => {
    expect(signatureSuffixes()).toContain('.fakesig');
    expect(SIGNATURE_SUFFIXES).toContain('.fakesig');
    const exists = async (path: string) => path === artifact;
    await expect(downloadTarget(`${artifact}.fakesig`, exists)).resolves.toBe(artifact);
    await expect(downloadTarget(join(dir, 'other.fakesig'), exists)).resolves.toBeNull();
  });

  it('adds its options to signet verify', () => {
    expect(cliOptionsFor('verify').map((o) => o.flags)).toContain('--fake-keyring <file>');
    expect(cliOptionsFor('trust add').map((o) => o.flags)).not.toContain('--fake-keyring <file>');
  });
});
