import { describe, expect, it } from 'vitest';
import { readTrustFileJson } from '../../electron/core/trust/trust-file';

const KEY = {
  kind: 'minisign',
  keyId: 'E7620F1842B4E81F',
  name: 'Acme Releases',
  addedAt: '',
  publicKey: 'eaVh5w7gjNPnVMY+m9a5w1IKHUIEzRBNoufvdjsYU7c=',
};

const problem = (json: unknown) => {
  const read = readTrustFileJson(json);
  return 'problem' in read ? read.problem : undefined;
};

describe('trust files are read strictly, and a refusal names what is wrong', () => {
  it('reads both versions when every key is known, migrating version 1', () => {
    expect(readTrustFileJson({ version: 1, signers: [KEY], allowUserSigners: false })).toMatchObject({
      file: { version: 2, allowUserSigners: false, signers: [{ kind: 'minisign', keyNum: 'H+i0QhgPYuc=' }] },
    });
    const v2 = { version: 2, signers: [{ ...KEY, keyNum: 'H+i0QhgPYuc=' }], onlyListedSigners: true };
    expect(readTrustFileJson(v2)).toMatchObject({ file: { onlyListedSigners: true } });
  });

  it('refuses an unknown top-level key in either version, naming it', () => {
    expect(problem({ version: 2, signers: [], allowUserSigner: false })).toContain('"allowUserSigner"');
    expect(problem({ version: 1, signers: [], extra: 1 })).toContain('"extra"');
  });

  it('refuses a version 2 key in a version 1 list, naming it and the version', () => {
    expect(problem({ version: 1, signers: [], caRoots: [] })).toBe(
      '"caRoots" is a version 2 key, and this list says "version": 1',
    );
    expect(problem({ version: 1, signers: [], onlyListedSigners: true })).toContain('"onlyListedSigners"');
  });

  it('refuses a kind version 1 does not know (a publisher), and an entry key its kind does not know', () => {
    expect(problem({ version: 1, signers: [{ ...KEY, kind: 'x509' }] })).toContain('signers[0].kind');
    expect(problem({ version: 1, signers: [{ ...KEY, addedFrom: 'a.pub' }] })).toContain('"addedFrom"');
    const v2 = { version: 2, signers: [{ ...KEY, keyNum: 'H+i0QhgPYuc=', onlyFor: 'ci' }] };
    expect(problem(v2)).toBe('signers[0] (minisign) has an unknown key "onlyFor"');
  });

  it('refuses what is not a list at all', () => {
    expect(problem([])).toBe('it is not a JSON object');
    expect(problem({ signers: [] })).toContain('"version"');
    expect(problem({ version: '2', signers: [] })).toContain('("2")');
  });
});
