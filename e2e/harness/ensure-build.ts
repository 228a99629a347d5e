import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rendererDir, repoRoot } from './paths';

/**
 * Vitest's global setup builds before any test; a harness used some other way (a script, an editor's
 * test runner) builds here when the renderer or the hash worker bundle is missing.
 */
export function ensureRendererBuilt(): void {
  const needed = [
    join(rendererDir, 'index.html'),
    join(rendererDir, 'app.js'),
    join(repoRoot, 'dist', 'workers', 'hash-worker.cjs'),
  ];
  if (needed.every((file) => existsSync(file))) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
}
