import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KdfLimits } from '../../electron/core/formats/minisign/kdf';
import { Keystore } from '../../electron/core/keystore/keystore';
import { TrustStore } from '../../electron/core/trust/trust-store';
import { DownloadChecks } from '../../electron/main/downloads/download-checks';
import { verifyDownloadWith } from '../../electron/main/downloads/verify-download';
import { GrantRegistry } from '../../electron/main/grants/grant-registry';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import type { Handlers, KeystorePort } from '../../electron/main/handlers/types';
import type { PinentryHandlers } from '../../electron/main/ipc/guard';
import {
  PinentryService,
  type PinentryWindowPort,
  pinentryHandlers,
} from '../../electron/main/pinentry/pinentry-service';
import { SettingsStore } from '../../electron/main/settings/settings-store';
import { createWorkerHashing } from '../../electron/main/worker-hashing';
import type { EventMap, EventName } from '../../shared/ipc/events';
import { FakeConfirm, FakeDialogs, FakeShell } from './fake-native';
import { FakeNotifier } from './fake-notifier';
import { repoRoot } from './paths';

/**
 * libsodium's "interactive" limits (N = 2^14): minisign reads keys made with them, and they take
 * milliseconds instead of the default's second and 1 GiB. Only for keys the tests create.
 */
export const TEST_KDF: KdfLimits = { opsLimit: 524_288, memLimit: 16_777_216 };

export interface MainSideDirs {
  root: string;
  keys: string;
  config: string;
  activity: string;
  /** Where the tests put the files people check and sign. */
  work: string;
  managedTrustFile: string;
  /** The folder the download check watches (the Downloads folder in the app). */
  downloads: string;
}

/**
 * A fresh temp folder laid out like the app's (electron/main/app-paths.ts) under SIGNET_CONFIG_DIR,
 * so the Electron path of the harness can point the real app at the same folders.
 */
export async function makeAppDirs(prefix: string): Promise<MainSideDirs> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const config = join(root, 'config');
  const dirs: MainSideDirs = {
    root,
    keys: join(config, 'keys'),
    config,
    activity: join(config, 'activity'),
    work: join(root, 'work'),
    managedTrustFile: join(root, 'managed', 'trusted-signers.json'),
    downloads: join(root, 'Downloads'),
  };
  await mkdir(dirs.work, { recursive: true });
  await mkdir(dirs.downloads, { recursive: true });
  return dirs;
}

export interface MainSide {
  handlers: Handlers;
  keystore: Keystore;
  trust: TrustStore;
  dialogs: FakeDialogs;
  shell: FakeShell;
  confirm: FakeConfirm;
  /** Main's grant registry: the harness reports drops to it as the preload does in the app. */
  grants: GrantRegistry;
  /** The passphrase window's two channels, for the harness's pinentry page. */
  pinentry: PinentryHandlers;
  pinentryService: PinentryService;
  /** Where main's passphrase window is shown; the harness points it at a second page. */
  setPinentryWindow(port: PinentryWindowPort): void;
  dirs: MainSideDirs;
  /** The download check's notifications, recorded instead of shown by the desktop. */
  notifier: FakeNotifier;
  /** Where events go; the harness points it at the page once the page exists. */
  setEmitter(emit: <E extends EventName>(event: E, payload: EventMap[E]) => void): void;
  dispose(): Promise<void>;
}

/**
 * The real main-process side, in the test's own Node process: createHandlers with the real Keystore,
 * TrustStore and activity log in a temp folder. Only the native dialogs and file manager are fakes.
 */
export async function createMainSide(): Promise<MainSide> {
  const dirs = await makeAppDirs('signet-e2e-');
  const keystore = new Keystore(dirs.keys);
  const trust = new TrustStore({ configDir: dirs.config, managedFile: dirs.managedTrustFile });
  const dialogs = new FakeDialogs();
  const shell = new FakeShell(join(dirs.root, 'trash'));
  const confirm = new FakeConfirm();
  const grants = new GrantRegistry();
  let pinentryWindow: PinentryWindowPort = { show: () => {}, close: () => {} };
  const pinentryService = new PinentryService({
    show: (view) => pinentryWindow.show(view),
    close: () => pinentryWindow.close(),
  });
  let emitter: <E extends EventName>(event: E, payload: EventMap[E]) => void = () => {};
  // The download check as main builds it, watching the harness's own Downloads folder.
  const notifier = new FakeNotifier();
  const downloadChecks = new DownloadChecks({
    settings: new SettingsStore(dirs.config),
    downloadsDir: dirs.downloads,
    verify: verifyDownloadWith(grants, () => handlers),
    notifier,
    // As main's handOver: the file is granted and the page is told to show it.
    openCard: (file) => {
      grants.grant([file], 'opened');
      emitter('openFiles', { files: [file] });
    },
    settleMs: 300,
  });

  // The real keystore, asked for cheaper scrypt limits on the keys it writes during tests.
  const fastKeystore: KeystorePort = {
    list: () => keystore.list(),
    create: (input) => keystore.create({ ...input, kdf: TEST_KDF }),
    inspectSecretKey: (text) => keystore.inspectSecretKey(text),
    importSecretKey: (input) => keystore.importSecretKey({ ...input, kdf: TEST_KDF }),
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

  const handlers = createHandlers({
    keystore: fastKeystore,
    trust,
    activityDir: dirs.activity,
    dialogs,
    shell,
    confirm,
    passphrases: pinentryService,
    grants,
    emit: (event, payload) => emitter(event, payload),
    // Hashing on worker threads from the built bundle, as in the app, so progress and cancel behave the same.
    hashing: createWorkerHashing({
      kind: 'bundle',
      file: join(repoRoot, 'dist', 'workers', 'hash-worker.cjs'),
    }),
    downloadChecks,
  });

  return {
    handlers,
    keystore,
    trust,
    dialogs,
    shell,
    confirm,
    grants,
    pinentry: pinentryHandlers(pinentryService),
    pinentryService,
    setPinentryWindow(port) {
      pinentryWindow = port;
    },
    dirs,
    notifier,
    setEmitter(emit) {
      emitter = emit;
    },
    dispose: async () => {
      downloadChecks.stop();
      await rm(dirs.root, { recursive: true, force: true });
    },
  };
}
