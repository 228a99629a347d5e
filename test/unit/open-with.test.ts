import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../e2e/harness/paths';
import { filesFromArgv } from '../../electron/main/argv-files';
import { tempDir } from '../helpers/temp-dir';

/** "Check with Signet": what the OS hands over, and what the installers register. */
describe('files handed over by "Open with"', () => {
  it('takes file:// URLs as launchers pass them, names with spaces and Unicode included', async () => {
    const dir = await tempDir('signet-open-with-');
    const name = 'Setup 2.0 — 履歴.exe';
    await writeFile(join(dir, name), 'x');
    const url = pathToFileURL(join(dir, name)).href;
    expect(url).toContain('%20');
    expect(await filesFromArgv(['signet-desktop', url], '/', 1)).toEqual([join(dir, name)]);
  });

  it('ignores other URLs and URLs that are not local files', async () => {
    expect(
      await filesFromArgv(
        ['signet-desktop', 'https://example.com/a.exe', 'file://otherhost/a.exe', 'x-scheme://y'],
        '/',
        1,
      ),
    ).toEqual([]);
  });
});

describe('what the installers register', () => {
  it('electron-builder.yml passes electron-builder’s own configuration schema (a typo fails here, not at packaging)', async () => {
    type Validate = (config: unknown, log: { add(): void; isEnabled: boolean }) => Promise<void>;
    const { validateConfiguration } = createRequire(import.meta.url)(
      'app-builder-lib/out/util/config/config.js',
    ) as { validateConfiguration: Validate };
    const config = load(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const log = { add() {}, isEnabled: false };
    await expect(validateConfiguration(config, log)).resolves.toBeUndefined();
    const misspelt = { ...config, nsis: { ...(config.nsis as object), inclde: 'build/installer.nsh' } };
    await expect(validateConfiguration(misspelt, log)).rejects.toThrow(/configuration\.nsis/);
  });

  it('opens signature files with Signet and offers it for any file on each OS', async () => {
    const config = load(await readFile(join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
      fileAssociations: Array<{ ext: string; mimeType: string }>;
      linux: { mimeTypes: string[]; executableArgs: string[] };
      nsis: { include: string; perMachine: boolean };
      mac: {
        extendInfo: { CFBundleDocumentTypes: Array<{ LSItemContentTypes: string[]; LSHandlerRank: string }> };
      };
    };
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['minisig', 'sig', 'asc', 'sigstore.json']);
    expect(config.fileAssociations.every((a) => a.mimeType.includes('/'))).toBe(true);
    expect(config.linux.mimeTypes).toContain('application/octet-stream');
    expect(config.linux.executableArgs).toEqual(['%F']);
    expect(config.mac.extendInfo.CFBundleDocumentTypes).toEqual([
      expect.objectContaining({ LSItemContentTypes: ['public.data'], LSHandlerRank: 'Alternate' }),
    ]);
    expect(config.nsis.perMachine).toBe(true);
    const script = await readFile(join(repoRoot, config.nsis.include), 'utf8');
    const key = String.raw`Software\Classes\*\shell\SignetCheck`;
    expect(script).toContain('!macro customInstall');
    expect(script).toContain(
      `WriteRegStr SHELL_CONTEXT "${key}\\command" "" '"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" "%1"'`,
    );
    // Uninstalling removes the entry it added.
    expect(script).toMatch(
      new RegExp(`!macro customUnInstall\\s+DeleteRegKey SHELL_CONTEXT "${key.replace(/[\\*]/g, '\\$&')}"`),
    );
  });

  // makensis (Debian's nsis) compiles the include into a real installer script; skipped without it.
  const makensis = spawnSync('makensis', ['-VERSION']).status === 0;
  it.skipIf(!makensis)(
    'the NSIS include compiles with makensis, install and uninstall hooks both',
    async () => {
      const dir = await tempDir('signet-nsis-');
      const include = join(repoRoot, 'build', 'installer.nsh');
      const script = [
        '!define APP_EXECUTABLE_FILENAME "Signet.exe"',
        `OutFile "${join(dir, 'check.exe')}"`,
        'Unicode true',
        `!include "${include}"`,
        'Section "install"',
        '  SetShellVarContext all',
        '  !insertmacro customInstall',
        '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
        'SectionEnd',
        'Section "Uninstall"',
        '  SetShellVarContext all',
        '  !insertmacro customUnInstall',
        'SectionEnd',
      ].join('\n');
      await writeFile(join(dir, 'check.nsi'), script);
      const compiled = spawnSync('makensis', ['-V2', '-WX', join(dir, 'check.nsi')], { encoding: 'utf8' });
      expect(compiled.stderr + compiled.stdout).not.toMatch(/error/i);
      expect(compiled.status).toBe(0);
    },
  );
});
