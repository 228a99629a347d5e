import { mkdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { KdfLimits } from '../../electron/core/formats/minisign/kdf';
import { Keystore } from '../../electron/core/keystore/keystore';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { GrantRegistry } from '../../electron/main/grants/grant-registry';
import type {
  Confirmation,
  HandlerDeps,
  KeystorePort,
  PassphrasePrompt,
} from '../../electron/main/handlers/types';
import type { FilePurpose } from '../../shared/ipc/contract';
import type { EventMap, EventName } from '../../shared/ipc/events';

/** scrypt limits small enough for tests (minisign's own take about 1 GiB and seconds per key). */
export const FAST_KDF: KdfLimits = { opsLimit: 32_768, memLimit: 16 * 1024 * 1024 };

/** The real Keystore, creating and importing keys with FAST_KDF. */
export function fastKeystore(dir: string): KeystorePort {
  const keystore = new Keystore(dir);
  return {
    list: () => keystore.list(),
    create: (input) => keystore.create({ ...input, kdf: FAST_KDF }),
    inspectSecretKey: (text) => keystore.inspectSecretKey(text),
    importSecretKey: (input) => keystore.importSecretKey({ ...input, kdf: FAST_KDF }),
    publicKeyText: (id) => keystore.publicKeyText(id),
    backup: (id, destination) => keystore.backup(id, destination),
    recordBackup: (id) => keystore.recordBackup(id),
    recordRetirement: (id, retired) => keystore.recordRetirement(id, retired),
    trash: (id, moveToTrash) => keystore.trash(id, moveToTrash),
    unlock: (id, passphrase) => keystore.unlock(id, passphrase),
    add: (input) => keystore.add(input),
    readKeyFile: (id) => keystore.readKeyFile(id),
    rewrite: (id, change) => keystore.rewrite(id, change),
  };
}

export interface RecordingDeps extends HandlerDeps {
  events: Array<{ event: EventName; payload: EventMap[EventName] }>;
  opened: Array<{ purpose: FilePurpose; multiple: boolean }>;
  revealed: string[];
  openedUrls: string[];
  /** What the next open dialog answers. */
  nextOpen: string[];
  /** What the next save dialog answers. */
  nextSave: string | null;
  grants: GrantRegistry;
  /** What main asked the person to confirm, in order. */
  confirmations: Confirmation[];
  /** Answers for the next confirmations, in order; when none is left the answer is Cancel. */
  confirmAnswers: Array<boolean | 'alternative'>;
  /** What main's passphrase window was asked to show, in order. */
  prompts: PassphrasePrompt[];
  /** Passphrases "typed" in main's window, in order (null = Cancel); when none is left: Cancel. */
  passphraseAnswers: Array<string | null>;
  /** Files moved to the stand-in trash. */
  trashed: string[];
}

/** Real keystore, trust list and activity log in `dir`; dialogs and shell that record what was asked. */
export function recordingDeps(dir: string, overrides: Partial<HandlerDeps> = {}): RecordingDeps {
  const deps: RecordingDeps = {
    keystore: fastKeystore(join(dir, 'keys')),
    trust: new TrustStore({ configDir: join(dir, 'config'), managedFile: join(dir, 'managed-trust.json') }),
    activityDir: join(dir, 'activity'),
    events: [],
    opened: [],
    revealed: [],
    openedUrls: [],
    nextOpen: [],
    nextSave: null,
    grants: new GrantRegistry(),
    confirmations: [],
    confirmAnswers: [],
    prompts: [],
    passphraseAnswers: [],
    trashed: [],
    confirm: {
      confirm: async (request) => {
        deps.confirmations.push(request);
        return deps.confirmAnswers.shift() === true;
      },
      choose: async (request) => {
        deps.confirmations.push(request);
        const answer = deps.confirmAnswers.shift();
        return answer === true ? 'confirm' : answer === 'alternative' ? 'alternative' : 'cancel';
      },
    },
    passphrases: {
      ask: async (prompt) => {
        deps.prompts.push(prompt);
        return deps.passphraseAnswers.length > 0 ? (deps.passphraseAnswers.shift() ?? null) : null;
      },
    },
    dialogs: {
      openFiles: async (purpose, multiple) => {
        deps.opened.push({ purpose, multiple });
        return deps.nextOpen;
      },
      saveFile: async () => deps.nextSave,
    },
    shell: {
      revealInFolder: async (path) => {
        deps.revealed.push(path);
      },
      openExternal: async (url) => {
        deps.openedUrls.push(url);
      },
      trashItem: async (path) => {
        const trash = join(dir, 'trash');
        await mkdir(trash, { recursive: true });
        await rename(path, join(trash, basename(path)));
        deps.trashed.push(path);
      },
    },
    emit: (event, payload) => {
      deps.events.push({ event, payload });
    },
    ...overrides,
  };
  return deps;
}
