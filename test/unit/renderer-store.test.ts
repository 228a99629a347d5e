import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../renderer/store';
import type { SignetBridge } from '../../shared/ipc/bridge';
import type { ChannelName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';
import type { VerifyResult } from '../../shared/verdict';

/** A bridge whose answers the test controls; every request is recorded. */
function fakeBridge() {
  const calls: Array<{ channel: ChannelName; request: unknown }> = [];
  const pending = new Map<ChannelName, Array<(result: IpcResult<unknown>) => void>>();
  const bridge = new Proxy({} as Record<string, unknown>, {
    get(_target, property: string) {
      if (property === 'on') return () => () => {};
      if (property === 'getPathForFile') return () => '';
      return (request: unknown) =>
        new Promise<IpcResult<unknown>>((resolve) => {
          const channel = property as ChannelName;
          calls.push({ channel, request });
          pending.set(channel, [...(pending.get(channel) ?? []), resolve]);
        });
    },
  }) as unknown as SignetBridge;
  return {
    bridge,
    calls,
    answer(channel: ChannelName, result: IpcResult<unknown>) {
      const next = pending.get(channel)?.shift();
      if (!next) throw new Error(`no pending ${channel} request`);
      next(result);
    },
  };
}

const verified = (file: string): VerifyResult => ({
  verdict: 'verified',
  code: 'verified',
  reason: 'ok',
  file,
  signerName: 'Acme',
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let fake: ReturnType<typeof fakeBridge>;

beforeEach(() => {
  fake = fakeBridge();
  (globalThis as { window?: unknown }).window = { signet: fake.bridge };
  useAppStore.setState(useAppStore.getInitialState(), true);
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('verify slice', () => {
  it('shows the answers of a check', async () => {
    const done = useAppStore.getState().verifyFiles(['/d/a.exe']);
    expect(useAppStore.getState().verify.status).toBe('checking');
    fake.answer('verifyFiles', { ok: true, value: { results: [verified('/d/a.exe')] } });
    await done;
    expect(useAppStore.getState().verify).toMatchObject({ status: 'done', results: [verified('/d/a.exe')] });
  });

  it('after Cancel, shows "cancelled" and no verdict, even if answers arrive', async () => {
    const done = useAppStore.getState().verifyFiles(['/d/big.iso']);
    const jobId = useAppStore.getState().verify.jobId;
    void useAppStore.getState().cancelVerify();
    expect(fake.calls.at(-1)).toEqual({ channel: 'cancelJob', request: { jobId } });
    fake.answer('cancelJob', { ok: true, value: { cancelled: true } });
    fake.answer('verifyFiles', { ok: true, value: { results: [verified('/d/big.iso')] } });
    await done;
    expect(useAppStore.getState().verify).toMatchObject({ status: 'cancelled', results: [] });
  });

  it('drops the answer of an older check once a newer one started', async () => {
    const first = useAppStore.getState().verifyFiles(['/d/old.exe']);
    const oldJob = useAppStore.getState().verify.jobId;
    const second = useAppStore.getState().verifyFiles(['/d/new.exe']);
    expect(fake.calls.filter((c) => c.channel === 'cancelJob')).toEqual([
      { channel: 'cancelJob', request: { jobId: oldJob } },
    ]);
    fake.answer('verifyFiles', { ok: true, value: { results: [verified('/d/old.exe')] } });
    await first;
    expect(useAppStore.getState().verify.status).toBe('checking');
    fake.answer('verifyFiles', { ok: true, value: { results: [verified('/d/new.exe')] } });
    await second;
    expect(useAppStore.getState().verify.results.map((r) => r.file)).toEqual(['/d/new.exe']);
  });

  it('shows the main process’s sentence when a check fails', async () => {
    const done = useAppStore.getState().verifyFiles(['/d/a.exe']);
    fake.answer('verifyFiles', { ok: false, error: 'The file does not exist.' });
    await done;
    expect(useAppStore.getState().verify).toMatchObject({
      status: 'failed',
      error: 'The file does not exist.',
    });
  });

  it('sends the chosen signature file with the next check, and not after "Stop using it"', async () => {
    const choosing = useAppStore.getState().chooseSignatureFile();
    fake.answer('chooseFiles', { ok: true, value: { files: ['/d/a.minisig'] } });
    await choosing;
    void useAppStore.getState().verifyFiles(['/d/a.exe']);
    expect(fake.calls.at(-1)?.request).toMatchObject({ files: ['/d/a.exe'], signatureFile: '/d/a.minisig' });
    useAppStore.getState().clearSignatureFile();
    void useAppStore.getState().verifyFiles(['/d/a.exe']);
    expect(fake.calls.at(-1)?.request).not.toHaveProperty('signatureFile');
  });

  it('uses a picked signature file for one check only: the next download is judged on its own', async () => {
    const choosing = useAppStore.getState().chooseSignatureFile();
    fake.answer('chooseFiles', { ok: true, value: { files: ['/d/other.minisig'] } });
    await choosing;
    void useAppStore.getState().verifyFiles(['/d/a.exe']);
    expect(fake.calls.at(-1)?.request).toMatchObject({ signatureFile: '/d/other.minisig' });
    expect(useAppStore.getState().verify).toMatchObject({
      signatureFile: null,
      usedSignatureFile: '/d/other.minisig',
    });
    void useAppStore.getState().verifyFiles(['/d/b.exe']);
    expect(fake.calls.at(-1)?.request).not.toHaveProperty('signatureFile');
    expect(useAppStore.getState().verify.usedSignatureFile).toBeNull();
  });
});

describe('sign slice', () => {
  it('sends neither a passphrase nor an overwrite flag: main asks for both itself', async () => {
    useAppStore.getState().addSignFiles(['/d/a.exe', '/d/b.exe']);
    const done = useAppStore.getState().signFiles({ keyId: '0123456789ABCDEF', writeChecksumList: false });
    const request = fake.calls.find((c) => c.channel === 'signFiles')?.request;
    expect(request).toEqual({
      jobId: expect.any(String),
      keyId: '0123456789ABCDEF',
      files: ['/d/a.exe', '/d/b.exe'],
      writeChecksumList: false,
    });
    fake.answer('signFiles', {
      ok: true,
      value: {
        outcomes: [
          { file: '/d/a.exe', signatureFile: '/d/a.exe.minisig' },
          { file: '/d/b.exe', error: 'No.' },
        ],
      },
    });
    await done;
    expect(JSON.stringify(useAppStore.getState())).not.toContain('secret words here');
    // The signed file leaves the list; the one that failed stays for another try.
    expect(useAppStore.getState().sign).toMatchObject({ status: 'done', files: ['/d/b.exe'] });
  });

  it('asks for the signed comment of each file added, once', async () => {
    useAppStore.getState().addSignFiles(['/d/a.exe']);
    useAppStore.getState().addSignFiles(['/d/a.exe']);
    expect(fake.calls.filter((c) => c.channel === 'previewTrustedComment')).toHaveLength(1);
    fake.answer('previewTrustedComment', { ok: true, value: { trustedComment: 'timestamp:1\tfile:a.exe' } });
    await flush();
    expect(useAppStore.getState().sign.previews['/d/a.exe']).toEqual({ comment: 'timestamp:1\tfile:a.exe' });
  });
});

describe('navigation', () => {
  it('"Trust this signer" opens Trusted signers with the key id to look for', () => {
    useAppStore.getState().requestTrust({ keyId: '0123456789ABCDEF', file: '/d/a.exe' });
    expect(useAppStore.getState()).toMatchObject({
      screen: 'trusted',
      trustRequest: { keyId: '0123456789ABCDEF', file: '/d/a.exe' },
      navigations: 1,
    });
  });
});
