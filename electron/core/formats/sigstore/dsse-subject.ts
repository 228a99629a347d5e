import type { Envelope } from '@sigstore/bundle';

const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const STATEMENT_TYPES = new Set(['https://in-toto.io/Statement/v0.1', 'https://in-toto.io/Statement/v1']);

export type SubjectMatch =
  | { ok: true; subjectName?: string; predicateType?: string }
  | { ok: false; why: 'not-in-toto' }
  /** `names`: the subjects' names, for telling a statement about another file from a changed one. */
  | { ok: false; why: 'no-matching-subject'; names: string[] };

/**
 * A DSSE envelope signs a statement, not the file: the file is covered only if one of the
 * statement's subjects carries its SHA-256. Only called after the envelope's signature checked out.
 */
export function matchInTotoSubject(envelope: Envelope, artifactSha256: Uint8Array): SubjectMatch {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return { ok: false, why: 'not-in-toto' };
  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(envelope.payload));
  } catch {
    return { ok: false, why: 'not-in-toto' };
  }
  const { _type, subject, predicateType } = (statement ?? {}) as {
    _type?: unknown;
    subject?: unknown;
    predicateType?: unknown;
  };
  if (typeof _type !== 'string' || !STATEMENT_TYPES.has(_type) || !Array.isArray(subject)) {
    return { ok: false, why: 'not-in-toto' };
  }
  const wanted = Buffer.from(artifactSha256).toString('hex');
  for (const entry of subject as unknown[]) {
    const { name, digest } = (entry ?? {}) as { name?: unknown; digest?: unknown };
    const sha256 = (digest as { sha256?: unknown } | null)?.sha256;
    if (typeof sha256 === 'string' && sha256.toLowerCase() === wanted) {
      return {
        ok: true,
        subjectName: typeof name === 'string' ? name : undefined,
        predicateType: typeof predicateType === 'string' ? predicateType : undefined,
      };
    }
  }
  const names = (subject as unknown[])
    .map((entry) => (entry as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
  return { ok: false, why: 'no-matching-subject', names };
}
