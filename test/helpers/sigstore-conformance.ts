import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sigstoreIdentityKeyId } from '../../electron/core/formats/sigstore/stored-entry';
import type { SigstoreTrustEntry } from '../../electron/core/formats/sigstore/trust-entry';

const REPO = path.resolve(__dirname, '../..');
const CASES = 'sigstore-conformance/assets/bundle-verify';

/**
 * The sigstore-conformance bundle-verify cases, read in place (never copied into the repo): from
 * $SIGNET_SHARED_DIR when set (and only there), else ../shared beside the checkout (a git worktree
 * one level deeper also looks two levels up).
 */
const SHARED_DIRS = process.env.SIGNET_SHARED_DIR
  ? [process.env.SIGNET_SHARED_DIR]
  : [path.join(REPO, '..', 'shared'), path.join(REPO, '..', '..', 'shared')];
export const CONFORMANCE_DIR =
  SHARED_DIRS.map((dir) => path.join(dir, CASES)).find((dir) => existsSync(dir)) ??
  path.join(SHARED_DIRS[0] ?? REPO, CASES);

export const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
export const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

export interface ConformanceCase {
  name: string;
  shouldVerify: boolean;
  bundlePath: string;
  artifactPath: string;
  trustedRootPath?: string;
  publicKeyPath?: string;
  identity: string;
  issuer: string;
}

export function conformanceAvailable(): boolean {
  return existsSync(CONFORMANCE_DIR);
}

/** SOURCE.md's layout: optional files replace the defaults. */
export function conformanceCases(): ConformanceCase[] {
  if (!conformanceAvailable()) return [];
  return readdirSync(CONFORMANCE_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(CONFORMANCE_DIR, d.name);
      const optional = (name: string) =>
        existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined;
      const text = (name: string) => {
        const p = optional(name);
        return p ? readFileSync(p, 'utf8').trim() : undefined;
      };
      return {
        name: d.name,
        shouldVerify: !d.name.endsWith('_fail'),
        bundlePath: path.join(dir, 'bundle.sigstore.json'),
        artifactPath: optional('artifact') ?? path.join(CONFORMANCE_DIR, 'a.txt'),
        trustedRootPath: optional('trusted_root.json'),
        publicKeyPath: optional('key.pub'),
        identity: text('identity') ?? DEFAULT_IDENTITY,
        issuer: text('issuer') ?? DEFAULT_ISSUER,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function trustEntryFor(
  identity: string,
  issuer: string,
  name = 'Conformance signer',
): SigstoreTrustEntry {
  return {
    kind: 'sigstore',
    keyId: sigstoreIdentityKeyId(identity, issuer),
    identity,
    issuer,
    name,
    source: 'user',
    addedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A case's bundle as plain JSON, for tests that edit it field by field. */
export function conformanceBundleJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(CONFORMANCE_DIR, name, 'bundle.sigstore.json'), 'utf8'));
}

export function conformanceTrustedRootJson(name: string): unknown {
  const file = path.join(CONFORMANCE_DIR, name, 'trusted_root.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

export function conformanceArtifact(name?: string): Buffer {
  const own = name ? path.join(CONFORMANCE_DIR, name, 'artifact') : undefined;
  return readFileSync(own && existsSync(own) ? own : path.join(CONFORMANCE_DIR, 'a.txt'));
}

/** Base64 in, one byte XORed at `index` (negative counts from the end), base64 out. */
export function flipBase64Byte(value: string, index: number, mask = 0x01): string {
  const bytes = Buffer.from(value, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ mask;
  return bytes.toString('base64');
}
