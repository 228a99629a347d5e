import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContentFacts, FormatCheck } from '../../electron/core/formats/format-module';
import { minisignModule } from '../../electron/core/formats/minisign/module';
import { parseMinisignPublicKey } from '../../electron/core/formats/minisign/public-key';
import type { MinisignTrustEntry } from '../../electron/core/formats/minisign/trust-entry';
import { sigstoreModule } from '../../electron/core/formats/sigstore/module';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import { verdictOf } from '../../electron/core/verify/outcome-verdict';
import {
  conformanceArtifact,
  conformanceAvailable,
  conformanceBundleJson,
  DEFAULT_IDENTITY,
  DEFAULT_ISSUER,
  trustEntryFor,
} from '../helpers/sigstore-conformance';

// The module-level answer behind "This signature is for acme-1.0.exe, not for this file": rule
// other-file, read as an unknown signer by the one verdict table; never tampered, never verified.

const dir = mkdtempSync(join(tmpdir(), 'signet-other-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function minisign(args: string[]): void {
  const r = spawnSync('minisign', args);
  if (r.status !== 0) throw new Error(`minisign failed: ${r.stderr.toString()}`);
}

const facts = (bytes: Buffer): ContentFacts => ({
  size: bytes.length,
  digests: {
    blake2b512: createHash('blake2b512').update(bytes).digest(),
    sha256: createHash('sha256').update(bytes).digest(),
  },
  suffixed: [],
});

describe('minisign: the trusted key signed a comment naming another file', () => {
  minisign(['-G', '-W', '-p', join(dir, 'k.pub'), '-s', join(dir, 'k.sec')]);
  const key = parseMinisignPublicKey(readFileSync(join(dir, 'k.pub'), 'utf8'));
  const entry: MinisignTrustEntry = {
    kind: 'minisign',
    name: 'Acme',
    source: 'user',
    publicKey: Buffer.from(key.publicKey).toString('base64'),
    keyNum: Buffer.from(key.keyNum).toString('base64'),
  } as MinisignTrustEntry;
  writeFileSync(join(dir, 'acme-1.0.exe'), 'acme 1.0');
  minisign(['-S', '-W', '-s', join(dir, 'k.sec'), '-m', join(dir, 'acme-1.0.exe')]);
  const sig = minisignModule.parse(readFileSync(join(dir, 'acme-1.0.exe.minisig')));
  const check = (bytes: string, fileName: string) =>
    minisignModule.check(sig, facts(Buffer.from(bytes)), {
      trust: [entry],
      material: { caRoots: [] },
      policy: standardPolicy(),
      what: 'The file',
      fileName,
    }) as FormatCheck;

  it('over other bytes, checked as acme-1.1.exe: rule other-file, unknown-signer', () => {
    const r = check('acme 1.1', 'acme-1.1.exe');
    expect(r.rule).toBe('other-file');
    expect(verdictOf(r)).toBe('unknown-signer');
    expect(r.reason).toBe('This signature is for acme-1.0.exe, not for this file.');
  });

  it('over other bytes, checked under the name it signed: tampered', () => {
    expect(verdictOf(check('acme 1.0, altered', 'acme-1.0.exe'))).toBe('tampered');
    // Names that differ only in case are one name (Windows, macOS).
    expect(verdictOf(check('acme 1.0, altered', 'ACME-1.0.EXE'))).toBe('tampered');
  });

  it('over the same bytes under another name (a renamed download): verified', () => {
    expect(verdictOf(check('acme 1.0', 'acme-setup.exe'))).toBe('verified');
  });
});

describe.skipIf(!conformanceAvailable())('Sigstore: an attestation whose subjects name other files', () => {
  const DSSE = 'happy-path-intoto-in-dsse-v3';
  const parsed = sigstoreModule.parse(Buffer.from(JSON.stringify(conformanceBundleJson(DSSE))));
  const check = async (bytes: Buffer, fileName: string) =>
    (await sigstoreModule.check(parsed, facts(bytes), {
      trust: [trustEntryFor(DEFAULT_IDENTITY, DEFAULT_ISSUER)],
      material: { caRoots: [] },
      policy: standardPolicy(),
      what: 'The file',
      fileName,
    })) as FormatCheck;

  it('the file it names verifies (the baseline)', async () => {
    expect((await check(conformanceArtifact(DSSE), 'a.txt')).outcome).toBe('valid');
  });

  it('another file under another name: rule other-file, "for a.txt"', async () => {
    const r = await check(Buffer.from('b'), 'b.txt');
    expect(r.rule).toBe('other-file');
    expect(verdictOf(r)).toBe('unknown-signer');
    expect(r.reason).toBe('This signature is for a.txt, not for this file.');
  });

  it('other bytes under the name it names: tampered', async () => {
    expect(verdictOf(await check(Buffer.from('changed'), 'a.txt'))).toBe('tampered');
  });
});
