// Writes schemas/trusted-signers.schema.json from the zod schema of the trust list and the
// organisation's policy (electron/core/trust/trust-file.ts). Run by `npm run schema`; a test fails
// while the committed file differs from what this writes.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trustedSignersJsonSchema } from '../electron/core/trust/trust-file-schema-json';

const out = join(import.meta.dirname, '..', 'schemas', 'trusted-signers.schema.json');
writeFileSync(out, trustedSignersJsonSchema());
// Laid out as the repository's formatter lays out JSON, so `biome check` stays clean.
execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
process.stdout.write(`wrote ${out}\n`);
