import { describe, expect, it } from 'vitest';
import { addedSentence, affectedFiles, removedSentence } from '../../shared/trust-wording';

/** One table for what trusting and removing a signer changes, as the page and main's dialog say it. */
describe('trust wording follows what was trusted, never the kind', () => {
  it('says what an added key, identity or certificate changes', () => {
    expect(addedSentence(['key'])).toBe('Files signed with this key will now show as verified.');
    expect(addedSentence(['identity'])).toBe(
      'Files signed by this identity through Sigstore will now show as verified.',
    );
    expect(addedSentence(['certificate'])).toBe(
      'Programs signed with this certificate will now show as verified.',
    );
    expect(addedSentence(['key', 'key', 'key'])).toBe(
      '3 keys added. Files signed with any of them will now show as verified.',
    );
  });

  it('says what a removal changes, on the page and in main’s dialog', () => {
    expect(removedSentence('certificate')).toBe(
      'Programs signed with this certificate will no longer show as verified.',
    );
    expect(removedSentence('key')).toBe('Files signed by this key will no longer show as verified.');
    expect(affectedFiles('identity')).toBe('Files signed by this identity');
  });
});
