// The Electron app's bundles: main process, sandboxed preload (one CommonJS file, as sandboxed
// preloads cannot load modules), and the renderer (a browser bundle served from the app:// protocol).
export function appTargets(common, node) {
  return [
    { ...node, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' },
    { ...node, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs' },
    // main's passphrase window: its own two-call preload and its own small page.
    {
      ...node,
      entryPoints: ['electron/preload/pinentry-preload.ts'],
      outfile: 'dist/electron/pinentry-preload.cjs',
    },
    {
      ...common,
      entryPoints: { app: 'renderer/main.tsx', pinentry: 'renderer/pinentry/pinentry.ts' },
      outdir: 'dist/renderer',
      platform: 'browser',
      format: 'esm',
      target: 'chrome130',
      jsx: 'automatic',
      loader: { '.svg': 'dataurl', '.woff2': 'file' },
      define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'development') },
    },
  ];
}
