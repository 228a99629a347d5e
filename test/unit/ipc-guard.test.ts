import { describe, expect, it, vi } from 'vitest';
import { SignetError } from '../../electron/core/errors';
import type { Handlers } from '../../electron/main/handlers/types';
import { dispatch, type IpcSender } from '../../electron/main/ipc/guard';
import { channelNames } from '../../shared/ipc/contract';

const APP_PAGE: IpcSender = { url: 'app://signet/index.html', isMainFrame: true };
const KEY_ID = '0123456789ABCDEF';

/** Handlers that record their calls and answer with their channel's name. */
function fakeHandlers() {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      vi.fn(async (request: unknown) => {
        calls.push({ channel, request });
        return { answeredBy: channel };
      }),
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

const goodCreateKey = { name: 'Release key', passphrase: 'correct horse battery staple' };

describe('dispatch: who may call', () => {
  const refusedSenders: Array<[string, IpcSender | null | undefined]> = [
    ['another web origin', { url: 'https://evil.example/index.html', isMainFrame: true }],
    [
      'a file:// page',
      { url: 'file:///opt/Signet/resources/app/dist/renderer/index.html', isMainFrame: true },
    ],
    ['another app:// host', { url: 'app://evil/index.html', isMainFrame: true }],
    ['a look-alike host', { url: 'app://signet.evil.example/index.html', isMainFrame: true }],
    ['credentials in the URL', { url: 'app://attacker@signet/index.html', isMainFrame: true }],
    ['a port', { url: 'app://signet:8080/index.html', isMainFrame: true }],
    ['http with the same host name', { url: 'http://signet/index.html', isMainFrame: true }],
    ['about:blank', { url: 'about:blank', isMainFrame: true }],
    ['an unparsable URL', { url: 'not a url', isMainFrame: true }],
    ['a subframe of the app page', { url: 'app://signet/index.html', isMainFrame: false }],
    ['a frame that is gone (null)', null],
    ['no sender at all', undefined],
    ['a sender whose url is not a string', { url: 42 as unknown as string, isMainFrame: true }],
    [
      'isMainFrame given as a truthy non-boolean',
      { url: 'app://signet/', isMainFrame: 1 as unknown as boolean },
    ],
  ];

  it.each(refusedSenders)('refuses %s without running the handler', async (_label, sender) => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatch(handlers, 'createKey', goodCreateKey, sender);
    expect(result).toEqual({
      ok: false,
      error: 'This request did not come from the Signet window, so it was refused.',
    });
    expect(calls).toHaveLength(0);
  });

  it('accepts the app page, with or without a path, query or hash', async () => {
    for (const url of ['app://signet/index.html', 'app://signet/', 'app://signet/index.html?x=1#top']) {
      const { handlers } = fakeHandlers();
      const result = await dispatch(handlers, 'listKeys', {}, { url, isMainFrame: true });
      expect(result).toEqual({ ok: true, value: { answeredBy: 'listKeys' } });
    }
  });

  it('lets the e2e harness name its own origin, and still refuses its subframes', async () => {
    const { handlers } = fakeHandlers();
    const policy = { isAllowedSenderUrl: (url: string) => url.startsWith('http://127.0.0.1:4173/') };
    const harness = { url: 'http://127.0.0.1:4173/index.html', isMainFrame: true };
    expect((await dispatch(handlers, 'listKeys', {}, harness, policy)).ok).toBe(true);
    expect((await dispatch(handlers, 'listKeys', {}, { ...harness, isMainFrame: false }, policy)).ok).toBe(
      false,
    );
    // The app origin is not implicitly allowed once a policy names another one.
    expect((await dispatch(handlers, 'listKeys', {}, APP_PAGE, policy)).ok).toBe(false);
  });
});

describe('dispatch: which channels exist', () => {
  it.each([
    'deleteEverything',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'ListKeys',
    'listKeys ',
    '',
  ])('refuses the unknown channel %j', async (channel) => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatch(handlers, channel, {}, APP_PAGE);
    expect(result).toEqual({ ok: false, error: 'Signet does not know that request, so it was refused.' });
    expect(calls).toHaveLength(0);
  });

  it.each([42, null, undefined, { toString: () => 'listKeys' }, ['listKeys']])(
    'refuses a channel that is not a string (%j)',
    async (channel) => {
      const { handlers, calls } = fakeHandlers();
      expect((await dispatch(handlers, channel, {}, APP_PAGE)).ok).toBe(false);
      expect(calls).toHaveLength(0);
    },
  );
});

