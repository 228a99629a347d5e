// An esbuild plugin for the CLI bundle: zod's `z` namespace re-exports all ~50 of its message
// locales (`z.locales`), and a namespace used as a value cannot be tree-shaken, so every
// `signet verify` that reads the trust list parsed ~250 KB of translations it never shows. zod's
// schemas import English directly (v4/classic/schemas.js), so only `z.locales` (and the same
// namespace under `z.core`) is narrowed, to English; nothing in Signet picks another locale.
import { dirname, join } from 'node:path';

const STUB_NAMESPACE = 'signet-zod-locales';

export function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer)
          ? {
              path: 'locales',
              namespace: STUB_NAMESPACE,
              pluginData: { localesDir: join(dirname(args.importer), '../locales') },
            }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: STUB_NAMESPACE }, (args) => ({
        contents: "export { default as en } from './en.js';",
        resolveDir: args.pluginData.localesDir,
        loader: 'js',
      }));
    },
  };
}
