import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignetApp } from './harness/app';
import { electronRequested, launchElectronApp } from './harness/electron-launch';
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

    beforeAll(async () => {
      app = await launchElectronApp();
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
  },
);
