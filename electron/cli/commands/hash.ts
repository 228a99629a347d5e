import { resolve } from 'node:path';
import { plainMessage } from '../../core/errors';
import { digestFile } from '../../core/hashing/digest-file';
import { digestMany } from '../../core/hashing/digest-many';

/** Prints sha256sum-compatible lines, so the output can serve as a SHA256SUMS file. */
export async function hashCommand(files: string[], flags: { json?: boolean }): Promise<number> {
  const paths = files.map((f) => resolve(f));
  // One file: hash it here, with no worker start-up to pay; several: a pool sized to the cores.
  const digests = paths.length === 1 ? await hashOne(paths[0] as string) : await digestMany(paths, 'sha256');
  let failed = 0;
  const rows: { file: string; sha256?: string; error?: string }[] = [];
  for (const [index, path] of paths.entries()) {
    const digest = digests.get(path);
    const name = files[index] ?? path;
    if (digest instanceof Buffer) rows.push({ file: name, sha256: digest.toString('hex') });
    else {
      failed++;
      rows.push({ file: name, error: plainMessage(digest) });
    }
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ files: rows })}\n`);
  } else {
    for (const row of rows) {
      if (row.sha256) process.stdout.write(`${row.sha256}  ${row.file}\n`);
      else process.stderr.write(`signet: ${row.file}: ${row.error}\n`);
    }
  }
  return failed > 0 ? 2 : 0;
}

async function hashOne(path: string): Promise<Map<string, Buffer | Error>> {
  try {
    const { sha256 } = await digestFile(path, ['sha256']);
    return new Map([[path, sha256 as Buffer]]);
  } catch (error) {
    return new Map([[path, error as Error]]);
  }
}
