import { TrustedRoot } from '@sigstore/protobuf-specs';
import seeds from '@sigstore/tuf/seeds.json';
import type { TrustRootOrigin } from '../../../../shared/verdict-facts';
import { FormatError } from '../../errors';

/** A Sigstore trusted root (roots of Fulcio, Rekor, CT logs, TSAs) and where it came from. */
export interface LoadedTrustedRoot {
  root: TrustedRoot;
  /** "the public-good root shipped with Signet" or the file a person named. */
  source: string;
  /** Built in, updated through TUF, given for this run, or pinned by the organisation. */
  origin: TrustRootOrigin;
  /** For an updated root: when Sigstore's update service last vouched for it. */
  updatedAt?: Date;
  /**
   * The newest validity start of any key in the root: the root cannot be older than this. The seed
   * carries no signing date of its own, so this is the honest date to show for "how old".
   */
  newestKeyFrom: Date;
}

const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
const TRUSTED_ROOT_MEDIA_TYPE =
  /^application\/vnd\.dev\.sigstore\.trustedroot(\+json;version=0\.1|\.v0\.2\+json)$/;

/**
 * The public-good trusted root, from the TUF seed that @sigstore/tuf ships (its `seeds.json`, the
 * `trusted_root.json` target of the tuf-repo-cdn mirror). Bundled with the app at build time, so
 * verifying never needs the network.
 */
export function publicGoodTrustedRoot(): LoadedTrustedRoot {
  const seed = (seeds as Record<string, { targets?: Record<string, string> }>)[PUBLIC_GOOD_MIRROR];
  const encoded = seed?.targets?.['trusted_root.json'];
  if (!encoded) throw new FormatError('The built-in Sigstore trusted root is missing.');
  const json: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  return trustedRootFromJson(json, 'the Sigstore public-good root built into Signet', 'built-in');
}

/** Reads a trusted root document (from `--trusted-root FILE`, or a test). */
export function trustedRootFromBytes(bytes: Uint8Array, source: string): LoadedTrustedRoot {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FormatError(`The trusted root ${source} is not valid JSON.`);
  }
  return trustedRootFromJson(json, source);
}

export function trustedRootFromJson(
  json: unknown,
  source: string,
  origin: TrustRootOrigin = 'given',
): LoadedTrustedRoot {
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
  if (typeof mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPE.test(mediaType)) {
    throw new FormatError(`The trusted root ${source} is not a Sigstore trusted root.`);
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
  } catch {
    throw new FormatError(`The trusted root ${source} has a field of the wrong type.`);
  }
  const starts = validityStarts(root, source);
  if (starts.length === 0) throw new FormatError(`The trusted root ${source} names no authorities.`);
  const newestKeyFrom = new Date(Math.max(...starts.map((d) => d.getTime())));
  return { root, source, origin, newestKeyFrom };
}

/**
 * Every authority must say from when it is valid. The library reads a missing start as "since the
 * beginning of time", which would let a key vouch for entries made before it existed.
 */
function validityStarts(root: TrustedRoot, source: string): Date[] {
  const windows = [
    ...root.tlogs.map((t) => ({ what: 'transparency log', validFor: t.publicKey?.validFor })),
    ...root.ctlogs.map((t) => ({ what: 'certificate log', validFor: t.publicKey?.validFor })),
    ...root.certificateAuthorities.map((c) => ({ what: 'certificate authority', validFor: c.validFor })),
    ...root.timestampAuthorities.map((c) => ({ what: 'timestamp authority', validFor: c.validFor })),
  ];
  return windows.map(({ what, validFor }) => {
    const start = validFor?.start;
    if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
      throw new FormatError(`The trusted root ${source} has a ${what} without a start of validity.`);
    }
    return start;
  });
}
