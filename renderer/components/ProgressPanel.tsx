import { useEffect, useRef, useState } from 'react';
import { baseName, formatBytes, formatSpeed } from '../lib/format';
import { fractionDone, timeLeft } from '../lib/time-left';
import { useAppStore } from '../store';

/** The clock, ticking each second so "time left" moves even between events. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * "About 2 minutes left", measured from the first progress event rather than from when the panel
 * appeared: time spent in main's dialogs or its passphrase window before any byte was read would
 * otherwise count as work and stretch the estimate.
 */
function useTimeLeft(fraction: number | undefined): string {
  const now = useNow();
  const first = useRef<{ at: number; fraction: number } | null>(null);
  if (fraction === undefined) return '';
  first.current ??= { at: Date.now(), fraction };
  const { at, fraction: from } = first.current;
  if (from >= 1) return '';
  // The share done since the clock started, of what was left then.
  return timeLeft(now - at, (fraction - from) / (1 - from));
}

/**
 * Progress of one long job, with its speed, the time left and a Cancel button: Verify's and Sign's
 * alike (Sign shows it in its sticky action bar, so it stays in view).
 */
export function ProgressPanel({
  jobId,
  verb,
  files,
  cancelling,
  onCancel,
}: {
  jobId: string | null;
  /** "Checking", "Signing" */
  verb: string;
  files: string[];
  cancelling: boolean;
  onCancel: () => void;
}) {
  const progress = useAppStore((state) => (jobId ? state.progress[jobId] : undefined));
  const left = useTimeLeft(progress ? fractionDone(progress) : undefined);
  const current = progress?.file ?? files[0] ?? '';
  const name = baseName(current);
  const fileCount = progress?.fileCount ?? files.length;
  const fileIndex = progress ? progress.fileIndex + 1 : 1;
  const known = progress !== undefined && progress.bytesTotal > 0;
  const percent = known
    ? Math.min(100, Math.round((progress.bytesDone / progress.bytesTotal) * 100))
    : undefined;

  return (
    <section className="progress" aria-label={`${verb} progress`} data-testid="progress">
      <div className="progress__row">
        <p className="progress__title">{cancelling ? 'Cancelling…' : `${verb} ${name}…`}</p>
        {fileCount > 1 ? (
          <p className="progress__count">
            File {fileIndex} of {fileCount}
          </p>
        ) : null}
      </div>
      <progress
        className="progress__bar"
        max={100}
        {...(percent !== undefined ? { value: percent } : {})}
        aria-label={`${verb} ${name}`}
      />
      <div className="progress__row">
        <p className="progress__detail">
          {known ? `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}` : 'Starting…'}
        </p>
        {left ? (
          <p className="progress__detail" data-testid="progress-time-left">
            {left}
          </p>
        ) : null}
        <p className="progress__detail" data-testid="progress-speed">
          {progress ? formatSpeed(progress.bytesPerSecond) : ''}
        </p>
      </div>
      <div className="progress__actions">
        <button type="button" className="button" onClick={onCancel} disabled={cancelling}>
          Cancel
        </button>
      </div>
    </section>
  );
}
