// esbuild plugins for the CLI bundle: Node modules that some code imports at load but a plain
// `signet verify` never calls, each replaced by a facade that loads the real module on first call.
// Only the functions listed exist: importing another fails the build.

/**
 * node:child_process is required at load by commander and by modules a check reaches (policy and
 * trust-store readers that ask Windows' registry or macOS' preferences), and loading it compiles
 * Node's net, dgram and stream internals: ~5 ms of every `signet verify`, which never starts a
 * process on Linux.
 */
export const lazyChildProcess = () => lazyBuiltin('child_process', ['execFile', 'execFileSync', 'spawn']);

/**
 * node:worker_threads (~1 ms of Node's own modules) is imported by the hash worker's launcher, which
 * a small file never starts. `new Worker(...)` on the facade gives the real Worker.
 */
export const lazyWorkerThreads = () => lazyBuiltin('worker_threads', ['Worker']);

function lazyBuiltin(module, functions) {
  const namespace = `signet-lazy-${module}`;
  return {
    name: `lazy-${module}`,
    setup(build) {
      // The facade's own require() of the real module must not be resolved to the facade again.
      build.onResolve({ filter: new RegExp(`^(node:)?${module}$`) }, (args) =>
        args.namespace === namespace
          ? { path: `node:${module}`, external: true }
          : { path: module, namespace },
      );
      build.onLoad({ filter: /.*/, namespace }, () => ({
        contents: [
          `let real;\nconst load = () => (real ??= require('node:${module}'));`,
          ...functions.map(
            (name) =>
              `export function ${name}(...args) { return new.target ? new (load().${name})(...args) : load().${name}(...args); }`,
          ),
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}
