import type { FormatDescriptor, FormatFacts } from '../format-module';
import { openpgpEarlyPasses } from './early-passes';
import { recogniseOpenPgpSignature } from './recognise';
import { OPENPGP_SIGNING_READS } from './styles';
import { openpgpTrustKind } from './trust-kind';

export const openpgpFacts: FormatFacts = {
  id: 'openpgp',
  accepts: ['openpgp'],
  placement: 'detached',
  suffixes: ['.asc', '.sig', '.gpg', '.sign'],
  trust: openpgpTrustKind,
  // Node.js (clearsigned and plain + .sig/.asc), Ubuntu/Firefox/Bitcoin Core, VeraCrypt/KeePassXC.
  listNames: ['SHASUMS256.txt.asc', 'SHASUMS256.txt', 'SHA256SUMS.asc', 'SHA512SUMS.asc', 'sha256sum.txt'],
  recognise: recogniseOpenPgpSignature,
  signingReads: OPENPGP_SIGNING_READS,
  earlyPasses: openpgpEarlyPasses,
};

/** The module loads openpgp.js (the largest library Signet has): only for an OpenPGP signature. */
export const openpgpDescriptor: FormatDescriptor = {
  ...openpgpFacts,
  load: async () => (await import('./module')).openpgpModule,
};
