import { formatDate } from '../lib/format';
import { Icon } from './Icon';

/** As gpg's own reminder: a key says so 30 days before it expires, so a release never meets an expired key. */
const REMINDER_DAYS = 30;
const DAY_MS = 86_400_000;

/** When a key expires, and from 30 days before, a reminder to extend it. */
export function KeyExpiry({ expiresAt, now = Date.now() }: { expiresAt: string; now?: number }) {
  const left = Math.ceil((Date.parse(expiresAt) - now) / DAY_MS);
  if (left <= 0) {
    return (
      <p className="key-backup key-backup--missing" data-testid="key-expiry">
        <Icon name="warning" size={14} />
        <span>
          Expired {formatDate(expiresAt)}: signatures made with it are refused. Extend it, or make a new key.
        </span>
      </p>
    );
  }
  if (left <= REMINDER_DAYS) {
    return (
      <p className="key-backup key-backup--missing" data-testid="key-expiry">
        <Icon name="warning" size={14} />
        <span>
          Expires {formatDate(expiresAt)}, in {left === 1 ? '1 day' : `${left} days`}: extend it before your
          next release.
        </span>
      </p>
    );
  }
  return (
    <p className="card__meta" data-testid="key-expiry">
      Expires {formatDate(expiresAt)}
    </p>
  );
}
