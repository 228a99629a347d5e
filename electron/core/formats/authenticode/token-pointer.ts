import { z } from 'zod';
import { FormatError } from '../../errors';

/**
 * What a token key's file in the keystore holds: where the key is, never the key or its PIN. The
 * token is found by serial number and label (slot numbers change when it is plugged in again), the
 * certificate and key by their shared CKA_ID.
 */
export interface TokenPointer {
  module: string;
  token: { serial: string; tokenLabel: string };
  /** CKA_ID, hex. */
  objectId: string;
}

const FORMAT = 'signet-token-key';

const pointerSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  module: z.string().min(1).max(4096),
  token: z.strictObject({ serial: z.string().max(64), tokenLabel: z.string().max(64) }),
  objectId: z.string().regex(/^(?:[0-9a-f]{2}){0,128}$/),
});

export function formatTokenPointer(pointer: TokenPointer): string {
  return `${JSON.stringify({ format: FORMAT, version: 1, ...pointer }, null, 2)}\n`;
}

export function parseTokenPointer(bytes: Uint8Array): TokenPointer {
  try {
    const {
      format: _format,
      version: _version,
      ...pointer
    } = pointerSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return pointer;
  } catch {
    throw new FormatError('The keystore’s note of where this token key is has been damaged.');
  }
}
