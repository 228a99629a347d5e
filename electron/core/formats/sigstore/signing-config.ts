import { SigningConfig } from '@sigstore/protobuf-specs';
import { FormatError } from '../../errors';

/** The services one Sigstore instance signs with, picked from its signing configuration. */
export interface SigningServices {
  /** The OIDC issuer people log in with (its discovery document names the endpoints). */
  oidcUrl: string;
  fulcioUrl: string;
  rekorUrl: string;
  rekorMajorApiVersion: number;
  /** Present when the configuration names a timestamp authority: the bundle then carries an RFC 3161 timestamp. */
  tsaUrl?: string;
  /** "the Sigstore public-good instance" or the file a person named. */
  source: string;
}

const SIGNING_CONFIG_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.signingconfig\.v0\.2\+json$/;

/**
 * The public-good instance's signing configuration (the `signing_config.v0.2.json` target of its
 * TUF repository), kept to the services the built-in trusted root lists, so a bundle Signet makes
 * by default verifies with the root Signet checks it against by default.
 */
const PUBLIC_GOOD_SIGNING_CONFIG = {
  mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
  caUrls: [
    {
      url: 'https://fulcio.sigstore.dev',
      majorApiVersion: 1,
      validFor: { start: '2023-04-14T21:38:40Z' },
      operator: 'sigstore.dev',
    },
  ],
  oidcUrls: [
    {
      url: 'https://oauth2.sigstore.dev/auth',
      majorApiVersion: 1,
      validFor: { start: '2025-04-16T00:00:00Z' },
      operator: 'sigstore.dev',
    },
  ],
  rekorTlogUrls: [
    {
      url: 'https://rekor.sigstore.dev',
      majorApiVersion: 1,
      validFor: { start: '2021-01-12T11:53:27Z' },
      operator: 'sigstore.dev',
    },
  ],
  tsaUrls: [
    {
      url: 'https://timestamp.sigstore.dev/api/v1/timestamp',
      majorApiVersion: 1,
      validFor: { start: '2025-07-04T00:00:00Z' },
      operator: 'sigstore.dev',
    },
  ],
  rekorTlogConfig: { selector: 'ANY' },
  tsaConfig: { selector: 'ANY' },
};

export function publicGoodSigningServices(): SigningServices {
  return signingServicesFromJson(PUBLIC_GOOD_SIGNING_CONFIG, 'the Sigstore public-good instance');
}

/** Reads a signing configuration (`--signing-config FILE`, or the managed one). */
export function signingServicesFromBytes(bytes: Uint8Array, source: string): SigningServices {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new FormatError(`The signing configuration ${source} is not valid JSON.`);
  }
  return signingServicesFromJson(json, source);
}

function signingServicesFromJson(json: unknown, source: string): SigningServices {
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
  if (typeof mediaType !== 'string' || !SIGNING_CONFIG_MEDIA_TYPE.test(mediaType)) {
    throw new FormatError(
      `The signing configuration ${source} is not a Sigstore signing configuration (v0.2).`,
    );
  }
  let config: SigningConfig;
  try {
    config = SigningConfig.fromJSON(json);
  } catch {
    throw new FormatError(`The signing configuration ${source} has a field of the wrong type.`);
  }
  const now = new Date();
  const pick = (services: SigningConfig['caUrls'], maxVersion: number, what: string, required: boolean) => {
    const current = services
      .filter((s) => s.majorApiVersion <= maxVersion && webAddress(s.url))
      .filter((s) => (s.validFor?.start ?? now) <= now && !(s.validFor?.end && s.validFor.end < now))
      .sort((a, b) => (b.validFor?.start?.getTime() ?? 0) - (a.validFor?.start?.getTime() ?? 0));
    if (current.length === 0 && required) {
      throw new FormatError(`The signing configuration ${source} names no current ${what}.`);
    }
    return current[0];
  };
  const ca = pick(config.caUrls, 1, 'certificate authority (Fulcio)', true)!;
  const oidc = pick(config.oidcUrls, 1, 'login service (OIDC)', true)!;
  const tlog = pick(config.rekorTlogUrls, 2, 'transparency log (Rekor)', true)!;
  const tsa = config.tsaUrls.length > 0 ? pick(config.tsaUrls, 1, 'timestamp authority', true) : undefined;
  return {
    oidcUrl: oidc.url,
    fulcioUrl: ca.url,
    rekorUrl: tlog.url,
    rekorMajorApiVersion: tlog.majorApiVersion,
    ...(tsa ? { tsaUrl: tsa.url } : {}),
    source,
  };
}

/**
 * Only https, or plain http to this computer (a private instance under test): an identity token
 * is sent to these, and nothing of it may cross a network in the clear.
 */
export function webAddress(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return true;
    return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}

const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
