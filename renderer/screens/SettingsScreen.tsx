import { useEffect, useId } from 'react';
import { printable } from '../../shared/printable';
import { Notice } from '../components/Notice';
import { PolicyInForce } from '../components/PolicyInForce';
import { ScreenHeader } from '../components/ScreenHeader';
import { useAppStore } from '../store';

/** Settings main keeps for this computer; today, the download check. */
export function SettingsScreen() {
  const downloadCheck = useAppStore((state) => state.downloadCheck);
  const loadDownloadCheck = useAppStore((state) => state.loadDownloadCheck);
  const setDownloadCheck = useAppStore((state) => state.setDownloadCheck);
  const policy = useAppStore((state) => state.policy);
  const loadPolicy = useAppStore((state) => state.loadPolicy);
  const headingId = useId();
  const { status, saving, error } = downloadCheck;

  useEffect(() => {
    void loadDownloadCheck();
    void loadPolicy();
  }, [loadDownloadCheck, loadPolicy]);
  const locked = status?.setByPolicy === true;

  return (
    <>
      <ScreenHeader title="Settings">How Signet works on this computer.</ScreenHeader>
      <section className="panel settings-panel" aria-labelledby={headingId}>
        <h2 className="panel__title" id={headingId}>
          New downloads
        </h2>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={status?.enabled ?? false}
            disabled={status === null || saving || locked}
            aria-describedby={`${headingId}-what`}
            onChange={(event) => void setDownloadCheck(event.target.checked)}
          />
          <span>
            Check every new download
            <span className="checkbox__hint" id={`${headingId}-what`}>
              When a file finishes downloading, Signet checks who made it and whether it changed, and tells
              you in a notification. Click the notification to see the details. Signet asks you once before it
              starts. It works while Signet is open.
              {locked ? ' Your organisation sets this, so it cannot be changed here.' : ''}
            </span>
          </span>
        </label>
        {status ? (
          <dl className="settings-facts">
            <dt>Folder</dt>
            <dd className="path" title={printable(status.folder)}>
              {printable(status.folder)}
            </dd>
            <dt>Now</dt>
            <dd>
              <span role="status">{statusSentence(status.enabled, status.watching)}</span>
            </dd>
          </dl>
        ) : null}
        <p className="settings-note">Files are read only on this computer. Nothing is uploaded.</p>
        {status?.problem ? (
          <Notice
            tone="warning"
            title="Not watching"
            nextStep="Check that the folder exists, then turn this off and on."
          >
            {status.problem}
          </Notice>
        ) : null}
        {error ? (
          <Notice tone="error" title="The setting was not changed">
            {error}
          </Notice>
        ) : null}
      </section>
      <section className="panel settings-panel" aria-labelledby={`${headingId}-policy`}>
        <h2 className="panel__title" id={`${headingId}-policy`}>
          Your organisation’s policy
        </h2>
        <PolicyInForce summary={policy.summary} unreadable={policy.unreadable} />
      </section>
      <section className="panel settings-panel" aria-labelledby={`${headingId}-open-with`}>
        <h2 className="panel__title" id={`${headingId}-open-with`}>
          Check with Signet
        </h2>
        <p className="settings-note">
          In your file manager, open any file with Signet (right-click, then Open with) to check it. Signature
          files (.minisig, .sig, .asc, .sigstore.json) open in Signet when you double-click them.
        </p>
      </section>
    </>
  );
}

function statusSentence(enabled: boolean, watching: boolean): string {
  if (!enabled) return 'Off. New downloads are not checked.';
  return watching
    ? 'On. Each new download is checked when it finishes.'
    : 'On, but the folder is not being watched.';
}
