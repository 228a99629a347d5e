import { lineStarts, startsWithText } from '../common/text-head';
import type { FormatDescriptor, FormatFacts } from '../format-module';

/** Its keys are minisign keys, so it accepts minisign entries. */
export const signifyFacts: FormatFacts = {
  id: 'signify',
  accepts: ['minisign'],
  placement: 'detached',
  suffixes: ['.sig'],
  recognise(head) {
    if (!startsWithText(head, 'untrusted comment:')) return false;
    const third = lineStarts(head, 3)[2];
    return third === undefined || !startsWithText(head.subarray(third), 'trusted comment:');
  },
};

export const signifyDescriptor: FormatDescriptor = {
  ...signifyFacts,
  load: async () => (await import('./module')).signifyModule,
};
