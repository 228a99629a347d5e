import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignetApp } from './harness/app';
import { electronRequested, launchElectronApp } from './harness/electron-launch';
import { metricsDir } from './harness/paths';
import { caseDir, makeFile, minisignKeyPair, minisignSign } from './harness/tools';
import { screenshot, verdictCard } from './harness/ui';

/**
 * The first spec that only real Electron can run: the packaged entry starts, the app://
 * protocol serves the classic-script page, the sandboxed preload builds window.signet, and a check
 * goes through Electron's IPC, main's handlers and the hash worker and back. Run with
 *   npm run build && SIGNET_E2E_ELECTRON=1 npx vitest run e2e/electron-start.e2e.ts
 * (as .github/workflows/app.yml does on Linux, Windows and macOS).
 */
const SKIP_REASON =
  'needs the Electron binary (SIGNET_E2E_ELECTRON=1); this machine cannot download it, CI does (.github/workflows/app.yml)';

describe.skipIf(!electronRequested())(
  `Signet starts on real Electron${electronRequested() ? '' : ` (skipped: ${SKIP_REASON})`}`,
  () => {
    let app: SignetApp;
    let launchMs = 0;

    beforeAll(async () => {
      const started = performance.now();
      app = await launchElectronApp();
      // Until the first window shows the sections: launch to the first painted, usable window.
      launchMs = performance.now() - started;
    });

    afterAll(async () => {
      await app?.close();
    });

    it('shows the Verify screen', async () => {
      await app.page.getByRole('heading', { level: 1, name: 'Verify' }).waitFor();
      expect(new URL(app.page.url()).protocol).toBe('app:');
      await screenshot(app.page, 'electron-start-verify');
    });

    it('gives a verdict for a signed file', async () => {
      const tools = await caseDir(app.dirs.root, 'tools');
      const acme = await minisignKeyPair(tools, 'acme');
      await app.trust.add({ keyText: acme.publicKeyText, name: 'Acme Releases' });
      const file = await makeFile(await caseDir(app.dirs.work, 'start'), 'acme-setup.exe', 'setup\n');
      minisignSign(acme, file);
      await app.willOpen(file);
      await app.page.getByRole('button', { name: 'Choose file…' }).click();
      const card = verdictCard(app.page, 'acme-setup.exe');
      await card.waitFor();
      expect(await card.getAttribute('data-verdict')).toBe('verified');
      await screenshot(app.page, 'electron-start-verdict');
      expect(app.pageProblems).toEqual([]);
    });

    it('records its start-up time and its memory once idle (kept by CI as an artifact)', async () => {
      // Idle: the verdict above is done; a few seconds for what start-up left to settle.
      await new Promise((settle) => setTimeout(settle, 3000));
      const memoryKiB = await app.memoryKiB?.();
      expect(memoryKiB).toBeGreaterThan(0);
      const dir = metricsDir;
      mkdirSync(dir, { recursive: true });
      const figures = {
        platform: process.platform,
        launchToFirstWindowMs: Math.round(launchMs),
        idleMemoryKiB: memoryKiB,
      };
      writeFileSync(
        join(dir, `electron-start-${process.platform}.json`),
        `${JSON.stringify(figures, null, 2)}\n`,
      );
    });
  },
);
