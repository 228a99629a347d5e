import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The versions of what is compared; a result is only comparable to another on the same ones. */
export interface ToolVersions {
  minisign: string;
  openssl: string;
  libsodium: string;
  nodeOpenssl: string;
}

const firstLine = (file: string, args: string[]) => {
  try {
    const result = execFileSync(file, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    return result.split('\n')[0]!.trim() || 'unknown';
  } catch {
    return 'unknown';
  }
};

export function toolVersions(): ToolVersions {
  return {
    minisign: firstLine('minisign', ['-v']),
    openssl: firstLine('openssl', ['version']),
    libsodium: libsodiumVersion(),
    nodeOpenssl: `OpenSSL ${process.versions.openssl}`,
  };
}

/** The libsodium minisign is linked with (its BLAKE2b is what `minisign -V` spends its time in). */
function libsodiumVersion(): string {
  try {
    const linked = execFileSync('ldd', [execFileSync('which', ['minisign']).toString().trim()]).toString();
    const match = /libsodium\.so\.[\d.]+ => (\S+)/.exec(linked);
    if (!match) return 'static or unknown';
    return execFileSync('readlink', ['-f', match[1]!]).toString().trim().replace(/^.*\//, '');
  } catch {
    return 'unknown';
  }
}

/**
 * CPU family, model and stepping, and the flags the hashes use: "AMD EPYC" alone names several
 * generations whose BLAKE2b speeds (libsodium's and OpenSSL's) differ, which moves the verify ratio.
 */
export function cpuDetails(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name: string) => new RegExp(`^${name}\\s*: (.*)$`, 'm').exec(info)?.[1]?.trim() ?? '?';
    const flags = new Set(field('flags').split(' '));
    const used = ['avx2', 'avx512f', 'sha_ni', 'ssse3'].filter((flag) => flags.has(flag));
    return `family ${field('cpu family')} model ${field('model')} stepping ${field('stepping')}, ${used.join(' ') || 'no SIMD flags'}`;
  } catch {
    return 'details unknown';
  }
}
