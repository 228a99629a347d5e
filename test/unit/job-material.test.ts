import { describe, expect, it } from 'vitest';
import type { TrustedEntry } from '../../electron/core/trust/trust-store';
import {
  fileMaterial,
  loadJobMaterial,
  type TrustListSource,
  verdictWithMaterial,
} from '../../electron/core/verify/job-material';
import type { OwnKeySource } from '../../electron/core/verify/own-keys';
import type { VerifyResult } from '../../shared/verdict';

const LISTED: TrustedEntry = {
  kind: 'minisign',
  keyId: 'E7620F1842B4E81F',
  name: 'Acme Releases',
  addedAt: '',
  publicKey: 'eaVh5w7gjNPnVMY+m9a5w1IKHUIEzRBNoufvdjsYU7c=',
  keyNum: 'H+i0QhgPYuc=',
  source: 'managed',
};
// minisign's own example key (bare base64, as the keystore lists it) and a second one.
const OWN = {
  keyId: '9D2E1F7A6A0E3C01',
  name: 'Release key 2025',
  publicKey: 'RWQBPA5qeh8unWtq9cYRHZy0ovKwTOcOeH0ko6ouh/Ap7pHSv7V2wqim',
  createdAt: '2026-01-01T00:00:00.000Z',
};

function lists(over: Partial<TrustListSource> = {}): TrustListSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    managedMaterial: async () => {
      calls.push('managed');
      return { caRoots: [new Uint8Array([1])], onlyListedSigners: false };
    },
    listAll: async () => {
      calls.push('listAll');
      return [LISTED];
    },
    userMayAdd: async () => true,
    ...over,
  };
}
const keystore = (keys = [OWN]): OwnKeySource => ({ list: async () => keys });

describe('loadJobMaterial: trust material read once, the same for the CLI and the app', () => {
  it('takes the lists, then the person’s own keys under their own name', async () => {
    const job = await loadJobMaterial({ trust: lists(), keystore: keystore() });
    expect(job.trusted.map((t) => t.name)).toEqual(['Acme Releases', 'you (Release key 2025)']);
    expect(job.ownKeys).toHaveLength(1);
    expect(job.policyUnreadable).toBeUndefined();
  });

  it('leaves the own keys out where the organisation alone decides', async () => {
    const job = await loadJobMaterial({
      trust: lists({ userMayAdd: async () => false }),
      keystore: keystore(),
    });
    expect(job.trusted.map((t) => t.name)).toEqual(['Acme Releases']);
    expect(job.ownKeys).toEqual([]);
  });

  it('fails closed when the managed policy cannot be read: nothing trusted, the reason kept', async () => {
    const trust = lists({
      managedMaterial: async () => {
        throw new Error('EACCES');
      },
    });
    const job = await loadJobMaterial({ trust, keystore: keystore(), givenCaRoots: [new Uint8Array([9])] });
    expect(job).toMatchObject({ trusted: [], ownKeys: [], onlyListedSigners: true });
    expect(job.policyUnreadable).toBeTruthy();
    expect(trust.calls).not.toContain('listAll');
    const options = await fileMaterial(job, __filename);
    expect(options.policyUnreadable).toBe(job.policyUnreadable);
  });

  it('names a damaged trust list on an unknown-signer verdict only', async () => {
    const job = await loadJobMaterial({
      trust: lists({
        listAll: async () => {
          throw new Error('x');
        },
      }),
    });
    expect(job.problem).toBeTruthy();
    const unknown: VerifyResult = {
      verdict: 'unknown-signer',
      code: 'key-not-trusted',
      file: 'f',
      reason: 'Not trusted.',
    };
    expect(verdictWithMaterial(job, unknown).reason).toBe(`Not trusted. (${job.problem})`);
    const changed: VerifyResult = {
      verdict: 'tampered',
      code: 'signature-mismatch',
      file: 'f',
      reason: 'Changed.',
    };
    expect(verdictWithMaterial(job, changed).reason).toBe('Changed.');
  });

  it('reads no list entries when a key is given for the check, but still reads the policy', async () => {
    const trust = lists();
    const job = await loadJobMaterial({ trust, keystore: keystore(), entries: false });
    expect(job.trusted).toEqual([]);
    expect(trust.calls).toEqual(['managed']);
  });

  it('keeps the roots in one order: the organisation’s, then the ones given', async () => {
    const job = await loadJobMaterial({ trust: lists(), givenCaRoots: [new Uint8Array([2])] });
    const { caRoots } = await fileMaterial(job, __filename);
    expect(caRoots?.map((r) => r[0])).toEqual([1, 2]);
  });
});
