import { startsWithText } from '../common/text-head';
import type { FormatDescriptor, FormatFacts } from '../format-module';
import { sshTrustKind } from './trust-kind';

const ARMOR = '-----BEGIN SSH SIGNATURE-----';

/** Only SSH keys are trusted for OpenSSH signatures, never minisign keys. */
export const sshFacts: FormatFacts = {
  id: 'ssh',
  accepts: ['ssh'],
  placement: 'detached',
  suffixes: ['.sig'],
  trust: sshTrustKind,
  cliOptions: [
    { command: 'verify', flags: '--allowed-signers <file>', description: 'OpenSSH allowed_signers file' },
    {
      command: 'verify',
      flags: '--namespace <ns>',
      description: 'OpenSSH signature namespace (default: file)',
    },
  ],
  recognise(head) {
    return startsWithText(head, ARMOR);
  },
};

export const sshDescriptor: FormatDescriptor = {
  ...sshFacts,
  load: async () => (await import('./module')).sshModule,
};
