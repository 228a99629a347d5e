import type { KeyInfo } from './key-info';

/**
 * A file name to suggest for a key's exports, from its display name, which may hold characters no
 * file system accepts. The keystore's own files are named by key id and never by this.
 */
export function fileNameFor(key: Pick<KeyInfo, 'name' | 'keyId'>): string {
  const cleaned = key.name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return cleaned === '' ? `signet-${key.keyId}` : cleaned;
}
