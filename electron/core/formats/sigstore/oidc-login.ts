import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignetError } from '../../errors';
import { webAddress } from './signing-config';

export interface BrowserLoginOptions {
  /** The OIDC issuer from the signing configuration. */
  issuer: string;
  /** Sigstore's public client ("sigstore"); no secret, as for every native app (RFC 8252). */
  clientId?: string;
  /** Opens the login page in the person's own browser (the app: shell.openExternal; the CLI prints it too). */
  open(url: string): void | Promise<void>;
  signal?: AbortSignal;
  /** How long to wait for the person (default five minutes). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const NOTHING = 'Nothing was signed.';

/**
 * OIDC authorization code with PKCE, in the person's browser, with a loopback redirect, as cosign
 * and sigstore-python log in (RFC 8252): Signet never sees a password, only the identity token
 * the issuer hands back for the one-time code. The redirect listener takes one answer, whose
 * state must match, and closes.
 */
export async function browserLogin(options: BrowserLoginOptions): Promise<string> {
  const endpoints = await discover(options.issuer, options.signal);
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const callback = await listenForCallback(state);
  try {
    const redirectUri = `http://localhost:${callback.port}/auth/callback`;
    const url = new URL(endpoints.authorization);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: options.clientId ?? 'sigstore',
      redirect_uri: redirectUri,
      scope: 'openid email',
      state,
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    await options.open(url.toString());
    const code = await waitFor(callback.code, options.signal, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return await exchange(endpoints.token, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: options.clientId ?? 'sigstore',
    });
  } finally {
    callback.close();
  }
}

async function discover(issuer: string, signal?: AbortSignal) {
  const base = issuer.replace(/\/+$/, '');
  const document = await getJson(`${base}/.well-known/openid-configuration`, signal, 'login service');
  const authorization = (document as { authorization_endpoint?: unknown }).authorization_endpoint;
  const token = (document as { token_endpoint?: unknown }).token_endpoint;
  if (
    typeof authorization !== 'string' ||
    typeof token !== 'string' ||
    !webAddress(authorization) ||
    !webAddress(token)
  ) {
    throw new SignetError('io', `The login service at ${issuer} did not say where to sign in. ${NOTHING}`);
  }
  return { authorization, token };
}

async function getJson(url: string, signal: AbortSignal | undefined, what: string): Promise<unknown> {
  if (!webAddress(url)) throw new SignetError('usage', `The ${what} address ${url} is not https. ${NOTHING}`);
  try {
    const response = await fetch(url, { signal: within(signal), redirect: 'error' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw new SignetError(
      'io',
      `The ${what} at ${new URL(url).origin} could not be reached (${reason(error)}). ${NOTHING}`,
    );
  }
}

async function exchange(tokenUrl: string, form: Record<string, string>): Promise<string> {
  let answer: unknown;
  try {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      redirect: 'error',
      signal: within(undefined),
    });
    answer = await response.json().catch(() => undefined);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new SignetError(
      'io',
      `The login service did not hand over your identity token (${reason(error)}). ${NOTHING}`,
    );
  }
  const idToken = (answer as { id_token?: unknown } | undefined)?.id_token;
  if (typeof idToken !== 'string' || idToken === '') {
    throw new SignetError('io', `The login service answered without an identity token. ${NOTHING}`);
  }
  return idToken;
}

interface Callback {
  port: number;
  code: Promise<string>;
  close(): void;
}

/** A one-shot listener on this computer for the browser's redirect back. */
async function listenForCallback(state: string): Promise<Callback> {
  let settle: { resolve(code: string): void; reject(error: unknown): void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  code.catch(() => undefined);
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/auth/callback') {
      response.writeHead(404).end();
      return;
    }
    const params = url.searchParams;
    const page = (status: number, text: string) =>
      response
        .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(`<!doctype html><meta charset="utf-8"><title>Signet</title><p>${text}</p>`);
    if (params.get('state') !== state) {
      page(400, 'This sign-in answer is not the one Signet asked for. Go back to Signet.');
      return;
    }
    const error = params.get('error');
    const got = params.get('code');
    if (error !== null || !got) {
      page(200, 'Sign-in was not completed. You can close this tab and go back to Signet.');
      settle?.reject(
        new SignetError('cancelled', `The sign-in was cancelled or refused at the login service. ${NOTHING}`),
      );
      return;
    }
    page(200, 'You are signed in. You can close this tab and go back to Signet.');
    settle?.resolve(got);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Browsers may resolve "localhost" to ::1 first; listen there too when this computer has it.
  const v6 = createServer(server.listeners('request')[0] as () => void);
  v6.on('error', () => undefined);
  v6.listen(port, '::1');
  return {
    port,
    code,
    close: () => {
      server.close();
      server.closeAllConnections();
      v6.close();
      v6.closeAllConnections();
    },
  };
}

async function waitFor(
  code: Promise<string>,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SignetError('cancelled', `The sign-in timed out: no answer came from the browser. ${NOTHING}`),
        ),
      timeoutMs,
    );
    onAbort = () => reject(cancelled());
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([code, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** A service that does not answer in this time is said to be unreachable, never waited on for ever. */
const REQUEST_TIMEOUT_MS = 20_000;
const within = (signal: AbortSignal | undefined) =>
  signal
    ? AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
    : AbortSignal.timeout(REQUEST_TIMEOUT_MS);

const cancelled = () => new SignetError('cancelled', `The sign-in was cancelled. ${NOTHING}`);

const reason = (error: unknown) =>
  error instanceof Error && 'cause' in error && error.cause instanceof Error
    ? error.cause.message
    : error instanceof Error
      ? error.message
      : String(error);
