import { describe, expect, it } from 'vitest';
import { onWhichToken } from '../../shared/token-words';

describe('onWhichToken: which token a key is on, in the card’s and the CLI’s words', () => {
  it('names the token by its label, then who made it and the model', () => {
    expect(
      onWhichToken({ token: { label: 'Release Token', manufacturer: 'Yubico', model: 'YubiKey 5' } }),
    ).toBe('on the hardware token “Release Token” (Yubico, YubiKey 5)');
  });

  it('says what it has when parts are missing, and an older record without a name still reads', () => {
    expect(onWhichToken({ token: { manufacturer: 'Yubico' } })).toBe('on a hardware token (Yubico)');
    expect(onWhichToken({ token: { label: 'Build box' } })).toBe('on the hardware token “Build box”');
    expect(onWhichToken({})).toBe('on a hardware token');
  });

  it('escapes what the device says: a control character cannot reach the terminal', () => {
    expect(onWhichToken({ token: { label: 'evil\u001b[2Jtoken' } })).not.toContain('\u001b');
  });
});
