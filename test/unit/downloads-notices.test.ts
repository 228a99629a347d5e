import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadChecks } from '../../electron/main/downloads/download-checks';
import { downloadNoticeText } from '../../electron/main/downloads/download-notice';
import type { DownloadNotice } from '../../electron/main/downloads/notifier';
import { SettingsStore } from '../../electron/main/settings/settings-store';
import type { Verdict, VerifyResult } from '../../shared/verdict';
import { DEFAULT_CODE } from '../../shared/verdict-code';
import { tempDir } from '../helpers/temp-dir';

// Which downloads are worth a notification, and how many notifications a burst of them makes: a
// disguised program says so in the title; an unsigned document stays quiet; several verdicts that
// arrive together are one notification.

const root = await tempDir('signet-download-notices-');
const running: DownloadChecks[] = [];
afterEach(() => {
  for (const checks of running.splice(0)) checks.stop();
});

/** The verdict each test file gets, by its name. */
function verdictFor(file: string): Verdict {
  if (file.includes('signed')) return 'verified';
  if (file.includes('changed')) return 'tampered';
  return 'no-signature';
}

async function setUp(groupMs = 400) {
  const downloads = join(await mkdtemp(join(root, 'case-')), 'Downloads');
  await mkdir(downloads);
  const shown: DownloadNotice[] = [];
  const checked: string[] = [];
  const opened: string[] = [];
  const checks = new DownloadChecks({
    settings: new SettingsStore(join(downloads, '..', 'config')),
    downloadsDir: downloads,
    settleMs: 50,
    groupMs,
    async verify(file) {
      checked.push(file);
      const verdict = verdictFor(file);
      return [
        {
          verdict,
          code: DEFAULT_CODE[verdict],
          reason: 'r',
          file,
          ...(verdict === 'verified' ? { signerName: 'Acme' } : {}),
        },
      ];
    },
    notifier: { show: (notice) => shown.push(notice) },
    openCard: (file) => opened.push(file),
  });
  running.push(checks);
  await checks.setEnabled(true);
  return { downloads, shown, checked, opened };
}

const until = async (done: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('download notifications', () => {
  it('a disguised program ("Invoice.pdf          .exe") carries the Windows program warning in its title', async () => {
    const { downloads, shown } = await setUp();
    await writeFile(join(downloads, 'Invoice.pdf          .exe'), 'MZ');
    await until(() => shown.length === 1);
    expect(shown[0]?.title).toBe('This is a Windows program: No signature found for this file');
    expect(shown[0]?.body.split('\n')[1]).toMatch(/^This is a Windows program: spaces in its name/);
  });

  it('ten unsigned documents from one unzip make no notification; an unsigned program still does', async () => {
    const { downloads, shown, checked } = await setUp();
    for (let i = 0; i < 10; i++) await writeFile(join(downloads, `scan-${i}.pdf`), `page ${i}`);
    await until(() => checked.length === 10);
    await new Promise((r) => setTimeout(r, 800));
    expect(shown).toEqual([]);
    await writeFile(join(downloads, 'setup.exe'), 'MZ');
    await until(() => shown.length === 1);
    expect(shown[0]?.title).toBe('No signature found for this file');
  });

  it('several verdicts arriving together are one notification: "3 files checked: 1 needs attention"', async () => {
    const { downloads, shown, checked, opened } = await setUp(1500);
    await writeFile(join(downloads, 'app-signed.tar.gz'), 'a');
    await writeFile(join(downloads, 'tool-signed.zip'), 'b');
    await writeFile(join(downloads, 'driver-changed.zip'), 'c');
    await writeFile(join(downloads, 'notes.txt'), 'quiet');
    await until(() => checked.length === 4 && shown.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe('3 files checked: 1 needs attention');
    // The one that needs attention comes first, and the click opens its card.
    expect(shown[0]?.body.split('\n')[0]).toBe(
      'driver-changed.zip: Do not use this file: it was changed after it was signed',
    );
    shown[0]?.onClick();
    expect(opened).toEqual([join(downloads, 'driver-changed.zip')]);
  });

  it('a disguised program in a group is named in the group title', async () => {
    const { downloads, shown } = await setUp(1500);
    await writeFile(join(downloads, 'app-signed.tar.gz'), 'a');
    await writeFile(join(downloads, 'photo.jpg.exe'), 'MZ');
    await until(() => shown.length === 1);
    expect(shown[0]?.title).toBe('2 files checked: 1 needs attention; one is a Windows program in disguise');
  });

  it('a plain program name gets no warning: its ending is there to see', () => {
    const result: VerifyResult = {
      verdict: 'verified',
      code: 'verified',
      reason: 'r',
      file: '/d/setup.exe',
      signerName: 'Acme',
    };
    expect(downloadNoticeText(result).title).toBe('Verified: made by Acme');
  });
});
