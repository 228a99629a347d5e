import { useEffect } from 'react';
import { printable } from '../../shared/printable';
import { CopyButton } from '../components/CopyButton';
import { Notice } from '../components/Notice';
import { RevealButton } from '../components/RevealButton';
import { ScreenHeader } from '../components/ScreenHeader';
import { baseName, formatDateTime } from '../lib/format';
import { useAppStore } from '../store';

export function ActivityScreen() {
  const activity = useAppStore((state) => state.activity);
  const loadActivity = useAppStore((state) => state.loadActivity);

  useEffect(() => {
    void loadActivity();
  }, [loadActivity]);

  return (
    <>
      <ScreenHeader title="Activity">
        Every file signed on this computer, in the app or with the signet command, newest first.
      </ScreenHeader>
      {activity.status === 'failed' && activity.error ? (
        <Notice
          tone="error"
          title="Signet could not read the activity log"
          nextStep="Restart Signet and try again."
        >
          {activity.error}
        </Notice>
      ) : null}
      {activity.status === 'ready' && activity.entries.length === 0 ? (
        <p className="empty">
          Nothing signed yet. Files you sign on the Sign screen or with the signet command are listed here.
        </p>
      ) : null}
      {activity.entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table activity-table">
            <caption className="visually-hidden">Signed files</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">SHA-256</th>
                <th scope="col">Key</th>
              </tr>
            </thead>
            <tbody>
              {activity.entries.map((entry) => (
                <tr key={`${entry.time}-${entry.output}`}>
                  <td>
                    <span className="path activity-file" title={printable(entry.file)}>
                      {baseName(entry.file)}
                    </span>
                    <span className="activity-time muted">{formatDateTime(entry.time)}</span>
                    <span className="activity-output">
                      <span className="path muted" title={printable(entry.output)}>
                        Signature: {baseName(entry.output)}
                      </span>
                      <RevealButton path={entry.output} what={baseName(entry.output)} />
                    </span>
                  </td>
                  <td>
                    {/* The whole hash: a shortened one cannot be compared with what someone else computed. */}
                    <div className="cell-stack">
                      <span className="mono digest-full" data-testid="activity-sha256">
                        {entry.sha256}
                      </span>
                      <CopyButton value={entry.sha256} what={`SHA-256 of ${baseName(entry.file)}`} />
                    </div>
                  </td>
                  {entry.identity ? (
                    // Keyless: who signed, who vouched for them, and the public log's entry.
                    <td>
                      <span className="activity-key__name">{printable(entry.identity)}</span>
                      <span className="muted">vouched for by {printable(entry.issuer ?? '')}</span>
                      {entry.logIndex ? (
                        <span className="mono activity-key__id">log entry {entry.logIndex}</span>
                      ) : null}
                    </td>
                  ) : (
                    <td>
                      <span className="activity-key__name">
                        {entry.keyName ? printable(entry.keyName) : 'A key not in your keystore'}
                      </span>
                      <span className="mono activity-key__id">{entry.keyId}</span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
