import { bytesEqual } from '../../encoding/bytes';
import { decodeUtf8Strict } from '../../encoding/utf8';
import { changedReason, unknownSignerReason, validSignedBy } from '../common/reasons';
import { entryWindowProblem } from '../common/window';
import type { FormatCheck, FormatModule, ParsedSignature } from '../format-module';
import { sshFacts } from './descriptor';
import { sshFingerprint } from './fingerprint';
import { matchSshPatternList } from './pattern';
import { parseSshSignature, type SshSignature } from './signature';
import type { SshTrustEntry } from './trust-entry';
import { verifySshSignature } from './verify';

export interface ParsedSsh extends ParsedSignature {
  signature: SshSignature;
}

/** ssh-keygen -Y sign uses "file" for files unless told otherwise. */
export const DEFAULT_SSH_NAMESPACE = 'file';

/** OpenSSH signatures (PROTOCOL.sshsig). Only SSH keys are trusted for them, never minisign keys. */
export const sshModule: FormatModule<ParsedSsh, SshTrustEntry> = {
  ...sshFacts,
  parse(bytes) {
    const signature = parseSshSignature(decodeUtf8Strict(bytes, 'The signature file'));
    return {
      format: 'ssh',
      signature,
      needs: [{ kind: 'digests', algorithms: [signature.hashAlgorithm] }],
    };
  },
  check(sig, content, ctx): FormatCheck {
    const s = sig.signature;
    const keyId = sshFingerprint(s.publicKey);
    const base = {
      algorithm: `Ed25519 over a ${s.hashAlgorithm.toUpperCase()} hash (OpenSSH signature)`,
      keyId,
    };
    const namespace = ctx.purpose ?? DEFAULT_SSH_NAMESPACE;
    const digest = content.digests[s.hashAlgorithm];
    const expected = s.hashAlgorithm === 'sha512' ? 64 : 32;
    if (!digest || digest.length !== expected) {
      return { ...base, outcome: 'invalid', reason: changedReason(ctx.what) };
    }
    // The maths first: the signature carries its key, so a broken one is "changed" whoever claims it.
    const result = verifySshSignature(s, digest, namespace);
    if (!result.ok) {
      return result.problem === 'wrong-namespace'
        ? {
            ...base,
            outcome: 'invalid',
            rule: 'wrong-purpose',
            reason: `This signature was made for another purpose (“${s.namespace}”), not for “${namespace}”, so it does not vouch for this file.`,
          }
        : { ...base, outcome: 'invalid', reason: changedReason(ctx.what) };
    }
    const listed = ctx.trust.filter((entry) =>
      bytesEqual(new Uint8Array(Buffer.from(entry.publicKey, 'base64')), s.publicKey),
    );
    if (listed.length === 0) {
      return { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, ctx) };
    }
    // As ssh-keygen -Y verify: any line for the key that allows this namespace and time will do.
    let refusal: FormatCheck | undefined;
    for (const entry of listed) {
      if (entry.namespaces && !matchSshPatternList(namespace, entry.namespaces)) {
        refusal ??= {
          ...base,
          outcome: 'unknown-signer',
          rule: 'wrong-purpose',
          reason: `The key that signed ${ctx.what.toLowerCase()} (${keyId}) is trusted as “${entry.name}”, but not to sign for this purpose (“${namespace}”).`,
        };
        continue;
      }
      const outside = entryWindowProblem(entry, ctx.policy);
      if (outside) {
        refusal ??= { ...base, ...outside };
        continue;
      }
      return { ...base, ...validSignedBy(entry, ctx.what) };
    }
    return refusal ?? { ...base, outcome: 'unknown-signer', reason: unknownSignerReason(keyId, ctx) };
  },
};
