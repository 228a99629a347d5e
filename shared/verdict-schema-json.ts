import { z } from 'zod';
import { VERIFY_RESULT_SCHEMA_VERSION } from './verdict';
import { verifyResultSchema } from './verdict-schema';

/** The published JSON Schema text of one `signet verify --json` line, exactly as committed. */
export function verifyResultJsonSchema(): string {
  const schema = {
    title: `signet verify --json: one result (schemaVersion ${VERIFY_RESULT_SCHEMA_VERSION})`,
    ...z.toJSONSchema(verifyResultSchema, { target: 'draft-2020-12' }),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
