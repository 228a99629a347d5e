import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './paths';

let bundled: Promise<string> | undefined;

/** The page side of the bridge as one classic script, bundled once per test file. */
export function pageBridgeScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(repoRoot, 'e2e', 'harness', 'page-bridge-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  }).then((result) => {
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no page bridge');
    return output.text;
  });
  return bundled;
}
