import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadChecks } from '../../electron/main/downloads/download-checks';
import { downloadNoticeText } from '../../electron/main/downloads/download-notice';
import type { DownloadNotice } from '../../electron/main/downloads/notifier';
import { createSettingsHandlers } from '../../electron/main/handlers/settings-handlers';
import type { Confirmation, HandlerDeps } from '../../electron/main/handlers/types';
import { DEFAULT_SETTINGS, SettingsStore } from '../../electron/main/settings/settings-store';
import type { VerifyResult } from '../../shared/verdict';
import { tempDir } from '../helpers/temp-dir';

const root = await tempDir('signet-download-checks-');
const running: DownloadChecks[] = [];
afterEach(() => {
  for (const checks of running.splice(0)) checks.stop();
});

async function setUp() {
  const base = await mkdtemp(join(root, 'case-'));
  const downloads = join(base, 'Downloads');
  await mkdir(downloads);
  const config = join(base, 'config');
  const verified: string[] = [];
  const shown: DownloadNotice[] = [];
  const waiting: Array<(n: DownloadNotice) => void> = [];
  const opened: string[] = [];
  const checks = new DownloadChecks({
    settings: new SettingsStore(config),
    downloadsDir: downloads,
    settleMs: 100,
    async verify(file) {
      verified.push(file);
      if (file.endsWith('.broken')) throw new Error('EACCES: permission denied, open');
      return [
        {
          verdict: 'verified',
          code: 'verified',
          reason: 'ok',
          file,
          signerName: 'Acme Releases',
        } satisfies VerifyResult,
      ];
    },
    notifier: {
      show(notice) {
        shown.push(notice);
        waiting.shift()?.(notice);
      },
    },
    openCard: (file) => opened.push(file),
  });
  running.push(checks);
  const next = () => new Promise<DownloadNotice>((resolve) => waiting.push(resolve));
  return { downloads, config, checks, verified, shown, opened, next };
}

describe('the download check', () => {
  it('is off by default: nothing is watched or written until it is turned on', async () => {
    const { checks, config } = await setUp();
    await checks.start();
    expect(await checks.status()).toMatchObject({ enabled: false, watching: false });
    await expect(stat(join(config, 'settings.json'))).rejects.toThrow();
  });

  it('once on, checks a finished download and notifies its verdict; the click opens that file', async () => {
    const { checks, downloads, next, opened, config } = await setUp();
    expect(await checks.setEnabled(true)).toMatchObject({ enabled: true, watching: true, folder: downloads });
    const notice = next();
    await writeFile(join(downloads, 'app.tar.gz'), 'bytes');
    const shown = await notice;
    expect(shown.title).toBe('Verified: made by Acme Releases');
    shown.onClick();
    expect(opened).toEqual([join(downloads, 'app.tar.gz')]);
    // Kept by main, owner-only, atomically replaced.
    const saved = JSON.parse(await readFile(join(config, 'settings.json'), 'utf8'));
    expect(saved).toEqual({ version: 1, watchDownloads: true });
    if (process.platform !== 'win32')
      expect((await stat(join(config, 'settings.json'))).mode & 0o777).toBe(0o600);
  });

  it('starts watching at start-up when it was left on', async () => {
    const first = await setUp();
    await first.checks.setEnabled(true);
    first.checks.stop();
    const again = new DownloadChecks({
      settings: new SettingsStore(first.config),
      downloadsDir: first.downloads,
      verify: async () => [],
      notifier: { show() {} },
      openCard() {},
    });
    running.push(again);
    await again.start();
    expect(await again.status()).toMatchObject({ enabled: true, watching: true });
  });

  it('a signature that arrives first waits for its file; one that arrives after checks the file', async () => {
    const { checks, downloads, next, verified } = await setUp();
    await checks.setEnabled(true);
    await writeFile(join(downloads, 'tool.zip.minisig'), 'signature');
    let notice = next();
    await writeFile(join(downloads, 'tool.zip'), 'tool');
    await notice;
    notice = next();
    await writeFile(join(downloads, 'other.bin'), 'other');
    await notice;
    notice = next();
    await writeFile(join(downloads, 'other.bin.asc'), 'late signature');
    await notice;
    expect(verified).toEqual([
      join(downloads, 'tool.zip'),
      join(downloads, 'other.bin'),
      join(downloads, 'other.bin'),
    ]);
  });

  it('says in plain words when a download could not be checked', async () => {
    const { checks, downloads, next } = await setUp();
    await checks.setEnabled(true);
    const notice = next();
    await writeFile(join(downloads, 'locked.broken'), 'x');
    const shown = await notice;
    expect(shown.title).toBe('Signet could not check a download');
    expect(shown.body.split('\n')[0]).toBe('locked.broken');
    expect(shown.body).not.toMatch(/EACCES|at .*\.ts/);
  });

  it('reports a folder that cannot be watched instead of failing', async () => {
    const base = await mkdtemp(join(root, 'missing-'));
    const checks = new DownloadChecks({
      settings: new SettingsStore(join(base, 'config')),
      downloadsDir: join(base, 'no-such-folder'),
      verify: async () => [],
      notifier: { show() {} },
      openCard() {},
    });
    running.push(checks);
    const status = await checks.setEnabled(true);
    expect(status).toMatchObject({ enabled: true, watching: false });
    expect(status.problem).toMatch(/cannot watch the Downloads folder/);
  });
});

