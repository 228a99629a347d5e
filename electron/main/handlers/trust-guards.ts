import { formatDate } from '../../../shared/dates';
import { SignetError } from '../../core/errors';
import type { StoredEntry } from '../../core/trust/trust-entry';
import { sameSigner } from '../../core/trust/trust-store';
import type { HandlerDeps } from './types';

export const NOT_CONFIRMED_ADD = 'You did not confirm, so the signer was not added.';

/** Where the organisation alone decides who is trusted, nothing is read or asked. */
export async function refuseUnlessUserMayAdd(deps: HandlerDeps): Promise<void> {
  if (!(await deps.trust.userMayAdd())) {
    throw new SignetError(
      'usage',
      'Your organisation decides who is trusted on this computer, so signers cannot be added here. Ask your IT team.',
    );
  }
}

/**
 * Refuses before main asks anything: the same key, identity or certificate is trusted once only.
 * A key given as its entry is compared by the whole key (another key may share its id).
 */
export async function refuseAlreadyTrusted(
  deps: HandlerDeps,
  keys: readonly (string | StoredEntry)[],
  noun: 'key' | 'identity' | 'certificate',
): Promise<void> {
  const all = await deps.trust.listAll();
  for (const key of keys) {
    const already = all.find((s) => (typeof key === 'string' ? s.keyId === key : sameSigner(s, key)));
    if (already) throw new SignetError('exists', `This ${noun} is already trusted as “${already.name}”.`);
  }
}

/** "2031-04-01": a date a person reads the same anywhere. */
export const day = (iso: string) => formatDate(iso);
