import { execFileSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig } from './config';

export interface BenchData {
  dir: string;
  publicKey: string;
  secretKey: string;
  /**
   * The large and the mid-sized file, each with its minisign signature beside it (made by minisign
   * itself), where `signet verify FILE` and `minisign -V -m FILE` both find it.
   */
  big: string;
  bigSig: string;
  mid: string;
  midSig: string;
  /** A hard link to `big` that both tools sign in turn, so the verify signature stays minisign's. */
  signTarget: string;
  small: string;
  smallSig: string;
  filesDir: string;
  list: string;
  listSig: string;
  rssFile: string;
}

const TRUSTED_COMMENT = 'signet bench';

/**
 * Makes (or reuses, when the sizes match) the bench's own data: random bytes, an unencrypted
 * minisign key pair so scrypt never dominates, signatures made by minisign, many small files with a
 * SHA256SUMS over them. A manifest records the sizes; any change regenerates everything.
 */
export function prepareData(config: BenchConfig, log: (line: string) => void): BenchData {
  const dir = config.dataDir;
  const data: BenchData = {
    dir,
    publicKey: join(dir, 'bench.pub'),
    secretKey: join(dir, 'bench.key'),
    big: join(dir, 'big.bin'),
    bigSig: join(dir, 'big.bin.minisig'),
    mid: join(dir, 'mid.bin'),
    midSig: join(dir, 'mid.bin.minisig'),
    signTarget: join(dir, 'sign', 'big.bin'),
    small: join(dir, 'small.bin'),
    smallSig: join(dir, 'small.bin.minisig'),
    filesDir: join(dir, 'files'),
    list: join(dir, 'files', 'SHA256SUMS'),
    listSig: join(dir, 'files', 'SHA256SUMS.minisig'),
    rssFile: join(dir, 'rss.bin'),
  };
  const manifest = JSON.stringify({
    v: 2,
    size: config.size,
    midSize: config.midSize,
    rssSize: config.rssSize,
    files: config.files,
    fileSize: config.fileSize,
  });
  const manifestFile = join(dir, 'manifest.json');
  if (
    existsSync(manifestFile) &&
    readFileSync(manifestFile, 'utf8') === manifest &&
    existsSync(data.listSig)
  ) {
    log(`Reusing the data in ${dir}`);
    return data;
  }
  log(`Making the data in ${dir} ...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'sign'), { recursive: true });
  mkdirSync(data.filesDir, { recursive: true });
  execFileSync('minisign', ['-G', '-W', '-f', '-p', data.publicKey, '-s', data.secretKey], {
    stdio: 'ignore',
  });
  writeRandomFile(data.big, config.size);
  linkSync(data.big, data.signTarget);
  writeRandomFile(data.mid, config.midSize);
  writeRandomFile(data.small, 1024 * 1024);
  writeRandomFile(data.rssFile, config.rssSize);
  const lines: string[] = [];
  const content = Buffer.allocUnsafe(config.fileSize);
  for (let i = 0; i < config.files; i++) {
    const name = `file-${String(i).padStart(5, '0')}.bin`;
    randomFillSync(content);
    writeFileSync(join(data.filesDir, name), content);
    lines.push(`${createHash('sha256').update(content).digest('hex')}  ${name}\n`);
  }
  writeFileSync(data.list, lines.join(''));
  for (const [file, sig] of [
    [data.big, data.bigSig],
    [data.mid, data.midSig],
    [data.small, data.smallSig],
    [data.list, data.listSig],
  ] as const) {
    execFileSync('minisign', ['-S', '-s', data.secretKey, '-m', file, '-x', sig, '-t', TRUSTED_COMMENT], {
      stdio: 'ignore',
    });
  }
  writeFileSync(manifestFile, manifest);
  return data;
}

function writeRandomFile(path: string, size: number): void {
  const block = Buffer.allocUnsafe(16 * 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const length = Math.min(block.length, size - written);
      randomFillSync(block, 0, length);
      written += writeSync(fd, block, 0, length);
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads files once so every timed run finds them in the page cache, as the C tools' runs would. */
export function warmPageCache(paths: string[]): void {
  const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
  for (const path of paths) {
    const fd = openSync(path, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0) {}
    } finally {
      closeSync(fd);
    }
  }
}

export { TRUSTED_COMMENT };
