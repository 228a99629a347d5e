import type { DialogsPort, ShellPort } from '../../electron/main/handlers/types';
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

export class FakeShell implements ShellPort {
  readonly revealed: string[] = [];
  readonly opened: string[] = [];

  async revealInFolder(path: string): Promise<void> {
    this.revealed.push(path);
  }

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}
