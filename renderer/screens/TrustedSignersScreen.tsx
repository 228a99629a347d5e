import { useEffect, useState } from 'react';
import type { TrustedSignerInfo } from '../../shared/ipc/contract';
import { policyOriginSentence, policySentences } from '../../shared/policy-words';
import { printable } from '../../shared/printable';
import { addedSentence, removedSentence } from '../../shared/trust-wording';
import { AddSignerForm } from '../components/AddSignerForm';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { ScreenHeader } from '../components/ScreenHeader';
import { SignerCard } from '../components/SignerCard';
import { errorSentence } from '../lib/bridge';
import { baseName } from '../lib/format';
import { useAppStore } from '../store';

export function TrustedSignersScreen() {
  const trusted = useAppStore((state) => state.trusted);
  const loadTrusted = useAppStore((state) => state.loadTrusted);
  const removeTrusted = useAppStore((state) => state.removeTrusted);
  const trustRequest = useAppStore((state) => state.trustRequest);
  const clearTrustRequest = useAppStore((state) => state.clearTrustRequest);
  const navigate = useAppStore((state) => state.navigate);
  const verifyFiles = useAppStore((state) => state.verifyFiles);
  const exportPolicy = useAppStore((state) => state.exportPolicy);
  const policy = useAppStore((state) => state.policy);
  const loadPolicy = useAppStore((state) => state.loadPolicy);
  const [exported, setExported] = useState<{ savedTo: string; count: number } | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [adding, setAdding] = useState(trustRequest !== null);
  // Everything the last add put on the list (a file of OpenPGP certificates adds several).
  const [addedAll, setAddedAll] = useState<TrustedSignerInfo[]>([]);
  const added = addedAll[0] ?? null;
  const [removing, setRemoving] = useState<TrustedSignerInfo | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [removedName, setRemovedName] = useState<string | null>(null);

  useEffect(() => {
    void loadTrusted();
    void loadPolicy();
  }, [loadTrusted, loadPolicy]);

  async function saveAsPolicy() {
    setExportError(null);
    setExported(null);
    try {
      const { savedTo, count } = await exportPolicy();
      if (savedTo) setExported({ savedTo, count });
    } catch (error) {
      setExportError(errorSentence(error));
    }
  }

  const ownCount = trusted.list.filter((signer) => signer.source === 'user').length;
  const origin = policy.summary ? policyOriginSentence(policy.summary.sources) : undefined;

  async function confirmRemove() {
    if (!removing) return;
    setRemoveError(null);
    try {
      await removeTrusted(removing.keyId);
      setRemovedName(printable(removing.name));
      setAddedAll([]);
      setRemoving(null);
    } catch (error) {
      setRemoveError(errorSentence(error));
    }
  }

  const matchedRequest =
    trustRequest && addedAll.some((signer) => signer.keyId === trustRequest.keyId) ? trustRequest : null;

  return (
    <>
      <ScreenHeader title="Trusted signers">
        Files signed by these people and teams show as verified.
      </ScreenHeader>

      {trusted.policyUnreadable ? (
        <Notice tone="error" title="Your organisation's policy cannot be read — ask your IT team">
          Until it is fixed, no file shows as verified on this computer. {trusted.policyUnreadable}
        </Notice>
      ) : null}

      {trustRequest && !matchedRequest && !trusted.userMayAdd ? (
        <Notice
          tone="info"
          title={`Only your IT team can trust the signer of ${baseName(trustRequest.file)}`}
          nextStep="Ask your IT team to add this signer to your organisation’s list."
          actions={
            <button type="button" className="button button--link" onClick={clearTrustRequest}>
              Never mind
            </button>
          }
        >
          Tell them the key ID <span className="mono">{trustRequest.keyId}</span>.
        </Notice>
      ) : null}

      {trustRequest && !matchedRequest && trusted.userMayAdd ? (
        <Notice
          tone="info"
          title={`To trust the signer of ${baseName(trustRequest.file)}, add their public key`}
          nextStep="Get the public key from the publisher's official website or from someone you know there, not from the same place as the file."
          actions={
            <button type="button" className="button button--link" onClick={clearTrustRequest}>
              Never mind
            </button>
          }
        >
          It must have the key ID <span className="mono">{trustRequest.keyId}</span>. Signet checks that for
          you.
        </Notice>
      ) : null}

      {matchedRequest ? (
        <Notice
          tone="success"
          title={`${printable(added?.name ?? '')} is now a trusted signer`}
          nextStep={`Check ${baseName(matchedRequest.file)} again to see the new answer.`}
          actions={
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                clearTrustRequest();
                navigate('verify');
                void verifyFiles([matchedRequest.file]);
              }}
            >
              Check the file again
            </button>
          }
        />
      ) : null}

      {added && !matchedRequest ? (
        <Notice tone="success" title={`${printable(added.name)} added`}>
          {trustRequest && added.keyId !== trustRequest.keyId
            ? `This key's ID is ${added.keyId}, not ${trustRequest.keyId}, so it did not sign ${baseName(trustRequest.file)}.`
            : addedSentence(addedAll.map((signer) => signer.noun))}
        </Notice>
      ) : null}
      {removedName ? <Notice tone="success" title={`${removedName} is no longer trusted`} /> : null}

      {exported ? (
        <Notice
          tone="success"
          title={`Saved as an organisation policy: ${exported.count === 1 ? '1 signer' : `${exported.count} signers`}`}
          nextStep="Check it with “signet policy check”, then deploy it as your IT tools do (Group Policy, a configuration profile, /etc/signet)."
        >
          <span className="path">{printable(exported.savedTo)}</span>
        </Notice>
      ) : null}
      {exportError ? (
        <Notice tone="error" title="The policy was not saved">
          {exportError}
        </Notice>
      ) : null}

      {trusted.userMayAdd && origin && policy.summary ? (
        <Notice tone="info" title={origin}>
          {printable(policySentences(policy.summary).join(' '))}
        </Notice>
      ) : null}

      {trusted.userMayAdd ? (
        <div className="toolbar">
          <button
            type="button"
            className="button button--primary"
            aria-expanded={adding}
            onClick={() => {
              // An old "added" or "removed" message would read as news about the new attempt.
              setAddedAll([]);
              setRemovedName(null);
              setAdding(!adding);
            }}
          >
            <Icon name="plus" size={16} />
            <span>Add a signer…</span>
          </button>
          {ownCount > 0 ? (
            <button type="button" className="button" onClick={() => void saveAsPolicy()}>
              Export as organisation policy…
            </button>
          ) : null}
        </div>
      ) : (
        <Notice
          tone="info"
          title="Your organisation decides who is trusted here"
          nextStep="Ask your IT team to add a signer you need."
        >
          Only the signers your IT team has listed count on this computer.{origin ? ` ${origin}` : ''}
        </Notice>
      )}

      {adding && trusted.userMayAdd ? (
        <AddSignerForm
          onAdded={(signers) => {
            setAddedAll(signers);
            setRemovedName(null);
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}

      {trusted.status === 'failed' && trusted.error ? (
        <Notice
          tone="error"
          title="Signet could not read your trusted signers"
          nextStep="Restart Signet and try again."
        >
          {trusted.error}
        </Notice>
      ) : null}

      <section aria-labelledby="signer-list-title" className="stack">
        <h2 id="signer-list-title">Signers you trust</h2>
        {trusted.status === 'ready' && trusted.list.length === 0 ? (
          <p className="empty">
            Nobody yet. Add the public key, Sigstore identity or certificate of a publisher you trust, and
            their files will show as verified.
          </p>
        ) : null}
        <ul className="card-list">
          {trusted.list.map((signer) => (
            <li key={`${signer.source}-${signer.keyId}`}>
              <SignerCard signer={signer} onRemove={() => setRemoving(signer)} />
            </li>
          ))}
        </ul>
      </section>

      <ConfirmDialog
        open={removing !== null}
        title={`Stop trusting ${printable(removing?.name ?? '')}?`}
        confirmLabel="Remove"
        danger
        onConfirm={() => void confirmRemove()}
        onCancel={() => {
          setRemoving(null);
          setRemoveError(null);
        }}
      >
        <p>{removing ? removedSentence(removing.noun) : null} You can add it again later.</p>
        {removeError ? (
          <p className="inline-error" role="alert">
            {removeError}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
