// The CLI's large libraries in bundles beside it (dist/cli/signet-vendor.cjs, signet-zod.cjs), each
// loaded on the first import of one of its packages. `signet verify` of a minisign signature runs
// none of their code, yet in one bundle it paid for all of them on every start: the launcher reads
// the whole script (2.6 MB with them, 0.5 MB without) and V8 deserialises its whole code cache,
// which holds every top-level function of the script (0.95 MB, 0.46 without them). The commands that
// use them load their bundle with a code cache of its own (cli-code-cache.mjs). zod has its own
// bundle: many commands read a list or a record with it and need nothing else here.
import { fileURLToPath } from 'node:url';

/** Each vendor bundle (dist/cli/NAME.cjs) and the packages it holds. */
export const VENDOR_BUNDLES = {
  // OpenPGP, Authenticode and Sigstore: the minisign/signify/SSH verify path never initialises them.
  'signet-vendor': [
    'openpgp',
    'pkijs',
    'asn1js',
    '@noble/curves',
    '@sigstore/bundle',
    '@sigstore/core',
    '@sigstore/protobuf-specs',
    '@sigstore/sign',
    '@sigstore/tuf',
    '@sigstore/verify',
  ],
  // Lists and records that the quick readers (trust-file-quick.ts, key-record-quick.ts) leave.
  'signet-zod': ['zod'],
};

const SHIM = 'signet-vendor-shim';
const LOADER = 'signet-vendor-loader';
const ENTRY = 'signet-vendor-entry';
const LOADER_FILE = fileURLToPath(new URL('./cli-vendor-loader.cjs', import.meta.url));

/** A package name, or a file in it: `@noble/curves/nist.js`. */
const packagesPattern = (names) =>
  new RegExp(`^(${names.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`);

/**
 * An esbuild plugin for the CLI's main bundle: each import of a vendored package (or a file in one)
 * becomes a small CommonJS module taking that package from its vendor bundle, so the code that
 * imports it keeps its order and laziness. `imported` collects, per vendor bundle, what was
 * imported, for vendorBundle.
 */
export function vendorImports(imported) {
  return {
    name: 'cli-vendor-imports',
    setup(build) {
      for (const [bundle, names] of Object.entries(VENDOR_BUNDLES)) {
        build.onResolve({ filter: packagesPattern(names) }, (args) => {
          if (!imported.has(bundle)) imported.set(bundle, new Set());
          imported.get(bundle).add(args.path);
          return { path: args.path, namespace: SHIM, pluginData: { bundle } };
        });
      }
      build.onResolve({ filter: new RegExp(`^${LOADER}$`) }, () => ({ path: LOADER_FILE }));
      build.onLoad({ filter: /.*/, namespace: SHIM }, (args) => ({
        contents: `module.exports = require('${LOADER}')(${JSON.stringify(args.pluginData.bundle)}, ${JSON.stringify(args.path)});`,
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
}

/**
 * An esbuild plugin for one vendor bundle, whose entry is `signet-vendor-entry`: one function per
 * specifier the main bundle imported from it, so each package runs when first asked. The entry
 * require()s them, but each is resolved as the main bundle's `import` was: the same file of a
 * package that ships both (openpgp's CommonJS build is another, slower to start, program).
 */
export function vendorBundle(specifiers) {
  return {
    name: 'cli-vendor-bundle',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: ENTRY, namespace: ENTRY }));
      build.onLoad({ filter: /.*/, namespace: ENTRY }, () => {
        const lines = [...specifiers]
          .sort()
          .map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`);
        return {
          contents: `module.exports = {\n${lines.join('\n')}\n};\n`,
          loader: 'js',
          resolveDir: process.cwd(),
        };
      });
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        args.kind === 'require-call' && args.importer === ENTRY
          ? build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir })
          : undefined,
      );
    },
  };
}
