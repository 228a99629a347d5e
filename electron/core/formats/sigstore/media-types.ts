import { RECOGNISE_WINDOW_BYTES } from '../../limits';
/**
 * Bundle media types Signet reads (protobuf-specs `Bundle.mediaType`). v0.3 has two spellings: the
 * parameter form first published and the `.v0.3+json` form clients write today.
 */
export const BUNDLE_MEDIA_TYPES = {
  'application/vnd.dev.sigstore.bundle+json;version=0.1': '0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2': '0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3': '0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json': '0.3',
} as const satisfies Record<string, string>;

export type BundleMediaType = keyof typeof BUNDLE_MEDIA_TYPES;
export type BundleVersion = (typeof BUNDLE_MEDIA_TYPES)[BundleMediaType];

export function bundleVersionOf(mediaType: unknown): BundleVersion | undefined {
  if (typeof mediaType !== 'string' || !Object.hasOwn(BUNDLE_MEDIA_TYPES, mediaType)) return undefined;
  return BUNDLE_MEDIA_TYPES[mediaType as BundleMediaType];
}

// Any Sigstore bundle media type, known version or not: an unknown version is still a bundle, and
// parse() then says which version it is rather than "not a signature Signet reads".
const MEDIA_TYPE_MEMBER = /"mediaType"\s*:\s*"application\/vnd\.dev\.sigstore\.bundle[.+]/;

/**
 * Cheap content test on the first bytes of a file: a JSON object naming a Sigstore bundle media
 * type. The name of the file never decides. Never throws.
 */
export function looksLikeSigstoreBundle(head: Uint8Array): boolean {
  try {
    const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, RECOGNISE_WINDOW_BYTES))
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    if (!/^\s*\{/.test(text)) return false;
    return MEDIA_TYPE_MEMBER.test(text);
  } catch {
    return false;
  }
}
