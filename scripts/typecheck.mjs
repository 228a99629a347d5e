// Type-checks each process with its own globals: the renderer with the DOM and no Node, the
// electron side (core, cli, main, preload, workers) with Node and no DOM, shared/ with neither, and
// the tests, e2e, bench and scripts (tsconfig.json) with both. One tsconfig covering everything
// would let a renderer file use Buffer or process and fail only at run time in the sandbox.
import { spawnSync } from 'node:child_process';

const PROJECTS = [
  'tsconfig.shared.json',
  'tsconfig.renderer.json',
  'tsconfig.electron.json',
  'tsconfig.json',
];

let failed = 0;
for (const project of PROJECTS) {
  // `npm run` puts node_modules/.bin on the PATH; the shell finds tsc.cmd on Windows as well.
  const { status } = spawnSync(`tsc -p ${project}`, { stdio: 'inherit', shell: true });
  if (status !== 0) {
    failed++;
    process.stderr.write(`typecheck: ${project} has type errors\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
