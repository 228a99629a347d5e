import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** A value import of electron; `import type` is erased and needs no Electron at run time. */
const VALUE_IMPORT_OF_ELECTRON = /^\s*import\s+(?!type\s)[^;]*from\s+['"]electron['"]/m;

describe('the code the e2e harness runs in plain Node', () => {
  it('never imports electron (handlers, guard, bridge and the other electron-free helpers)', async () => {
    // The electron package's main export is just the binary's path, so a stray `import { app }` would
    // not fail to load in Node: it would quietly be undefined. Hence this check.
    const electronFree = [
      ...(await sources('electron/main/handlers')),
      'electron/main/ipc/guard.ts',
      'electron/main/ipc/register-ipc-handlers.ts',
      'electron/preload/create-bridge.ts',
      'electron/main/app-file.ts',
      'electron/main/app-origin.ts',
      'electron/main/argv-files.ts',
      'electron/main/taskbar-progress.ts',
      'electron/main/worker-hashing.ts',
    ];
    expect(electronFree.length).toBeGreaterThan(15);
    for (const file of electronFree) {
      const text = await readFile(join(root, file), 'utf8');
      expect(VALUE_IMPORT_OF_ELECTRON.test(text), file).toBe(false);
    }
  });

  it('the check itself recognises a value import and lets a type import pass', () => {
    expect(VALUE_IMPORT_OF_ELECTRON.test("import { app } from 'electron';")).toBe(true);
    expect(VALUE_IMPORT_OF_ELECTRON.test("import { type App, BrowserWindow } from 'electron';")).toBe(true);
    expect(VALUE_IMPORT_OF_ELECTRON.test("import type { IpcMain } from 'electron';")).toBe(false);
  });
});
