// `npm start` needs Electron's binary, which its package downloads from outside the npm registry.
// The download runs here, on first start, rather than as an install script: `npm install` and
// `npm test` then work on machines that cannot reach that host, and only starting the app needs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

if (!existsSync(join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (first start only)…');
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  if (result.status !== 0 || !existsSync(join(electronDir, 'path.txt'))) {
    console.error(
      'Signet: the Electron binary could not be downloaded, so the app cannot start here. The CLI works: npm run build && node dist/cli/signet.mjs --help',
    );
    process.exit(1);
  }
}
