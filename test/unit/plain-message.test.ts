import { describe, expect, it } from 'vitest';
import { plainMessage, SignetError } from '../../electron/core/errors';
import { hasHiddenCharacters } from '../../shared/hidden-characters';

const errno = (code: string, path?: string) => Object.assign(new Error(`${code}: raw`), { code, path });

describe('plainMessage', () => {
  it('gives a sentence for ENAMETOOLONG and its kin, never "Something went wrong"', () => {
    const expected: Record<string, RegExp> = {
      ENAMETOOLONG: /too long/,
      ELOOP: /symbolic links/,
      EROFS: /read-only/,
      EBUSY: /busy/,
      ETXTBSY: /running program/,
      EFBIG: /too large/,
      EINVAL: /does not allow/,
      EIO: /read or write error/,
      ENXIO: /device/,
      ENODEV: /device/,
      EAGAIN: /not ready/,
      EDQUOT: /quota/,
    };
    for (const [code, sentence] of Object.entries(expected)) {
      const message = plainMessage(errno(code, '/tmp/x'));
      expect(message, code).toMatch(sentence);
      expect(message).toMatch(/ \(\/tmp\/x\)\.$/);
    }
  });

  it('answers an errno code it has no sentence for with the code, not an internal error', () => {
    expect(plainMessage(errno('EHOSTDOWN'))).toBe('The operating system refused (EHOSTDOWN).');
  });

  it('escapes hidden characters in the path it quotes', () => {
    const message = plainMessage(errno('ENOENT', '/tmp/invoice\u202Efdp.exe\u001b[2J'));
    expect(hasHiddenCharacters(message)).toBe(false);
    expect(message).toContain('invoice\\u{202E}fdp.exe\\u{1B}[2J');
  });

  it('keeps SignetError messages and hides everything else', () => {
    expect(plainMessage(new SignetError('io', 'Plain words.'))).toBe('Plain words.');
    expect(plainMessage(new TypeError('x is undefined'))).toMatch(/^Something went wrong inside Signet/);
    expect(plainMessage(Object.assign(new Error(), { code: 'ERR_INTERNAL_ASSERTION' }))).toMatch(
      /^Something went wrong/,
    );
  });
});
