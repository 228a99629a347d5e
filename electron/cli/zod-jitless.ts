import { config } from 'zod';

// zod compiles each object schema's parser with `new Function` on its first parse: code V8's code
// cache (scripts/cli-code-cache.mjs) cannot hold, so every run of the CLI compiled it again to parse
// a few small objects once. Imported first by signet.ts, before any schema is built.
config({ jitless: true });
