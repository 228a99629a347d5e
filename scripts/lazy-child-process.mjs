// An esbuild plugin for the CLI bundle: node:child_process is required at load by commander and by
// modules a check reaches (policy and trust-store readers that ask Windows' registry or macOS'
// preferences), and loading it compiles Node's net, dgram and stream internals: ~5 ms of every
// `signet verify`, which never starts a process on Linux. Each import gets a facade that loads the
// real module on first call. Only the functions listed exist: importing another fails the build.
const NAMESPACE = 'signet-lazy-child-process';
const FUNCTIONS = ['execFile', 'execFileSync', 'spawn'];

export function lazyChildProcess() {
  return {
    name: 'lazy-child-process',
    setup(build) {
      build.onResolve({ filter: /^(node:)?child_process$/ }, () => ({
        path: 'child_process',
        namespace: NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
        contents: [
          "let real;\nconst load = () => (real ??= require('node:child_process'));",
          ...FUNCTIONS.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}
