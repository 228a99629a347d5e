/**
 * The only pages the app opens in the browser. A compromised renderer must not be able to send the
 * person to a look-alike site or hand a file: or custom-scheme URL to the operating system.
 * Entries ending in "/" allow every page below them; others must match exactly.
 */
export const EXTERNAL_URL_ALLOW_LIST: readonly string[] = [
  'https://jedisct1.github.io/minisign/',
  'https://man.openbsd.org/signify',
  'https://man.openbsd.org/ssh-keygen',
  // The project's own help pages belong here once the project has an address it owns.
];

export function isAllowedExternalUrl(raw: string, allowList: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '')
    return false;
  const href = url.href;
  return allowList.some((allowed) => (allowed.endsWith('/') ? href.startsWith(allowed) : href === allowed));
}
