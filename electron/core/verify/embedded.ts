import { readSync } from 'node:fs';
import { basename } from 'node:path';
import { FormatError, plainMessage, SignetError } from '../errors';
import type { EmbeddedReader } from '../formats/format-module';
import { embeddedKindsFor } from '../formats/registry';
import { RECOGNISE_WINDOW_BYTES } from '../limits';
import type { OpenArtifact } from './content-facts';
import type { AnyModule } from './run-check';
import type { SignatureFile } from './signature-file';

/** Most bytes an embedded-signature module may read to find its signature (headers, tables). */
const EMBEDDED_READ_CAP = 16 * 1024 * 1024;

/**
 * Signatures that live inside the artifact (Authenticode), found by the modules that read them,
 * through the check's one open descriptor. Only the kinds whose `recognise` accepts the artifact's
 * first bytes are loaded and asked. Each module gets its own read budget.
 */
export async function embeddedSignatures(artifact: OpenArtifact): Promise<SignatureFile[]> {
  const found: SignatureFile[] = [];
  const kinds = embeddedKindsFor(readHead(artifact));
  for (const kind of kinds) {
    let module: AnyModule;
    try {
      module = await kind.load();
    } catch (error) {
      found.push({
        file: artifact.path,
        unreadable: `${basename(artifact.path)}: ${plainMessage(error)}`,
        code: 'damaged-signature',
      });
      continue;
    }
    if (!module.embedded) continue;
    let budget = EMBEDDED_READ_CAP;
    const reader: EmbeddedReader = {
      size: artifact.size,
      read(offset, length) {
        const start = Math.max(0, Math.min(offset, artifact.size));
        const wanted = Math.max(0, Math.min(length, artifact.size - start));
        budget -= wanted;
        if (budget < 0) throw new FormatError('The embedded signature is larger than Signet reads.');
        const bytes = Buffer.alloc(wanted);
        let done = 0;
        while (done < wanted) {
          const got = readSync(artifact.fd, bytes, done, wanted - done, start + done);
          if (got === 0) break;
          done += got;
        }
        return new Uint8Array(bytes.buffer, bytes.byteOffset, done);
      },
    };
    try {
      const sig = module.embedded(reader);
      if (sig) found.push({ file: artifact.path, recognised: { module, sig }, bytes: new Uint8Array(0) });
    } catch (error) {
      if (error instanceof SignetError && error.kind === 'cancelled') throw error;
      found.push({
        file: artifact.path,
        unreadable: `${basename(artifact.path)}: ${plainMessage(error)}`,
        code: 'damaged-signature',
      });
    }
  }
  return found;
}

function readHead(artifact: OpenArtifact): Uint8Array {
  const head = Buffer.alloc(Math.min(artifact.size, RECOGNISE_WINDOW_BYTES));
  const got = head.length > 0 ? readSync(artifact.fd, head, 0, head.length, 0) : 0;
  return new Uint8Array(head.buffer, head.byteOffset, got);
}
