import { execFileSync } from 'node:child_process';
import { appendFile, chmod, mkdir, mkdtemp, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadTarget, isIgnoredName } from '../../electron/main/downloads/download-names';
import { DownloadWatcher } from '../../electron/main/downloads/download-watcher';
import { tempDir } from '../helpers/temp-dir';

/**
 * The "finished downloading" logic on real files in a real folder, with the real fs.watch: files that
 * grow, browsers' partial names and renames, and what a hostile folder may hold.
 */
const SETTLE_MS = 150;
const root = await tempDir('signet-downloads-');
let running: DownloadWatcher | null = null;

afterEach(() => {
  running?.stop();
  running = null;
});

async function watched(
  settleMs = SETTLE_MS,
): Promise<{ dir: string; finished: string[]; next(): Promise<string> }> {
  const dir = await mkdtemp(join(root, 'dl-'));
  const finished: string[] = [];
  const waiters: Array<(path: string) => void> = [];
  running = new DownloadWatcher({
    dir,
    settleMs,
    onFinished(path) {
      finished.push(path);
      waiters.shift()?.(path);
    },
  });
  running.start();
  return {
    dir,
    finished,
    // Resolves with the next file reported (waits on the report, never on a clock).
    next: () => new Promise((resolve) => waiters.push(resolve)),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a download counts as finished only when it stops growing', () => {
  it('is not reported while it grows, and once, with its final size, after it stops', async () => {
    // A long settle against writes every 40 ms, so a loaded machine's late timers cannot end the growth early.
    const settle = 600;
    const { dir, finished, next } = await watched(settle);
    const file = join(dir, 'release-1.2.tar.gz');
    const reported = next();
    await writeFile(file, 'a');
    // Writes closer together than the settle time: each one restarts the wait.
    for (let i = 0; i < 12; i += 1) {
      await pause(40);
      await appendFile(file, 'more bytes\n');
      expect(finished).toEqual([]);
    }
    expect(await reported).toBe(file);
    await pause(settle * 2);
    expect(finished).toEqual([file]);
  });

  it('treats Firefox’s rename from .part (beside an empty placeholder) as the finish', async () => {
    const { dir, finished, next } = await watched();
    const final = join(dir, 'tool.zip');
    await writeFile(final, ''); // Firefox's empty placeholder
    await writeFile(`${final}.part`, 'half');
    await pause(SETTLE_MS * 3);
    await appendFile(`${final}.part`, ' and the rest');
    await pause(SETTLE_MS * 3);
    expect(finished).toEqual([]);
    const reported = next();
    await rename(`${final}.part`, final);
    expect(await reported).toBe(final);
  });

  it('waits while a re-download writes .crdownload beside an older file of the same name', async () => {
    const { dir, finished, next } = await watched();
    const final = join(dir, 'setup.msi');
    await writeFile(`${final}.crdownload`, 'downloading');
    await writeFile(final, 'the old download, touched while the new one arrives');
    await pause(SETTLE_MS * 4);
    expect(finished).toEqual([]);
    const reported = next();
    await rename(`${final}.crdownload`, final);
    expect(await reported).toBe(final);
  });

  it('does not report the same version twice (a chmod is not a new download), but a new version again', async () => {
    const { dir, finished, next } = await watched();
    const file = join(dir, 'notes.txt');
    let reported = next();
    await writeFile(file, 'one');
    await reported;
    await chmod(file, 0o600);
    await pause(SETTLE_MS * 4);
    expect(finished).toEqual([file]);
    reported = next();
    await writeFile(file, 'two, longer');
    await reported;
    expect(finished).toEqual([file, file]);
  });

  it('stops: nothing is reported after stop(), even for a file already waiting to settle', async () => {
    const { dir, finished } = await watched();
    await writeFile(join(dir, 'late.bin'), 'x');
    running?.stop();
    expect(running?.watching).toBe(false);
    await pause(SETTLE_MS * 4);
    expect(finished).toEqual([]);
  });
});

