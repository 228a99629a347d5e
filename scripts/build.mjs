// Bundles every process's entry with esbuild. One bundle per entry keeps the CLI's cold start
// short (no module resolution at run time) and lets the sandboxed preload be a single file.
import { copyFile, mkdir } from 'node:fs/promises';
import { build } from 'esbuild';

const production = process.env.NODE_ENV === 'production';
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', external: ['electron'] };

const targets = [
  {
    ...node,
    entryPoints: ['electron/cli/signet.ts'],
    outfile: 'dist/cli/signet.cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...node, entryPoints: ['electron/workers/hash-worker.ts'], outfile: 'dist/workers/hash-worker.cjs' },
];

const appTargets =
  (process.env.SIGNET_BUILD_APP ?? '1') === '1'
    ? await import('./build-app.mjs').then((m) => m.appTargets(common, node))
    : [];

await Promise.all([...targets, ...appTargets].map((options) => build(options)));
if (appTargets.length > 0) {
  await mkdir('dist/renderer', { recursive: true });
  await copyFile('renderer/index.html', 'dist/renderer/index.html');
}
