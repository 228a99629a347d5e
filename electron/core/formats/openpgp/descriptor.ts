import type { FormatDescriptor, FormatFacts } from '../format-module';
import { recogniseOpenPgpSignature } from './recognise';

export const openpgpFacts: FormatFacts = {
  id: 'openpgp',
  accepts: ['openpgp'],
  placement: 'detached',
  suffixes: ['.asc', '.sig', '.gpg', '.sign'],
  recognise: recogniseOpenPgpSignature,
};

/** The module loads openpgp.js (the largest library Signet has): only for an OpenPGP signature. */
export const openpgpDescriptor: FormatDescriptor = {
  ...openpgpFacts,
  load: async () => (await import('./module')).openpgpModule,
};
