import { startsWithText } from '../common/text-head';
import type { FormatDescriptor, FormatFacts } from '../format-module';

const ARMOR = '-----BEGIN SSH SIGNATURE-----';

/** Only SSH keys are trusted for OpenSSH signatures, never minisign keys. */
export const sshFacts: FormatFacts = {
  id: 'ssh',
  accepts: ['ssh'],
  placement: 'detached',
  suffixes: ['.sig'],
  recognise(head) {
    return startsWithText(head, ARMOR);
  },
};

export const sshDescriptor: FormatDescriptor = {
  ...sshFacts,
  load: async () => (await import('./module')).sshModule,
};
