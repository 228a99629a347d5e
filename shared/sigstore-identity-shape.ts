/**
 * What a Fulcio certificate's identity looks like: an email address, or an address with a scheme
 * (a CI workflow's https://… URL, a spiffe:// id). Anything else cannot match a certificate. Free of
 * zod and Node, so the renderer checks a typed identity the same way main does.
 */
export const IDENTITY_SHAPE = /^(?:[^@\s]+@[^@\s]+\.[^@\s]+|[a-z][a-z0-9+.-]*:\/\/\S+)$/i;
