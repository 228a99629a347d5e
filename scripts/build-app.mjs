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
    // The renderer is a CLASSIC script (one IIFE per page, loaded with <script defer>, no type="module"),
    // so start-up cannot depend on how Electron's custom-scheme loader treats CORS-mode requests.
    // Module scripts are always fetched in CORS mode (HTML spec, "fetch a single module script"); a
    // classic script without `crossorigin` is a plain no-cors fetch that every scheme answers. Evidence
    // that module loading over custom schemes is the fragile path:
    //  - electron/electron#12011: module scripts failed over file:// (strict MIME and CORS checks;
    //    "expected behaviour", with a custom protocol suggested instead);
    //  - freelensapp/freelens#2400 (Electron 42): import() from a privileged scheme fails with
    //    `standard` + `secure` (+ `supportFetchAPI`) and works only once `corsEnabled` is added;
    //  - electron/electron#51269/#51271 (backports of #51152, April 2026): CORS gating of custom
    //    protocols changed within the 40.x and 42.x lines, and #52908/#53407 show even the meaning of
    //    `corsEnabled` was undocumented and read both ways.
    // Granting app:// `corsEnabled` would make its contents readable cross-origin; a classic bundle
    // needs no privilege at all, so app:// keeps only `standard` and `secure` (electron/main/protocol.ts).
    {
      ...common,
      entryPoints: { app: 'renderer/main.tsx', pinentry: 'renderer/pinentry/pinentry.ts' },
      outdir: 'dist/renderer',
      platform: 'browser',
      format: 'iife',
      target: 'chrome130',
      jsx: 'automatic',
      loader: { '.svg': 'dataurl', '.woff2': 'file' },
      define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'development') },
    },
  ];
}
