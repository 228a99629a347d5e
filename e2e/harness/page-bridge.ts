import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './paths';

const bundled = new Map<string, Promise<string>>();

/** The page side of the bridge as one classic script, bundled once per test file. */
export function pageBridgeScript(): Promise<string> {
  return bundle('page-bridge-entry.ts');
}

/** The passphrase window's bridge (createPinentryBridge over a binding), for its own page. */
export function pinentryBridgeScript(): Promise<string> {
  return bundle('pinentry-bridge-entry.ts');
}

function bundle(entry: string): Promise<string> {
  const known = bundled.get(entry);
  if (known) return known;
  const made = build({
    entryPoints: [join(repoRoot, 'e2e', 'harness', entry)],
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
  bundled.set(entry, made);
  return made;
}
