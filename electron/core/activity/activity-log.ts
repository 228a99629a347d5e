import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ActivityEntry } from '../../../shared/domain';
import { SignetError } from '../errors';

/** One signing, as the log stores it and the Activity screen shows it (the IPC contract's type). */
export type { ActivityEntry };

export interface ActivityLog {
  entries: ActivityEntry[];
  /** Lines that could not be read (a crash mid-write, a hand edit); they are skipped, not fatal. */
  damagedLines: number;
}

export const ACTIVITY_FILE_NAME = 'activity.jsonl';

const entrySchema = z.object({
  time: z.iso.datetime({ offset: true }),
  file: z.string().min(1).max(4096),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  keyId: z.string().min(1).max(80),
  output: z.string().min(1).max(4096),
  keyName: z.string().min(1).max(100).optional(),
  format: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .optional(),
  fingerprint: z
    .string()
    .regex(/^[0-9A-F]{40,64}$/)
    .optional(),
  identity: z.string().min(1).max(4096).optional(),
  issuer: z.string().min(1).max(4096).optional(),
  logIndex: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});

const appendQueues = new Map<string, Promise<unknown>>();

/**
 * Appends one JSON line to `<dir>/activity.jsonl` (0600, folder made 0700 if missing). Earlier
 * lines are never rewritten; a torn last line from a crash is closed off first so the new entry
 * stays readable.
 */
export async function appendActivity(dir: string, entry: ActivityEntry): Promise<void> {
  const parsed = entrySchema.safeParse(entry);
  if (!parsed.success)
    throw new SignetError('usage', 'This activity entry is incomplete; it was not logged.');
  const path = join(dir, ACTIVITY_FILE_NAME);
  const line = `${JSON.stringify(parsed.data)}\n`;
  const previous = appendQueues.get(path) ?? Promise.resolve();
  const run = previous.then(
    () => appendLine(dir, path, line),
    () => appendLine(dir, path, line),
  );
  const settled = run.catch(() => undefined);
  appendQueues.set(path, settled);
  void settled.then(() => {
    if (appendQueues.get(path) === settled) appendQueues.delete(path);
  });
  return run;
}

/** Entries oldest first; damaged lines are skipped (readActivityLog counts them). */
export async function readActivity(dir: string): Promise<ActivityEntry[]> {
  return (await readActivityLog(dir)).entries;
}

export async function readActivityLog(dir: string): Promise<ActivityLog> {
  let text: string;
  try {
    text = await readFile(join(dir, ACTIVITY_FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], damagedLines: 0 };
    throw error;
  }
  const entries: ActivityEntry[] = [];
  let damagedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseLine(line);
    if (entry) entries.push(entry);
    else damagedLines++;
  }
  return { entries, damagedLines };
}

function parseLine(line: string): ActivityEntry | undefined {
  try {
    const result = entrySchema.safeParse(JSON.parse(line));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

async function appendLine(dir: string, path: string, line: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const handle = await open(path, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(prefix + line, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
