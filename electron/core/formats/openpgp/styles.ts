import type { ReleaseStyle, SigningReads } from '../signing-side';

/** What release managers publish, as Apache, Node.js and Debian do; the first is the default. */
const STYLES: readonly ReleaseStyle[] = [
  {
    name: 'apache',
    description: 'FILE.asc and FILE.sha512 beside each file (Apache releases)',
    perFile: [{ style: 'detached', suffix: '.asc', encoding: 'text' }],
    checksums: [{ suffix: '.sha512', algorithm: 'sha512' }],
  },
  {
    name: 'node',
    description:
      'SHASUMS256.txt, clearsigned as SHASUMS256.txt.asc and signed as SHASUMS256.txt.sig (Node.js)',
    perFile: [],
    checksums: [],
    list: {
      name: 'SHASUMS256.txt',
      algorithm: 'sha256',
      outputs: [
        { style: 'clearsigned', suffix: '.asc', encoding: 'text' },
        { style: 'detached', suffix: '.sig', encoding: 'binary' },
      ],
    },
  },
  {
    name: 'debian',
    description: 'SHA256SUMS signed as SHA256SUMS.gpg (Debian, Ubuntu)',
    perFile: [],
    checksums: [],
    list: {
      name: 'SHA256SUMS',
      algorithm: 'sha256',
      outputs: [{ style: 'detached', suffix: '.gpg', encoding: 'binary' }],
    },
  },
  {
    name: 'debian-sign',
    description: 'SHA256SUMS signed as SHA256SUMS.sign, armored (Debian CD images)',
    perFile: [],
    checksums: [],
    list: {
      name: 'SHA256SUMS',
      algorithm: 'sha256',
      outputs: [{ style: 'detached', suffix: '.sign', encoding: 'text' }],
    },
  },
];

/**
 * What signing reads of each file (SHA-512: `prepare` signs with it), light enough for the
 * descriptor, so `signet sign` can start reading before openpgp.js loads (core/sign/early-read.ts).
 */
export const OPENPGP_SIGNING_READS: SigningReads = { digests: ['sha512'], styles: STYLES };
