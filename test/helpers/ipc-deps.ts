import { join } from 'node:path';
import type { KdfLimits } from '../../electron/core/formats/minisign/kdf';
import { Keystore } from '../../electron/core/keystore/keystore';
import { TrustStore } from '../../electron/core/trust/trust-store';
import type { HandlerDeps, KeystorePort } from '../../electron/main/handlers/types';
import type { EventMap, EventName, FilePurpose } from '../../shared/ipc/contract';

/** scrypt limits small enough for tests (minisign's own take about 1 GiB and seconds per key). */
export const FAST_KDF: KdfLimits = { opsLimit: 32_768, memLimit: 16 * 1024 * 1024 };

/** The real Keystore, creating and importing keys with FAST_KDF. */
export function fastKeystore(dir: string): KeystorePort {
  const keystore = new Keystore(dir);
  return {
    list: () => keystore.list(),
    create: (input) => keystore.create({ ...input, kdf: FAST_KDF }),
    importSecretKey: (input) => keystore.importSecretKey({ ...input, kdf: FAST_KDF }),
    publicKeyText: (id) => keystore.publicKeyText(id),
    backup: (id, destination) => keystore.backup(id, destination),
    remove: (id, typedName) => keystore.remove(id, typedName),
    unlock: (id, passphrase) => keystore.unlock(id, passphrase),
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
    },
    emit: (event, payload) => {
      deps.events.push({ event, payload });
    },
    ...overrides,
  };
  return deps;
}