describe('what a hostile Downloads folder may hold is refused quietly and never blocks', () => {
  it('skips symlinks, FIFOs, folders and hidden files, and still reports the next real download', async () => {
    const { dir, finished, next } = await watched();
    await writeFile(join(root, 'outside-secret.txt'), 'not in Downloads');
    await symlink(join(root, 'outside-secret.txt'), join(dir, 'innocent.pdf'));
    // A FIFO with no writer: opening it would block for ever; the watcher only ever lstat()s.
    execFileSync('mkfifo', [join(dir, 'trap.iso')]);
    await mkdir(join(dir, 'folder.zip'));
    await writeFile(join(dir, '.com.google.Chrome.x1y2z3'), 'browser temp');
    await writeFile(join(dir, 'desktop.ini'), '[.ShellClassInfo]');
    await pause(SETTLE_MS * 4);
    expect(finished).toEqual([]);
    const reported = next();
    await writeFile(join(dir, 'real.tar.gz'), 'a real download');
    expect(await reported).toBe(join(dir, 'real.tar.gz'));
    expect(finished).toEqual([join(dir, 'real.tar.gz')]);
  });

  it.each([
    ['a right-to-left override', 'invoice\u202Efdp.exe'],
    ['a newline', 'two\nlines.txt'],
    ['combining and wide characters', 'ré\u0301sumé 履歴書 🦀.pdf'],
    ['a zero-width space', 'setup\u200B.exe'],
  ])('reports a file whose name has %s, by its exact name', async (_what, name) => {
    const { dir, next } = await watched();
    const reported = next();
    await writeFile(join(dir, name), 'content');
    expect(await reported).toBe(join(dir, name));
  });

  it('skips a name that is not valid UTF-8 (it cannot be named as text) and goes on', async () => {
    const { dir, finished, next } = await watched();
    // Linux file names are bytes: 0xFF can never appear in UTF-8.
    await writeFile(
      Buffer.concat([Buffer.from(`${dir}/bad`), Buffer.from([0xff]), Buffer.from('.bin')]),
      'x',
    );
    await pause(SETTLE_MS * 4);
    expect(finished).toEqual([]);
    const reported = next();
    await writeFile(join(dir, 'good.bin'), 'y');
    expect(await reported).toBe(join(dir, 'good.bin'));
  });

  it('does not grow without bound when flooded with new files', async () => {
    const dir = await mkdtemp(join(root, 'flood-'));
    const finished: string[] = [];
    running = new DownloadWatcher({
      dir,
      settleMs: SETTLE_MS,
      maxPending: 5,
      onFinished: (p) => finished.push(p),
    });
    running.start();
    await Promise.all(Array.from({ length: 40 }, (_, i) => writeFile(join(dir, `f${i}.bin`), 'x')));
    await pause(SETTLE_MS * 6);
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.length).toBeLessThanOrEqual(5);
  });
});

describe('partial-download names', () => {
  it.each([
    'movie.mkv.crdownload',
    'movie.mkv.part',
    'MOVIE.MKV.PART',
    'app.dmg.download',
    'x.partial',
    'x.tmp',
    '.hidden',
    '.DS_Store',
    'Thumbs.db',
    '',
    '..',
    'a/b',
  ])('ignores %j', (name) => {
    expect(isIgnoredName(name)).toBe(true);
  });

  it.each(['movie.mkv', 'party.txt', 'SHA256SUMS', 'app.AppImage', 'tool.minisig', 'x.sigstore.json'])(
    'checks %j',
    (name) => {
      expect(isIgnoredName(name)).toBe(false);
    },
  );
});

describe('a signature that arrives stands for the file it signs', () => {
  const folder = '/downloads';
  const exists = async (path: string) => path === `${folder}/tool-1.0.tar.gz`;

  // Every detached suffix a registered format reads, also those a hand-kept list once missed.
  it.each(['.minisig', '.sig', '.asc', '.gpg', '.sign', '.sigstore.json', '.sigstore', '.bundle'])(
    'tool-1.0.tar.gz%s checks tool-1.0.tar.gz',
    async (suffix) => {
      await expect(downloadTarget(`${folder}/tool-1.0.tar.gz${suffix}`, exists)).resolves.toBe(
        `${folder}/tool-1.0.tar.gz`,
      );
    },
  );

  it('waits for a file not there yet, and checks any other name as itself', async () => {
    await expect(downloadTarget(`${folder}/other.zip.bundle`, exists)).resolves.toBeNull();
    await expect(downloadTarget(`${folder}/notes.json`, exists)).resolves.toBe(`${folder}/notes.json`);
  });
});
