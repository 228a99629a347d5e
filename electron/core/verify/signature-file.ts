import { basename } from 'node:path';
import { plainMessage } from '../errors';
import {
  largestSignatureBytes,
  recognise,
  signatureMaxBytes,
  unreadableSignature,
} from '../formats/registry';
import { readSmallFile } from '../fs/read-small-file';
import type { Recognised } from './run-check';

/** Why a signature file could not be used, as a verdict code. */
type UnreadableCode = 'damaged-signature' | 'not-a-signature' | 'unreadable-kind' | 'too-large';

/** A signature file as found: read by a module, or a code and a sentence saying why it is not. */
export type SignatureFile =
  | { file: string; recognised: Recognised; bytes: Uint8Array }
  | { file: string; unreadable: string; code: UnreadableCode };

/**
 * Reads (capped) and parses a signature file through the registry. Never throws but for cancel.
 * Read up to the largest size any kind allows; a detached signature then within its own kind's.
 */
export async function readSignatureFile(
  file: string,
  maxBytes = largestSignatureBytes(),
): Promise<SignatureFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readSmallFile(file, maxBytes, 'The signature file');
  } catch (error) {
    return { file, unreadable: `${basename(file)}: ${plainMessage(error)}`, code: 'damaged-signature' };
  }
  return parseSignatureBytes(file, bytes);
}

/** Loads only the module of the kind the bytes are (and its libraries with it). Never throws. */
export async function parseSignatureBytes(file: string, bytes: Uint8Array): Promise<SignatureFile> {
  const kind = recognise(bytes);
  if (!kind) {
    const why = unreadableSignature(bytes);
    return { file, unreadable: `${basename(file)}: ${why.reason}`, code: why.code };
  }
  try {
    const module = await kind.load();
    const sig = module.parse(bytes);
    if (!sig.carriedMessage && bytes.length > signatureMaxBytes(kind)) {
      return { file, unreadable: tooLarge(file, bytes.length), code: 'too-large' };
    }
    return { file, recognised: { module, sig }, bytes };
  } catch (error) {
    return { file, unreadable: `${basename(file)}: ${plainMessage(error)}`, code: 'damaged-signature' };
  }
}

const tooLarge = (file: string, bytes: number) =>
  `${basename(file)} is too large (${bytes} bytes) to be a signature.`;
