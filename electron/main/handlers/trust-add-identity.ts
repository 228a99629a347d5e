import { SignetError } from '../../core/errors';
import { sigstoreIdentityEntry, sigstoreIdentityKeyId } from '../../core/formats/sigstore-identity';
import { dialogLine, dialogText } from '../dialog-line';
import { toSignerInfo } from './trust-entry-info';
import { NOT_CONFIRMED_ADD, refuseAlreadyTrusted, refuseUnlessUserMayAdd } from './trust-guards';
import type { Handler, HandlerDeps } from './types';

/**
 * A keyless (Sigstore) signer: the identity and OIDC issuer its certificates must state, both
 * compared exactly (the request's schema has already refused spaces and hidden characters).
 */
export function createAddIdentityHandler(deps: HandlerDeps): Handler<'addTrustedIdentity'> {
  return async ({ name, note, identity, issuer }) => {
    await refuseUnlessUserMayAdd(deps);
    await refuseAlreadyTrusted(deps, [sigstoreIdentityKeyId(identity, issuer)], 'identity');
    const confirmed = await deps.confirm.confirm({
      title: 'Trust a new signer',
      message: dialogLine(`Trust “${name}” as the maker of files signed by ${identity} through Sigstore?`),
      detail: dialogText([
        `Name: ${name}`,
        `Identity: ${identity}`,
        `Issuer: ${issuer}`,
        'Only signatures whose certificate states exactly this identity and this issuer count.',
        `Those files will then show “Verified: made by ${name}”.`,
      ]),
      confirmLabel: 'Trust',
    });
    if (!confirmed) throw new SignetError('cancelled', NOT_CONFIRMED_ADD);
    const added = await deps.trust.addIdentity({
      name,
      entry: (storedName, addedAt) =>
        sigstoreIdentityEntry({
          identity,
          issuer,
          name: storedName,
          addedAt,
          ...(note ? { note } : {}),
        }),
    });
    return { signer: await toSignerInfo(added) };
  };
}
