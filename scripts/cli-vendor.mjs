// The CLI's large libraries in a second bundle beside it (dist/cli/signet-vendor.cjs), loaded on the
// first import of one of them. `signet verify` of a minisign signature runs none of their code, yet in
// one bundle it paid for all of them on every start: the launcher reads the whole script (2.6 MB with
// them, 0.7 MB without) and V8 deserialises its whole code cache, which holds every top-level
// function of the script (0.95 MB, 0.78 without them). The commands that do use them (OpenPGP,
// Authenticode, Sigstore) load the second bundle with a code cache of its own (cli-code-cache.mjs).
import { fileURLToPath } from 'node:url';

/** The packages Signet imports that the minisign/signify/SSH verify path never initialises. */
const VENDOR_PACKAGES = [
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
];
const VENDORED = new RegExp(
  `^(${VENDOR_PACKAGES.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`,
);
const SHIM = 'signet-vendor-shim';
const LOADER = 'signet-vendor-loader';
const ENTRY = 'signet-vendor-entry';
const LOADER_FILE = fileURLToPath(new URL('./cli-vendor-loader.cjs', import.meta.url));

/**
 * An esbuild plugin for the CLI's main bundle: each import of a vendored package (or a file in one)
 * becomes a small CommonJS module taking that package from the vendor bundle, so the code that
 * imports it keeps its order and laziness. `specifiers` collects what was imported, for vendorBundle.
 */
export function vendorImports(specifiers) {
  return {
    name: 'cli-vendor-imports',
    setup(build) {
      build.onResolve({ filter: VENDORED }, (args) => {
        specifiers.add(args.path);
        return { path: args.path, namespace: SHIM };
      });
      build.onResolve({ filter: new RegExp(`^${LOADER}$`) }, () => ({ path: LOADER_FILE }));
      build.onLoad({ filter: /.*/, namespace: SHIM }, (args) => ({
        contents: `module.exports = require('${LOADER}')(${JSON.stringify(args.path)});`,
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
}

/**
 * An esbuild plugin for the vendor bundle, whose entry is `signet-vendor-entry`: one function per
 * specifier the main bundle imported, so each package runs when first asked. The entry require()s
 * them, but each is resolved as the main bundle's `import` was: the same file of a package that
 * ships both (openpgp's CommonJS build is another, slower to start, program).
 */
export function vendorBundle(specifiers) {
  return {
    name: 'cli-vendor-bundle',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({ path: ENTRY, namespace: ENTRY }));
      build.onLoad({ filter: /.*/, namespace: ENTRY }, () => {
        if (specifiers.size === 0) {
          throw new Error('The CLI imports no vendored package: scripts/cli-vendor.mjs is out of date.');
        }
        const lines = [...specifiers]
          .sort()
          .map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`);
        return {
          contents: `module.exports = {\n${lines.join('\n')}\n};\n`,
          loader: 'js',
          resolveDir: process.cwd(),
        };
      });
      build.onResolve({ filter: VENDORED }, (args) =>
        args.kind === 'require-call' && args.importer === ENTRY
          ? build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir })
          : undefined,
      );
    },
  };
}
