import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appResponseHeaders, CONTENT_SECURITY_POLICY, resolveAppFile } from '../../electron/main/app-file';
import { isAppUrl } from '../../electron/main/app-origin';
import { filesFromArgv } from '../../electron/main/argv-files';
import { parseExpectedChecksum } from '../../electron/main/handlers/expected-checksum';
import { createProgressReporter } from '../../electron/main/handlers/progress-reporter';
import { taskbarFraction } from '../../electron/main/taskbar-progress';
import type { EventMap } from '../../shared/ipc/events';
import { tempDir } from '../helpers/temp-dir';

describe('app:// file resolution', () => {
  const root = '/opt/Signet/resources/app.asar/dist/renderer';

  it('serves the bundle files with their types', () => {
    expect(resolveAppFile(root, 'app://signet/')).toEqual({
      path: `${root}/index.html`,
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://signet/app.js?v=1')?.path).toBe(`${root}/app.js`);
    expect(resolveAppFile(root, 'app://signet/fonts/inter.woff2')?.contentType).toBe('font/woff2');
  });

  it.each([
    'app://signet/%2e%2e/%2e%2e/secret.js',
    'app://signet/a/%2E%2E/%2E%2E/%2E%2E/secret.js',
    'app://signet/../../../../etc/passwd.html',
  ])('keeps %s inside the renderer folder (URL parsing collapses the dots)', (url) => {
    expect(resolveAppFile(root, url)?.path.startsWith(`${root}/`)).toBe(true);
  });

  it.each([
    'app://signet/..%2f..%2fsecret.js',
    'app://signet/..%5c..%5csecret.js',
    'app://signet/a%2f..%2f..%2f..%2fsecret.js',
    'app://signet/index.html%00.js',
    'app://signet/%E0%A4%A',
    'app://evil/index.html',
    'app://signet:99/index.html',
    'file:///opt/Signet/resources/app.asar/dist/renderer/index.html',
    'app://signet/app.cjs',
    'app://signet/keys/secret.key',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it('sends the strict CSP on every response', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(appResponseHeaders('text/html')).toMatchObject({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  it('knows its own origin and nothing else', () => {
    expect(isAppUrl('app://signet/index.html')).toBe(true);
    for (const url of ['app://signet.evil/', 'app://x@signet/', 'https://signet/', 'app:signet', '']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});

describe('files from the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('signet-argv-');
    await writeFile(join(dir, 'a.tar.gz'), 'a');
    await writeFile(join(dir, 'b.minisig'), 'b');
    await mkdir(join(dir, 'folder'));
  });

  it('keeps existing files as absolute paths and skips switches, folders and missing names', async () => {
    const argv = [
      '/opt/Signet/signet',
      '--no-sandbox',
      'a.tar.gz',
      join(dir, 'b.minisig'),
      'folder',
      'missing',
      '-psn_0_1',
      'a.tar.gz',
    ];
    expect(await filesFromArgv(argv, dir, 1)).toEqual([join(dir, 'a.tar.gz'), join(dir, 'b.minisig')]);
  });

  it('skips the app folder when started as "electron ."', async () => {
    expect(await filesFromArgv(['electron', dir, 'a.tar.gz'], dir, 2)).toEqual([join(dir, 'a.tar.gz')]);
  });
});

describe('progress', () => {
  it('sends at most one event per interval, but always the final one, with a job-wide rate', () => {
    let clock = 0;
    const events: EventMap['jobProgress'][] = [];
    const progress = createProgressReporter({
      jobId: 'j',
      fileCount: 2,
      emit: (_event, payload) => events.push(payload as EventMap['jobProgress']),
      now: () => clock,
      intervalMs: 125,
    });
    // 1000 chunk callbacks over one second for the first file: about 8 events, not 1000.
    for (let i = 1; i <= 1000; i++) {
      clock = i;
      progress.update(0, '/a', i * 1000, 1_000_000);
    }
    expect(events.length).toBeGreaterThanOrEqual(8);
    expect(events.length).toBeLessThanOrEqual(9);
    clock = 1001;
    progress.update(1, '/b', 500, 500); // the last byte of the last file: sent despite the throttle
    const last = events.at(-1)!;
    expect(last).toMatchObject({ file: '/b', fileIndex: 1, bytesDone: 500, bytesTotal: 500 });
    // 1,000,000 + 500 bytes in 1.001 s
    expect(last.bytesPerSecond).toBe(Math.round(1_000_500 / 1.001));
  });

  it('turns a job into a taskbar fraction', () => {
    const base = { jobId: 'j', file: '/a', bytesPerSecond: 0 };
    expect(taskbarFraction({ ...base, fileIndex: 0, fileCount: 4, bytesDone: 50, bytesTotal: 100 })).toBe(
      0.125,
    );
    expect(taskbarFraction({ ...base, fileIndex: 3, fileCount: 4, bytesDone: 0, bytesTotal: 0 })).toBe(1);
    expect(taskbarFraction({ ...base, fileIndex: 0, fileCount: 0, bytesDone: 0, bytesTotal: 0 })).toBe(0);
  });
});

describe('a pasted checksum', () => {
  const hex = 'ab'.repeat(32);
  it.each([
    hex,
    `sha256:${hex}`,
    `${hex} *file.iso`,
    `SHA256 (file.iso) = ${hex}`,
    `\t${hex.toUpperCase()}\r\n`,
  ])('reads %j', (pasted) => {
    expect(parseExpectedChecksum(pasted)).toEqual({ algorithm: 'sha256', digest: Buffer.from(hex, 'hex') });
  });
  it.each(['', 'abc', hex.slice(2), `${hex}0`, 'z'.repeat(64), `${hex} ${'cd'.repeat(32)}`])(
    'refuses %j',
    (pasted) => {
      expect(() => parseExpectedChecksum(pasted)).toThrow();
    },
  );
});
