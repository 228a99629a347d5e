import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrustFileJson, trustFileV2Schema } from '../../electron/core/trust/trust-file';
import { schemaProblems } from '../helpers/json-schema-check';

/** Every ```json block of the README, in order. */
function jsonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

const blocks = jsonBlocks(readFileSync(resolve(__dirname, '../../README.md'), 'utf8'));

describe('the README documents the trust list as Signet reads it', () => {
  it('has JSON examples to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  for (const [index, block] of blocks.entries()) {
    it(`example ${index + 1} is a trust list the strict parser accepts`, () => {
      expect(readTrustFileJson(JSON.parse(block))).toHaveProperty('file');
    });
    it(`example ${index + 1} fits the published schema`, () => {
      const schema = JSON.parse(
        readFileSync(resolve(__dirname, '../../schemas/trusted-signers.schema.json'), 'utf8'),
      );
      expect(schemaProblems(schema, JSON.parse(block))).toEqual([]);
    });
  }

  it('the first example documents every key a version 2 list has', () => {
    const first = JSON.parse(blocks[0]!) as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(Object.keys(trustFileV2Schema.shape).sort());
  });
});
