import { z } from 'zod';
import { trustFileV2Schema } from './trust-file';

/**
 * The published JSON Schema of a trust list (the person's and the organisation's policy), exactly
 * as committed in schemas/trusted-signers.schema.json. It describes what may be written (`io:
 * input`: `addedAt` may be left out, a thumbprint may have colons). Every object is closed, as the
 * reader is strict: an entry's keys are checked against its kind's own.
 */
export function trustedSignersJsonSchema(): string {
  const schema = {
    title: 'Signet trust list and organisation policy (version 2; version 1 lists are still read)',
    ...z.toJSONSchema(trustFileV2Schema, {
      target: 'draft-2020-12',
      io: 'input',
      override: ({ jsonSchema }) => {
        if (jsonSchema.type === 'object') jsonSchema.additionalProperties = false;
      },
    }),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
