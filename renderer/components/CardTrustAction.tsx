import { useShallow } from 'zustand/react/shallow';
import type { VerifyResult } from '../../shared/verdict';
import { cardTrustOffer } from '../../shared/verdict-words';
import { useAppStore } from '../store';
import { Icon } from './Icon';
import { TrustFromVerdict } from './verdict-details/TrustFromVerdict';
import { isTrustedKey } from './verdict-details/trust-kind';

/**
 * The "Trust this …" step on an unknown-signer card. Publishers (Authenticode), identities
 * (Sigstore) and OpenPGP certificates are trusted from the card itself, through main; a raw key
 * (minisign, signify, SSH) keeps the Trusted signers form (`onTrustKey`).
 */
export function CardTrustAction({ result, onTrustKey }: { result: VerifyResult; onTrustKey: () => void }) {
  const userMayAdd = useAppStore((state) => state.trusted.userMayAdd);
  const trustedIds = useAppStore(useShallow((state) => state.trusted.list.map((s) => s.keyId)));
  const offer = cardTrustOffer(result, { userMayAdd });
  if (!offer) return null;
  if (offer !== 'key') {
    return (
      <TrustFromVerdict
        result={result}
        kind={offer}
        alreadyTrusted={isTrustedKey(result.keyId, trustedIds)}
      />
    );
  }
  // A key already on the list (revoked or expired) gains nothing from being added again.
  if (!onTrustKey || isTrustedKey(result.keyId, trustedIds)) return null;
  return (
    <div className="verdict__actions">
      <button type="button" className="button" onClick={onTrustKey}>
        <Icon name="users" size={16} />
        <span>Trust this signer…</span>
      </button>
    </div>
  );
}
