// Bundled by bench/run.ts and run as its own process: the hashing engine with each idea on and
// off, in-process, so the report can say which ideas paid and by how much.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { digestFile, digestFileSync } from '../electron/core/hashing/digest-file';
import { digestFileInWorker } from '../electron/core/hashing/digest-file-in-worker';
import { digestMany } from '../electron/core/hashing/digest-many';
import { readFileChunks } from '../electron/core/hashing/read-file-chunks';

export interface AblationResult {
  group: string;
  variant: string;
  baseline: boolean;
  ms: number[];
  /** CPU time of the whole process (every thread: reads on libuv's pool count too), per run. */
  cpuMs: number[];
}

type Variant = { variant: string; baseline?: boolean; run: () => Promise<unknown> };

/** Node's idiomatic way: a read stream (64 KiB chunks, a new Buffer each) piped into the hash. */
async function streamed(path: string): Promise<Buffer> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest();
}

/** Signet's first digestFile: one 1 MiB buffer, each read awaited before hashing it. */
async function serialReads(path: string, chunkSize: number): Promise<Buffer> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest();
}

async function ring(path: string, chunkSize: number, depth: number): Promise<Buffer> {
  const hash = createHash('sha256');
  await readFileChunks(path, (chunk) => hash.update(chunk), { chunkSize, depth });
  return hash.digest();
}

/**
 * Blocking 64 KiB reads on this thread, one after the other, as `openssl dgst` and minisign read:
 * the buffer stays in this core's cache between the read and the hash, but nothing overlaps.
 */
function blockingSmallReads(path: string, algorithm: 'sha256' | 'blake2b512'): Buffer {
  return digestFileSync(path, [algorithm], Buffer.allocUnsafeSlow(64 * 1024)).digests[algorithm]!;
}

/** The floor: SHA-256 of the same number of bytes already in memory, no reads at all. */
async function hashOnly(bytes: number): Promise<Buffer> {
  const block = Buffer.alloc(1 << 20, 7);
  const hash = createHash('sha256');
  for (let done = 0; done < bytes; done += block.length)
    hash.update(block.subarray(0, Math.min(block.length, bytes - done)));
  return hash.digest();
}

async function main(): Promise<void> {
  const [big, filesDir, roundsText, sizeText] = process.argv.slice(2);
  if (!big || !filesDir || !roundsText || !sizeText)
    throw new Error('usage: ablation.cjs BIG FILES_DIR ROUNDS SIZE');
  const rounds = Number(roundsText);
  const size = Number(sizeText);
  const small = readdirSync(filesDir)
    .filter((name) => name.endsWith('.bin'))
    .map((name) => join(filesDir, name));
  const cores = availableParallelism();
  const MiB = 1 << 20;
  const groups: Array<{ group: string; variants: Variant[] }> = [
    {
      group: 'SHA-256 of the large file: how reads are fed',
      variants: [
        { variant: 'createReadStream + pipeline (64 KiB chunks, new buffer each)', run: () => streamed(big) },
        { variant: 'serial awaited reads, 64 KiB', run: () => serialReads(big, 64 * 1024) },
        {
          variant: 'serial awaited reads, 1 MiB (first digestFile)',
          baseline: true,
          run: () => serialReads(big, MiB),
        },
        {
          variant: 'blocking reads, 64 KiB, as openssl reads',
          run: async () => blockingSmallReads(big, 'sha256'),
        },
        { variant: 'ring 4 x 256 KiB, reads overlapped', run: () => ring(big, 256 * 1024, 4) },
        {
          variant: 'ring 4 x 1 MiB, reads overlapped (digestFile now)',
          run: () => digestFile(big, ['sha256']),
        },
        { variant: 'ring 4 x 4 MiB, reads overlapped', run: () => ring(big, 4 * MiB, 4) },
        { variant: 'no reads: SHA-256 of bytes in memory (floor)', run: () => hashOnly(size) },
      ],
    },
    {
      group: 'BLAKE2b-512 + SHA-256 of the large file (verify while showing the SHA-256)',
      variants: [
        {
          variant: 'one pass, both digests on one thread (digestFile)',
          baseline: true,
          run: () => digestFile(big, ['blake2b512', 'sha256']),
        },
        {
          variant: 'two passes, one after the other (digestFile twice)',
          run: async () => {
            await digestFile(big, ['blake2b512']);
            await digestFile(big, ['sha256']);
          },
        },
        {
          variant: 'a worker per digest, in parallel (digestFileInWorker)',
          run: () => digestFileInWorker(big, ['blake2b512', 'sha256']),
        },
        {
          variant: 'BLAKE2b-512 alone (digestFile, as signet verify), for reference',
          run: () => digestFile(big, ['blake2b512']),
        },
        {
          variant: 'BLAKE2b-512 alone, blocking 64 KiB reads, as minisign reads',
          run: async () => blockingSmallReads(big, 'blake2b512'),
        },
      ],
    },
    {
      group: `SHA-256 of ${small.length} small files`,
      variants: [
        {
          variant: 'one after the other on the main thread (digestFile loop)',
          baseline: true,
          run: async () => {
            for (const path of small) await digestFile(path, ['sha256']);
          },
        },
        {
          variant: 'worker pool of 1, up to 32 files per message',
          run: () => digestMany(small, 'sha256', { concurrency: 1 }),
        },
        {
          variant: `worker pool of ${cores} = cores, one file per message`,
          run: () => digestMany(small, 'sha256', { concurrency: cores, maxBatch: 1 }),
        },
        {
          variant: `worker pool of ${cores} = cores, up to 32 files per message (digestMany)`,
          run: () => digestMany(small, 'sha256', { concurrency: cores }),
        },
      ],
    },
  ];
  const results: AblationResult[] = [];
  for (const { group, variants } of groups) {
    const samples = variants.map(() => ({ ms: [] as number[], cpuMs: [] as number[] }));
    for (let round = 0; round < rounds; round++) {
      for (const [index, { run }] of variants.entries()) {
        const started = performance.now();
        const cpu = process.cpuUsage();
        await run();
        const used = process.cpuUsage(cpu);
        samples[index]!.ms.push(performance.now() - started);
        samples[index]!.cpuMs.push((used.user + used.system) / 1000);
      }
    }
    for (const [index, { variant, baseline }] of variants.entries()) {
      results.push({ group, variant, baseline: baseline === true, ...samples[index]! });
    }
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
