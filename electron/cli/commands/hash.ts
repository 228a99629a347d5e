import { resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import { sha256sumLine } from '../../core/checksums/sha256sum-line';
import { plainMessage } from '../../core/errors';
import { digestFile } from '../../core/hashing/digest-file';
import { digestMany } from '../../core/hashing/digest-many';
import { regularFileProblem } from '../input-file';

/** Prints sha256sum-compatible lines, so the output can serve as a SHA256SUMS file. */
export async function hashCommand(files: string[], flags: { json?: boolean }): Promise<number> {
  const paths = files.map((f) => resolve(f));
  // A pipe or a device would be read forever: each such name gets its own error, unread.
  const refused = await Promise.all(paths.map(regularFileProblem));
  const readable = paths.filter((_, index) => refused[index] === undefined);
  // One file: hash it here, with no worker start-up to pay; several: a pool sized to the cores.
  const digests =
    readable.length === 1 ? await hashOne(readable[0] as string) : await digestMany(readable, 'sha256');
  let failed = 0;
  const rows: { file: string; sha256?: string; error?: string }[] = [];
  for (const [index, path] of paths.entries()) {
    const digest = refused[index] ?? digests.get(path);
    const name = files[index] ?? path;
    if (digest instanceof Buffer) rows.push({ file: name, sha256: digest.toString('hex') });
    else {
      failed++;
      rows.push({ file: name, error: typeof digest === 'string' ? digest : plainMessage(digest) });
    }
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ files: rows })}\n`);
  } else {
    for (const row of rows) {
      if (row.sha256) process.stdout.write(`${sha256sumLine(row.sha256, row.file)}\n`);
      else process.stderr.write(`signet: ${printable(row.file)}: ${row.error}\n`);
    }
  }
  return failed > 0 ? 2 : 0;
}

async function hashOne(path: string): Promise<Map<string, Buffer | Error>> {
  try {
    // regularOnly opens without blocking and checks the open file, so a pipe swapped in cannot hang it.
    const { sha256 } = await digestFile(path, ['sha256'], { regularOnly: true });
    return new Map([[path, sha256 as Buffer]]);
  } catch (error) {
    return new Map([[path, error as Error]]);
  }
}
