// Writes schemas/verify-result.schema.json from the zod schema of `signet verify --json`
// (shared/verdict-schema.ts). Run after changing VerifyResult: `npx tsx scripts/verify-result-schema.ts`.
// A test fails while the committed file differs from what this writes.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyResultJsonSchema } from '../shared/verdict-schema-json';

const out = join(import.meta.dirname, '..', 'schemas', 'verify-result.schema.json');
writeFileSync(out, verifyResultJsonSchema());
// Laid out as the repository's formatter lays out JSON, so `biome check` stays clean.
execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
process.stdout.write(`wrote ${out}\n`);
