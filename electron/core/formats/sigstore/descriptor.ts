import type { FormatDescriptor, FormatFacts } from '../format-module';
import { looksLikeSigstoreBundle } from './media-types';

export const sigstoreFacts: FormatFacts = {
  id: 'sigstore',
  accepts: ['sigstore'],
  placement: 'detached',
  suffixes: ['.sigstore.json', '.sigstore', '.bundle'],
  // Certificate chain, inclusion proof and an in-toto statement naming many files: far past 64 KiB.
  maxSignatureBytes: 4 * 1024 * 1024,
  recognise: looksLikeSigstoreBundle,
};

/** The module loads the Sigstore libraries and the built-in trusted root: only for a bundle. */
export const sigstoreDescriptor: FormatDescriptor = {
  ...sigstoreFacts,
  load: async () => (await import('./module')).sigstoreModule,
};
