import { mkdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Confirmation, ConfirmPort, DialogsPort, ShellPort } from '../../electron/main/handlers/types';
import type { FilePurpose } from '../../shared/ipc/contract';

/**
 * The harness's only test double: the native open/save dialogs and the file manager. A test says what
 * the person "picks" next; each answer is used once, in order, so a test reads like what a person did.
 */
export class FakeDialogs implements DialogsPort {
  readonly opened: Array<{ purpose: FilePurpose; multiple: boolean }> = [];
  readonly saved: Array<{ defaultName: string; purpose: FilePurpose }> = [];
  #openAnswers: string[][] = [];
  #saveAnswers: Array<string | null> = [];

  /** The next open dialog returns these paths (an empty list is "Cancel"). */
  willOpen(...paths: string[]): void {
    this.#openAnswers.push(paths);
  }

  /** The next save dialog returns this path (null is "Cancel"). */
  willSave(path: string | null): void {
    this.#saveAnswers.push(path);
  }

  async openFiles(purpose: FilePurpose, multiple: boolean): Promise<string[]> {
    this.opened.push({ purpose, multiple });
    return this.#openAnswers.shift() ?? [];
  }

  async saveFile(defaultName: string, purpose: FilePurpose): Promise<string | null> {
    this.saved.push({ defaultName, purpose });
    return this.#saveAnswers.length > 0 ? (this.#saveAnswers.shift() ?? null) : null;
  }
}

/**
 * Stands in for main's native confirmation (dialog.showMessageBox): it RECORDS the words main asked and
 * answers as the spec says; with no answer queued it is Cancel, the native dialog's default.
 */
export class FakeConfirm implements ConfirmPort {
  readonly asked: Array<Confirmation & { alternativeLabel?: string }> = [];
  #answers: Array<boolean | 'alternative'> = [];

  /** true: the going-ahead button; 'alternative': the third button, where main offers one. */
  willAnswer(answer: boolean | 'alternative'): void {
    this.#answers.push(answer);
  }

  async confirm(request: Confirmation): Promise<boolean> {
    this.asked.push(request);
    return this.#answers.shift() === true;
  }

  async choose(request: Confirmation & { alternativeLabel: string }) {
    this.asked.push(request);
    const answer = this.#answers.shift();
    return answer === true ? 'confirm' : answer === 'alternative' ? 'alternative' : 'cancel';
  }
}

export class FakeShell implements ShellPort {
  readonly revealed: string[] = [];
  readonly opened: string[] = [];
  readonly trashed: string[] = [];

  /** The OS trash: a folder the spec can look into. */
  constructor(private readonly trashDir: string) {}

  async trashItem(path: string): Promise<void> {
    await mkdir(this.trashDir, { recursive: true });
    await rename(path, join(this.trashDir, basename(path)));
    this.trashed.push(path);
  }

  async revealInFolder(path: string): Promise<void> {
    this.revealed.push(path);
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}
