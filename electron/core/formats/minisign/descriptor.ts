import { lineStarts, startsWithText } from '../common/text-head';
import type { FormatDescriptor, FormatFacts } from '../format-module';
import type { SigningReads } from '../signing-side';
import { minisignTrustKind } from './trust-kind';

/** Ed25519 over the file's BLAKE2b-512 (signing.ts spreads this). */
export const MINISIGN_SIGNING_READS: SigningReads = { digests: ['blake2b512'] };

export const minisignFacts: FormatFacts = {
  id: 'minisign',
  accepts: ['minisign'],
  placement: 'detached',
  suffixes: ['.minisig'],
  trust: minisignTrustKind,
  signingReads: MINISIGN_SIGNING_READS,
  recognise(head) {
    if (!startsWithText(head, 'untrusted comment:')) return false;
    // Its third or fourth line is the trusted comment or the 64-byte global signature: also when a
    // line is missing or extra (a damaged .minisig must read as a damaged minisig, not as a
    // signify signature carrying a message).
    const starts = lineStarts(head.subarray(0, 2048), 6).slice(2, 5);
    return starts.some((start, i) => {
      const end = starts[i + 1] ?? Math.min(head.length, start + 100);
      const line = Buffer.from(head.subarray(start, end)).toString('latin1');
      return line.startsWith('trusted comment:') || /^[A-Za-z0-9+/]{86}==\r?\n?$/.test(line);
    });
  },
  // A prehashed (ED) signature needs BLAKE2b-512 of the file; a legacy (Ed) one the whole file.
  earlyPasses(head) {
    const [start, end] = lineStarts(head.subarray(0, 2048), 3).slice(1, 3);
    if (start === undefined) return undefined;
    const algorithm = Buffer.from(Buffer.from(head.subarray(start, end)).toString('latin1'), 'base64');
    return algorithm.subarray(0, 2).toString('latin1') === 'ED' ? ['blake2b512'] : undefined;
  },
};

export const minisignDescriptor: FormatDescriptor = {
  ...minisignFacts,
  load: async () => (await import('./module')).minisignModule,
};