describe('dispatch: what a request may hold', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `/tmp/file-${i}.tar.gz`);
  const refused: Array<[string, string, unknown, string]> = [
    ['no request at all', 'listKeys', undefined, 'expected object'],
    ['a string instead of an object', 'listKeys', 'please', 'expected object'],
    ['an array instead of an object', 'listKeys', [], 'expected object'],
    ['an extra key on an empty request', 'listKeys', { everything: true }, 'everything'],
    ['an extra key', 'cancelJob', { jobId: 'job-1', force: true }, 'force'],
    ['files as a string', 'verifyFiles', { jobId: 'j1', files: '/tmp/a' }, 'files'],
    ['a number where a path goes', 'verifyFiles', { jobId: 'j1', files: [7] }, 'files.0'],
    [
      'a relative path',
      'verifyFiles',
      { jobId: 'j1', files: ['downloads/app.tar.gz'] },
      'path must be absolute',
    ],
    ['a parent-relative path', 'revealInFolder', { path: '../../etc/passwd' }, 'path must be absolute'],
    ['a file: URL as a path', 'revealInFolder', { path: 'file:///etc/passwd' }, 'path must be absolute'],
    ['a NUL in a path', 'verifyFiles', { jobId: 'j1', files: ['/tmp/a\0.minisig'] }, 'NUL'],
    ['an empty file list', 'verifyFiles', { jobId: 'j1', files: [] }, 'files'],
    ['501 files (the limit is 500)', 'verifyFiles', { jobId: 'j1', files: many(501) }, 'files'],
    ['a 5000-character path', 'revealInFolder', { path: `/${'a'.repeat(5000)}` }, 'path'],
    ['a job id with a slash', 'cancelJob', { jobId: '../job' }, 'job id'],
    ['a lowercase key id', 'publicKeyText', { keyId: '0123456789abcdef' }, 'keyId'],
    ['a key id of the wrong length', 'publicKeyText', { keyId: '0123' }, 'keyId'],
    [
      'a right-to-left override in a name',
      'createKey',
      { ...goodCreateKey, name: 'evil\u202Egpj.exe' },
      'name',
    ],
    ['a bidi isolate in a name', 'addTrusted', { name: 'a\u2067b', keyText: 'x' }, 'name'],
    ['a right-to-left mark in a name', 'createKey', { ...goodCreateKey, name: 'key\u200Fname' }, 'name'],
    ['a C1 control character in a name', 'createKey', { ...goodCreateKey, name: 'key\u0085name' }, 'name'],
    ['a line break in a name', 'createKey', { ...goodCreateKey, name: 'line\nbreak' }, 'name'],
    ['a blank name', 'createKey', { ...goodCreateKey, name: '   ' }, 'name'],
    ['an empty passphrase for a new key', 'createKey', { name: 'k', passphrase: '' }, 'passphrase'],
    ['overwrite as a string', 'signFiles', signRequest({ overwrite: 'yes' }), 'overwrite'],
    ['an unknown file purpose', 'chooseFiles', { purpose: 'everything', multiple: true }, 'purpose'],
    ['a URL that is not a URL', 'openExternal', { url: 'javascript alert(1)' }, 'url'],
  ];

  it.each(refused)('refuses %s, naming the problem', async (_label, channel, request, mention) => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatch(handlers, channel, request, APP_PAGE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^The request was refused because it was not valid: /);
    expect(result.error).toContain(mention);
    expect(result.error).not.toContain('\n');
    expect(calls).toHaveLength(0);
  });

  it('never repeats a passphrase in its refusal', async () => {
    const { handlers } = fakeHandlers();
    const secret = 'hunter2-very-secret';
    const tooLong = `${secret}${'x'.repeat(2000)}`;
    for (const request of [
      signRequest({ passphrase: tooLong }),
      signRequest({ passphrase: secret, files: ['relative'] }),
      { name: 'k', passphrase: secret, extra: secret },
      { name: secret.repeat(10), passphrase: secret },
    ]) {
      const channel = 'passphrase' in request && 'jobId' in request ? 'signFiles' : 'createKey';
      const result = await dispatch(handlers, channel, request, APP_PAGE);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('hunter2');
    }
  });

  it('passes a good request through, as the schema parsed it', async () => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatch(handlers, 'createKey', { name: '  Release key  ' }, APP_PAGE);
    expect(result).toEqual({ ok: true, value: { answeredBy: 'createKey' } });
    // displayName trims: the handler sees the cleaned value, not the raw one.
    expect(calls).toEqual([{ channel: 'createKey', request: { name: 'Release key' } }]);
  });

  it('accepts Windows and UNC absolute paths and exactly 500 files', async () => {
    const { handlers, calls } = fakeHandlers();
    const files = [...many(498), 'C:\\Users\\me\\app.msi', '\\\\server\\share\\app.msi'];
    const result = await dispatch(handlers, 'verifyFiles', { jobId: 'job_1', files }, APP_PAGE);
    expect(result.ok).toBe(true);
    expect(calls).toHaveLength(1);
  });
});

