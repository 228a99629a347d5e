import type { PinentryPromptView } from '../../../shared/ipc/pinentry';
import { newPassphraseRefusal } from '../../../shared/new-passphrase-rule';
import { dialogLine } from '../dialog-line';
import type { PassphrasePort, PassphrasePrompt } from '../handlers/types';

/** Shows and closes main's passphrase window; the Electron glue owns the window, tests a stand-in page. */
export interface PinentryWindowPort {
  show(view: PinentryPromptView): void;
  close(): void;
}

const SAME_PASSPHRASE = 'The two passphrases are different. Type the same one twice.';
const EMPTY = 'Type a passphrase: Signet never keeps a secret key without one.';

/**
 * The passphrase prompts, one at a time: a second request waits until the first is answered, so a
 * page asking for many unlocks at once gets one window, not a stack of them. The answer comes only
 * from the passphrase window's own two channels (see ../ipc/guard.ts: dispatchPinentry).
 */
export class PinentryService implements PassphrasePort {
  #queue: Promise<unknown> = Promise.resolve();
  #current: { prompt: PassphrasePrompt; answer: (passphrase: string | null) => void } | null = null;

  constructor(private readonly window: PinentryWindowPort) {}

  ask(prompt: PassphrasePrompt): Promise<string | null> {
    const turn = this.#queue.then(() => this.#show(prompt));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** True while a prompt waits for the person. */
  get asking(): boolean {
    return this.#current !== null;
  }

  /** pinentrySubmit: accepted ends the prompt; otherwise the window shows why and the prompt stays. */
  submit(passphrase: string, repeat?: string, keep?: boolean): { accepted: boolean; error?: string } {
    const current = this.#current;
    if (!current) return { accepted: false, error: 'Signet is not asking for a passphrase now.' };
    if (keep) {
      if (!current.prompt.mayKeep) return { accepted: false, error: 'Choose a new passphrase here.' };
      this.#finish('');
      return { accepted: true };
    }
    if (current.prompt.isNew) {
      if (passphrase.length === 0) return { accepted: false, error: EMPTY };
      // main decides, whatever the page showed: a very weak passphrase never protects a new key.
      const refusal = newPassphraseRefusal(passphrase);
      if (refusal) return { accepted: false, error: refusal };
      if (repeat !== passphrase) return { accepted: false, error: SAME_PASSPHRASE };
    }
    this.#finish(passphrase);
    return { accepted: true };
  }

  /** pinentryCancel, or the window was closed. */
  cancel(): { cancelled: boolean } {
    if (!this.#current) return { cancelled: false };
    this.#finish(null);
    return { cancelled: true };
  }

  #show(prompt: PassphrasePrompt): Promise<string | null> {
    return new Promise((answer) => {
      this.#current = { prompt, answer };
      this.window.show(viewOf(prompt));
    });
  }

  #finish(passphrase: string | null): void {
    const current = this.#current;
    this.#current = null;
    this.window.close();
    current?.answer(passphrase);
  }
}

/** Main's own words, each one line: a key name from the page cannot add a line or reorder one. */
export function viewOf(prompt: PassphrasePrompt): PinentryPromptView {
  return {
    title: dialogLine(prompt.title),
    description: dialogLine(prompt.description),
    isNew: prompt.isNew === true,
    ...(prompt.isNew && prompt.mayKeep ? { mayKeep: true } : {}),
    ...(prompt.attempt
      ? {
          attemptText: dialogLine(
            `Try ${prompt.attempt.number} of ${prompt.attempt.of}: ${prompt.attempt.error}`,
          ),
        }
      : {}),
  };
}

/** The two channels of the passphrase window, answered by the service. */
export function pinentryHandlers(service: PinentryService) {
  return {
    async pinentrySubmit({
      passphrase,
      repeat,
      keep,
    }: {
      passphrase: string;
      repeat?: string | undefined;
      keep?: true | undefined;
    }) {
      return service.submit(passphrase, repeat, keep === true);
    },
    async pinentryCancel() {
      return service.cancel();
    },
  };
}
