import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createHandlers } from '../../electron/main/handlers/create-handlers';
import type { Handlers } from '../../electron/main/handlers/types';
import { dispatch, type IpcSender } from '../../electron/main/ipc/guard';
import type { IpcResult } from '../../shared/ipc/result';
import { type RecordingDeps, recordingDeps } from '../helpers/ipc-deps';

export const exec = promisify(execFile);

/** The app's own page, as Electron reports its top frame: a compromised page sends exactly this. */
export const APP_PAGE: IpcSender = { url: 'app://signet/index.html', isMainFrame: true, window: 'main' };

export interface CompromisedPage {
  deps: RecordingDeps;
  handlers: Handlers;
  /** Sends one request through the real guard, as a script in the page would through window.signet. */
  send(channel: string, request: unknown): Promise<IpcResult<unknown>>;
}

/**
 * The real guard and handlers over a real keystore and trust list in `dir`. Nobody answers main's
 * dialogs (every confirmation is Cancel) and nobody types in main's passphrase window, unless a test
 * says the person did.
 */
export function compromisedPage(dir: string): CompromisedPage {
  const deps = recordingDeps(join(dir, 'state'));
  const handlers = createHandlers(deps);
  return { deps, handlers, send: (channel, request) => dispatch(handlers, channel, request, APP_PAGE) };
}

/** A minisign key pair made by the real minisign, unencrypted (-W). */
export async function minisignKeyPair(dir: string, name: string): Promise<{ pub: string; sec: string }> {
  const pub = join(dir, `${name}.pub`);
  const sec = join(dir, `${name}.key`);
  await exec('/usr/bin/minisign', ['-G', '-W', '-p', pub, '-s', sec]);
  return { pub, sec };
}

export async function minisignSign(sec: string, file: string): Promise<void> {
  await exec('/usr/bin/minisign', ['-S', '-s', sec, '-m', file]);
}

export const NOT_GRANTED = /^Signet only works with files you gave it/;
