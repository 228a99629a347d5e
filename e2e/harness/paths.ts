import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const rendererDir = join(repoRoot, 'dist', 'renderer');
const resultsDir = join(repoRoot, 'test-results');
export const screenshotDir = join(resultsDir, 'screenshots');
/** Figures CI keeps as an artifact (the real Electron app's start-up time and memory). */
export const metricsDir = join(resultsDir, 'metrics');

/**
 * The origin the harness serves the renderer from. *.localhost is a secure context in Chromium (as
 * app://signet is in Electron), so the Clipboard API behaves as it does in the app.
 */
export const testOrigin = 'http://signet.localhost';
