import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyResultJsonSchema } from '../../shared/verdict-schema-json';
import { schemaProblems } from '../helpers/json-schema-check';
import { minisignKeyPair } from '../helpers/minisign-keys';
import { run, signet } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';

// `signet verify --json` is what release scripts read: its published schema must be the one the
// code generates, and real outputs of the built CLI must fit it.

const SCHEMA_FILE = resolve(__dirname, '../../schemas/verify-result.schema.json');

let dir: string;
let config: string;
let schema: Record<string, unknown>;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await tempDir();
  config = join(dir, 'config');
  schema = JSON.parse(await readFile(SCHEMA_FILE, 'utf8'));
});

describe('the published schema of signet verify --json', () => {
  it('is the one generated from the code (run scripts/verify-result-schema.ts after changing it)', () => {
    expect(schema).toEqual(JSON.parse(verifyResultJsonSchema()));
  });

  it('refuses what it should: an unknown code, a missing verdict, a field it does not know', () => {
    const good = {
      schemaVersion: 1,
      verdict: 'tampered',
      code: 'signature-mismatch',
      reason: 'r',
      file: '/f',
    };
    expect(schemaProblems(schema, good)).toEqual([]);
    expect(schemaProblems(schema, { ...good, code: 'changed' })).not.toEqual([]);
    const { verdict: _, ...noVerdict } = good;
    expect(schemaProblems(schema, noVerdict)).not.toEqual([]);
    expect(schemaProblems(schema, { ...good, extra: 1 })).not.toEqual([]);
    expect(schemaProblems(schema, { ...good, facts: { kind: 'minisign', keyId: 1 } })).not.toEqual([]);
  });
});

describe('real outputs of the built CLI fit the schema', () => {
  let pub: string;
  let otherPub: string;

  beforeAll(async () => {
    const alice = await minisignKeyPair(dir, 'alice');
    const mallory = await minisignKeyPair(dir, 'mallory');
    pub = alice.pub;
    otherPub = mallory.pub;
    for (const name of ['app.tar.gz', 'changed.tar.gz'])
      await writeFile(path(name), 'release bytes\n'.repeat(100));
    for (const name of ['app.tar.gz', 'changed.tar.gz']) {
      const signed = await run('minisign', [
        '-S',
        '-W',
        '-s',
        alice.sec,
        '-m',
        path(name),
        '-t',
        'release 1.0',
      ]);
      expect(signed.status, signed.stderr).toBe(0);
    }
    await writeFile(path('changed.tar.gz'), 'other bytes\n');
    await writeFile(path('lonely.bin'), 'no signature here\n');
    await writeFile(path('broken.bin'), 'x');
    await writeFile(path('broken.bin.minisig'), 'untrusted comment: x\nnot base64 at all!\n');
  });

  const cases: [string, () => string[], string, string][] = [
    ['verified', () => ['app.tar.gz', '--pubkey', pub], 'verified', 'verified'],
    ['tampered', () => ['changed.tar.gz', '--pubkey', pub], 'tampered', 'signature-mismatch'],
    ['no signature', () => ['lonely.bin'], 'no-signature', 'no-signature'],
    ['malformed', () => ['broken.bin'], 'malformed', 'damaged-signature'],
    ['unknown signer', () => ['app.tar.gz', '--pubkey', otherPub], 'unknown-signer', 'not-the-given-key'],
    ['unknown signer, no key given', () => ['app.tar.gz'], 'unknown-signer', 'key-not-trusted'],
  ];

  it.each(cases)('%s', async (_name, args, verdict, code) => {
    const [file, ...rest] = args();
    const r = await signet(['verify', path(file!), ...rest, '--json'], config);
    const output = JSON.parse(r.stdout);
    expect(schemaProblems(schema, output)).toEqual([]);
    expect(output).toMatchObject({ schemaVersion: 1, verdict, code });
    if (verdict === 'verified') {
      expect(output.facts).toMatchObject({
        kind: 'minisign',
        trustedComment: expect.stringContaining('release 1.0'),
      });
    }
  });
});
