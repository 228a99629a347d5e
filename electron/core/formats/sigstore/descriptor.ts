import { SIGSTORE_BUNDLE_MAX_BYTES } from '../../limits';
import type { FormatDescriptor, FormatFacts } from '../format-module';
import { looksLikeSigstoreBundle } from './media-types';

export const sigstoreFacts: FormatFacts = {
  id: 'sigstore',
  accepts: ['sigstore'],
  placement: 'detached',
  suffixes: ['.sigstore.json', '.sigstore', '.bundle'],
  maxSignatureBytes: SIGSTORE_BUNDLE_MAX_BYTES,
  recognise: looksLikeSigstoreBundle,
};

/** The module loads the Sigstore libraries and the built-in trusted root: only for a bundle. */
export const sigstoreDescriptor: FormatDescriptor = {
  ...sigstoreFacts,
  load: async () => (await import('./module')).sigstoreModule,
};
