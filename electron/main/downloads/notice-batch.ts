import type { VerifyResult } from '../../../shared/verdict';
import { deservesNotice, downloadNoticeText, groupedNoticeText } from './download-notice';
import type { NotifierPort } from './notifier';

/**
 * Gathers the verdicts of downloads that finish together (an archive unzipped, a release's files
 * saved at once) and shows them as one notification when no new one has come for `groupMs`. An
 * unsigned file that is not a program is left out; one remaining verdict is shown as it is.
 */
export class NoticeBatch {
  readonly #notifier: NotifierPort;
  readonly #openCard: (file: string) => void;
  readonly #groupMs: number;
  #pending: VerifyResult[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(notifier: NotifierPort, openCard: (file: string) => void, groupMs: number) {
    this.#notifier = notifier;
    this.#openCard = openCard;
    this.#groupMs = groupMs;
  }

  add(results: readonly VerifyResult[]): void {
    this.#pending.push(...results.filter(deservesNotice));
    if (this.#pending.length === 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#groupMs);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const results = this.#pending;
    this.#pending = [];
    const first = results.find((r) => r.verdict !== 'verified') ?? results[0];
    if (!first) return;
    const text = results.length === 1 ? downloadNoticeText(first) : groupedNoticeText(results);
    this.#notifier.show({ ...text, onClick: () => this.#openCard(first.file) });
  }

  /** Stopping drops what was not shown yet: the person turned the check off. */
  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }
}
