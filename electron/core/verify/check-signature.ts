import type { DigestAlgorithm, Digests } from '../hashing/digest-algorithms';
import type { AnySignature } from './parse-any-signature';
import { prepareMinisign } from './prepare-minisign';
import { prepareSignify } from './prepare-signify';
import { prepareSsh } from './prepare-ssh';
import type { PreparedSignature, SignatureCheck } from './signature-check';
import { contentBytes, contentDigests, type SignedContent } from './signed-content';
import type { VerifyContext } from './verify-options';

type DetachedSignature = Exclude<AnySignature, { kind: 'signify-embedded' }> | AnySignature;

export function prepareSignature(
  parsed: DetachedSignature,
  ctx: VerifyContext,
  what: string,
): PreparedSignature {
  switch (parsed.kind) {
    case 'minisign':
      return prepareMinisign(parsed.signature, ctx.sources, what);
    case 'signify':
      return prepareSignify(parsed.signature, ctx.sources, what);
    case 'signify-embedded':
      return prepareSignify(parsed.signature, ctx.sources, what, 'signify-embedded');
    case 'ssh':
      return prepareSsh(parsed.signature, ctx.sources, ctx.ssh, what);
  }
}

/** Reads/hashes the content once for everything asked of it, then checks the signature. */
export async function checkSignature(
  prepared: PreparedSignature,
  content: SignedContent,
  ctx: VerifyContext,
  alsoDigests: readonly DigestAlgorithm[] = [],
): Promise<{ check: SignatureCheck; digests: Digests }> {
  const wanted = [...prepared.needs.digests, ...alsoDigests];
  const message = prepared.needs.wholeMessage ? await contentBytes(content, ctx.progress.signal) : undefined;
  // With the message already in memory, hashing it there beats reading the file again.
  const digests = message
    ? await contentDigests({ kind: 'bytes', bytes: message }, wanted, ctx.digest, ctx.progress)
    : await contentDigests(content, wanted, ctx.digest, ctx.progress);
  return { check: prepared.check({ digests, ...(message ? { message } : {}) }), digests };
}