describe('dispatch: how failures come back', () => {
  const failing = (error: unknown) => {
    const { handlers } = fakeHandlers();
    (handlers as Record<string, unknown>).listKeys = async () => {
      throw error;
    };
    return handlers;
  };

  it('returns a SignetError as its sentence, with no stack', async () => {
    const onUnexpectedError = vi.fn();
    const error = new SignetError('wrong-passphrase', 'That passphrase does not unlock this key.');
    const result = await dispatch(failing(error), 'listKeys', {}, APP_PAGE, { onUnexpectedError });
    expect(result).toEqual({ ok: false, error: 'That passphrase does not unlock this key.' });
    expect(Object.keys(result)).toEqual(['ok', 'error']);
    expect(onUnexpectedError).not.toHaveBeenCalled();
  });

  it('marks the person’s own cancel, so the page can say it calmly without reading the sentence', async () => {
    const error = new SignetError(
      'cancelled',
      'You chose not to replace existing files. Nothing was signed.',
    );
    const result = await dispatch(failing(error), 'listKeys', {}, APP_PAGE);
    expect(result).toEqual({
      ok: false,
      error: 'You chose not to replace existing files. Nothing was signed.',
      cancelled: true,
    });
  });

  it('hides the internals of an unexpected error and tells the main process about it', async () => {
    const onUnexpectedError = vi.fn();
    const bug = new TypeError(
      "Cannot read properties of undefined (reading 'seed') at /opt/signet/main.cjs:12",
    );
    const result = await dispatch(failing(bug), 'listKeys', {}, APP_PAGE, { onUnexpectedError });
    expect(result).toEqual({ ok: false, error: 'Something went wrong inside Signet. Nothing was changed.' });
    expect(JSON.stringify(result)).not.toMatch(/seed|main\.cjs|\bat\b/);
    expect(onUnexpectedError).toHaveBeenCalledWith('listKeys', bug);
  });

  it('turns a file-system error into a plain sentence', async () => {
    const error = Object.assign(new Error("ENOENT: no such file or directory, open '/tmp/x'"), {
      code: 'ENOENT',
      path: '/tmp/x',
    });
    const result = await dispatch(failing(error), 'listKeys', {}, APP_PAGE);
    expect(result).toEqual({ ok: false, error: 'The file does not exist (/tmp/x).' });
  });

  it('survives a thrown non-error value', async () => {
    const result = await dispatch(failing('a string, not an Error'), 'listKeys', {}, APP_PAGE);
    expect(result).toEqual({ ok: false, error: 'Something went wrong inside Signet. Nothing was changed.' });
  });
});

function signRequest(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    jobId: 'sign-1',
    keyId: KEY_ID,
    passphrase: 'pw',
    files: ['/tmp/app.tar.gz'],
    overwrite: false,
    writeChecksumList: false,
    ...overrides,
  };
}
