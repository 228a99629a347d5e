import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { mayCarryEmbeddedSignature } from '../formats/registry';
import { RECOGNISE_WINDOW_BYTES } from '../limits';

/**
 * Whether the file at `path` may carry its signature inside it (a Windows program or installer),
 * so the CLI and the app load costly trust material (the system's CA roots) only then. Reads the
 * first bytes without blocking on a FIFO or device; anything odd is false, left to verification
 * to report.
 */
export async function fileMayHoldEmbeddedSignature(path: string): Promise<boolean> {
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) return false;
      // As many bytes as verification looks at, so the two agree on which files may hold one.
      const head = new Uint8Array(RECOGNISE_WINDOW_BYTES);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return mayCarryEmbeddedSignature(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
