// zod compiles each object schema's parser with `new Function` on its first parse: code V8's code
// cache (scripts/cli-code-cache.mjs) cannot hold, so every run of the CLI compiled it again to parse
// a few small objects once. Imported first by signet.ts, before any schema is built.
//
// Set without importing zod: zod keeps its settings in this global, taken over as it is when zod
// loads (v4/core/core.js), so `signet verify`, which reads its trust list without zod when it can,
// never loads zod at all (test/unit/zod-jitless.test.ts holds zod to it).
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig ??= {};
holder.__zod_globalConfig.jitless = true;