describe('the settings file', () => {
  it.each([
    ['damaged JSON', '{"version":1,"watchDownloads":tru'],
    ['a wrong type', '{"version":1,"watchDownloads":"yes"}'],
    ['an unknown version', '{"version":9,"watchDownloads":true}'],
    ['not an object', '[true]'],
  ])('reads %s as the defaults (every setting off)', async (_what, text) => {
    const dir = await mkdtemp(join(root, 'settings-'));
    await writeFile(join(dir, 'settings.json'), text);
    expect(await new SettingsStore(dir).read()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps keys a newer Signet wrote, and the last of two quick changes wins', async () => {
    const dir = await mkdtemp(join(root, 'settings-'));
    await writeFile(join(dir, 'settings.json'), '{"version":1,"futureThing":{"a":1}}');
    const store = new SettingsStore(dir);
    await Promise.all([store.update({ watchDownloads: true }), store.update({ watchDownloads: false })]);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({
      version: 1,
      futureThing: { a: 1 },
      watchDownloads: false,
    });
  });

  it('does not hang on a FIFO in place of the file', async () => {
    const dir = await mkdtemp(join(root, 'settings-'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(dir, 'settings.json')]);
    expect(await new SettingsStore(dir).read()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the settings channels', () => {
  function handlers(answer: boolean, checks: DownloadChecks) {
    const asked: Confirmation[] = [];
    const deps = {
      confirm: {
        async confirm(request: Confirmation) {
          asked.push(request);
          return answer;
        },
      },
      downloadChecks: checks,
    } as unknown as HandlerDeps;
    return { asked, channels: createSettingsHandlers(deps) };
  }

  it('turns the check on only when the person confirms in main’s dialog', async () => {
    const refused = await setUp();
    const no = handlers(false, refused.checks);
    expect(await no.channels.setDownloadCheck({ enabled: true })).toMatchObject({
      enabled: false,
      watching: false,
    });
    expect(no.asked).toHaveLength(1);
    expect(no.asked[0]?.detail).toContain(refused.downloads);

    const agreed = await setUp();
    const yes = handlers(true, agreed.checks);
    expect(await yes.channels.setDownloadCheck({ enabled: true })).toMatchObject({
      enabled: true,
      watching: true,
    });
    // Turning it off needs no confirmation.
    expect(await yes.channels.setDownloadCheck({ enabled: false })).toMatchObject({ enabled: false });
    expect(yes.asked).toHaveLength(1);
  });

  it('refuses plainly where there is no download check', async () => {
    const channels = createSettingsHandlers({} as HandlerDeps);
    await expect(channels.downloadCheckStatus({})).rejects.toThrow(
      'Checking downloads is not available here.',
    );
  });
});

describe('the notification text', () => {
  it('is the card’s headline and next step, with the file name’s hidden characters shown', () => {
    const text = downloadNoticeText({
      verdict: 'tampered',
      code: 'signature-mismatch',
      reason: 'x',
      file: '/d/inv\u202Efdp.exe',
    });
    // A program whose name hides its ending says so in the title, before the verdict.
    expect(text.title).toBe(
      'This is a Windows program: Do not use this file: it was changed after it was signed',
    );
    expect(text.body.split('\n')[0]).toBe('inv\\u{202E}fdp.exe');
    const named = downloadNoticeText({
      verdict: 'verified',
      code: 'verified',
      reason: 'x',
      file: '/d/a',
      signerName: 'Acme\u202E',
    });
    expect(named.title).toBe('Verified: made by Acme\\u{202E}');
  });
});

describe('the folder watched', () => {
  const app = (path: string | Error, isPackaged: boolean) => ({
    isPackaged,
    getPath: (() => {
      if (path instanceof Error) throw path;
      return path;
    }) as unknown as import('electron').App['getPath'],
  });

  it('is the OS Downloads folder; SIGNET_DOWNLOADS_DIR moves it only in an unpackaged app', async () => {
    const { downloadsFolder } = await import('../../electron/main/downloads/downloads-folder');
    const env = { SIGNET_DOWNLOADS_DIR: '/tmp/elsewhere' };
    expect(downloadsFolder(app('/home/a/Downloads', false), {})).toBe('/home/a/Downloads');
    expect(downloadsFolder(app('/home/a/Downloads', false), env)).toBe('/tmp/elsewhere');
    expect(downloadsFolder(app('/home/a/Downloads', true), env)).toBe('/home/a/Downloads');
    // Electron throws when the OS names no Downloads folder: the usual place, not a crash.
    expect(downloadsFolder(app(new Error('Failed to get downloads path'), true), {})).toMatch(/Downloads$/);
  });
});
