import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTIVITY_FILE_NAME,
  type ActivityEntry,
  appendActivity,
  readActivity,
  readActivityLog,
} from '../../electron/core/activity/activity-log';
import { SignetError } from '../../electron/core/errors';
import { makeTempDir } from './minisign-fixtures';

let root: string;
let cleanup: () => void;
let dir: string;
let logFile: string;

beforeEach(() => {
  ({ dir: root, cleanup } = makeTempDir('activity'));
  dir = join(root, 'activity');
  logFile = join(dir, ACTIVITY_FILE_NAME);
});
afterEach(() => cleanup());

function entry(n: number): ActivityEntry {
  return {
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    file: `/home/me/release/app-${n}.tar.gz`,
    sha256: n.toString(16).padStart(64, '0'),
    keyId: '0FA0F5D0F653CB77',
    output: `/home/me/release/app-${n}.tar.gz.minisig`,
  };
}

describe('activity log', () => {
  it('is empty before anything is logged', async () => {
    expect(await readActivity(dir)).toEqual([]);
  });

  it('appends JSON lines and reads them back in order', async () => {
    await appendActivity(dir, entry(1));
    await appendActivity(dir, entry(2));
    expect(await readActivity(dir)).toEqual([entry(1), entry(2)]);
    const lines = readFileSync(logFile, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toEqual(entry(1));
    expect(lines[2]).toBe('');
  });

  it('only ever appends: earlier bytes stay exactly as they were', async () => {
    await appendActivity(dir, entry(1));
    const before = readFileSync(logFile);
    await appendActivity(dir, entry(2));
    expect(readFileSync(logFile).subarray(0, before.length)).toEqual(before);
  });

  it('creates the file 0600 in a 0700 folder', async () => {
    await appendActivity(dir, entry(1));
    expect(statSync(logFile).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('skips and counts damaged lines instead of failing', async () => {
    await appendActivity(dir, entry(1));
    appendFileSync(logFile, '{"time": "2025-01-01T00:00:00Z", "file": \n');
    appendFileSync(logFile, 'not json at all\n');
    appendFileSync(logFile, `${JSON.stringify({ ...entry(9), sha256: 'xyz' })}\n`);
    await appendActivity(dir, entry(2));
    expect(await readActivityLog(dir)).toEqual({ entries: [entry(1), entry(2)], damagedLines: 3 });
    expect(await readActivity(dir)).toEqual([entry(1), entry(2)]);
  });

  it('closes off a line torn by a crash so the next entry is not lost with it', async () => {
    await appendActivity(dir, entry(1));
    appendFileSync(logFile, '{"time":"2025-01-0'); // no newline: the process died mid-write
    await appendActivity(dir, entry(2));
    expect(await readActivityLog(dir)).toEqual({ entries: [entry(1), entry(2)], damagedLines: 1 });
  });

  it('keeps every entry when many are appended at once', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, n) => appendActivity(dir, entry(n))));
    const entries = await readActivity(dir);
    expect(entries).toHaveLength(40);
    expect(new Set(entries.map((e) => e.file)).size).toBe(40);
  });

  it('refuses an incomplete entry and logs nothing', async () => {
    await expect(appendActivity(dir, { ...entry(1), sha256: 'short' })).rejects.toThrow(SignetError);
    await expect(appendActivity(dir, { ...entry(1), time: 'yesterday' })).rejects.toThrow(SignetError);
    expect(await readActivity(dir)).toEqual([]);
  });

  it('reads a log written with CRLF line endings', async () => {
    writeFileSync(
      join(root, ACTIVITY_FILE_NAME),
      `${JSON.stringify(entry(1))}\r\n${JSON.stringify(entry(2))}\r\n`,
    );
    expect(await readActivityLog(root)).toEqual({ entries: [entry(1), entry(2)], damagedLines: 0 });
  });
});
