import { execFileSync } from 'node:child_process';

/** Tests run the real bundles (CLI, worker, renderer), so build them once before any test. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
