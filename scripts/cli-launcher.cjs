#!/usr/bin/env node
// The `signet` command: runs the CLI bundle beside it with the V8 code cache the build wrote for it
// (Node 20 has no module.enableCompileCache). With the cache V8 neither parses nor compiles the
// ~1.4 MB bundle, which is most of a small file's start-up; a cache V8 rejects (another Node, other
// flags) or a missing one only makes it compile as usual. One CommonJS file, no ES module loader.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRequire, wrap } = require('node:module');
const { Script } = require('node:vm');

const file = join(__dirname, 'signet-bundle.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  // Compiled without it.
}
// The build checks the bundle is ASCII, so latin1 reads it exactly and makes V8's cheaper one-byte string.
const script = new Script(wrap(readFileSync(file, 'latin1')), {
  filename: file,
  cachedData,
});
const bundle = { exports: {}, filename: file, id: '.', loaded: false };
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, __dirname);
