import { createHash, randomBytes } from 'node:crypto';
import { ed25519PublicKey, ed25519Sign } from '../../electron/core/crypto/ed25519';
import { concatBytes } from '../../electron/core/encoding/bytes';
import type { TrustMaterial } from '../../electron/core/formats/format-module';
import { keyIdFromKeyNum } from '../../electron/core/formats/minisign/key-id';
import { formatMinisignSignature, globallySignedBytes } from '../../electron/core/formats/minisign/signature';
import { sigstoreIdentityKeyId } from '../../electron/core/formats/sigstore/stored-entry';
import { armorSshSignature } from '../../electron/core/formats/sshsig/armor';
import { sshFingerprint } from '../../electron/core/formats/sshsig/fingerprint';
import { encodeSshSignatureBlob } from '../../electron/core/formats/sshsig/signature';
import { sshSignedData } from '../../electron/core/formats/sshsig/verify';
import type { TrustEntry } from '../../electron/core/trust/trust-entry';
import { makeKeylessBundle } from '../helpers/sigstore-keyless-bundle';
import { authenticodeFixture } from './fixture-authenticode';
import { OPENPGP_FIXTURES } from './openpgp-fixtures';

/**
 * One signed example per module, made at test time with fresh keys: the signature's bytes, the
 * content it covers (for a signature that carries its content, the carried part), and a trust
 * entry for the signing key. A module added to the registry needs its builder here.
 */
export interface Fixture {
  name: string;
  signature: Uint8Array;
  content: Uint8Array;
  trust: TrustEntry;
  /** Roots the check needs beyond the trust entry (a Sigstore trusted root made for the test). */
  material?: TrustMaterial;
  /** Flips one byte of the content, returning the signature to check that content with. */
  flipped(): { signature: Uint8Array; content: Uint8Array };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function minisignKey() {
  const seed = new Uint8Array(randomBytes(32));
  const keyNum = new Uint8Array(randomBytes(8));
  const publicKey = ed25519PublicKey(seed);
  const trust: TrustEntry = {
    kind: 'minisign',
    keyId: keyIdFromKeyNum(keyNum),
    name: 'Fixture Signer',
    addedAt: new Date(0).toISOString(),
    publicKey: b64(publicKey),
    keyNum: b64(keyNum),
    source: 'user',
  };
  return { seed, keyNum, publicKey, trust };
}

function flipFirst(content: Uint8Array): Uint8Array {
  const copy = new Uint8Array(content);
  copy[0] = (copy[0] ?? 0) ^ 0x01;
  return copy;
}

function minisign(legacy: boolean, content: Uint8Array): Fixture {
  const key = minisignKey();
  const signed = legacy ? content : new Uint8Array(createHash('blake2b512').update(content).digest());
  const signature = ed25519Sign(signed, key.seed);
  const trustedComment = 'timestamp:1700000000\tfile:fixture.bin';
  const sigText = formatMinisignSignature({
    algorithm: legacy ? 'Ed' : 'ED',
    keyNum: key.keyNum,
    signature,
    untrustedComment: 'signature from a test key',
    trustedComment,
    globalSignature: ed25519Sign(globallySignedBytes(signature, trustedComment), key.seed),
  });
  return {
    name: legacy ? 'minisign legacy' : 'minisign',
    signature: text(sigText),
    content,
    trust: key.trust,
    flipped: () => ({ signature: text(sigText), content: flipFirst(content) }),
  };
}

function signify(embedded: boolean, content: Uint8Array): Fixture {
  const key = minisignKey();
  const line = (c: Uint8Array) =>
    `untrusted comment: verify with fixture.pub\n${b64(concatBytes(text('Ed'), key.keyNum, ed25519Sign(c, key.seed)))}\n`;
  const sigText = line(content);
  const build = (sig: string, c: Uint8Array) => (embedded ? concatBytes(text(sig), c) : text(sig));
  return {
    name: embedded ? 'signify embedded' : 'signify',
    signature: build(sigText, content),
    content,
    trust: key.trust,
    // An embedded message is checked as carried: the flipped byte is in the carried copy.
    flipped: () => ({ signature: build(sigText, flipFirst(content)), content: flipFirst(content) }),
  };
}

function ssh(content: Uint8Array, hashAlgorithm: 'sha256' | 'sha512' = 'sha512'): Fixture {
  const seed = new Uint8Array(randomBytes(32));
  const publicKey = ed25519PublicKey(seed);
  const digest = createHash(hashAlgorithm).update(content).digest();
  const signature = ed25519Sign(sshSignedData('file', hashAlgorithm, digest), seed);
  const armored = armorSshSignature(
    encodeSshSignatureBlob({
      publicKey,
      namespace: 'file',
      reserved: new Uint8Array(0),
      hashAlgorithm,
      signature,
    }),
  );
  return {
    name: `ssh ${hashAlgorithm}`,
    signature: text(armored),
    content,
    trust: {
      kind: 'ssh',
      keyId: sshFingerprint(publicKey),
      name: 'Fixture SSH Signer',
      addedAt: new Date(0).toISOString(),
      publicKey: b64(publicKey),
      source: 'user',
    },
    flipped: () => ({ signature: text(armored), content: flipFirst(content) }),
  };
}

function sigstore(content: Uint8Array): Fixture {
  const made = makeKeylessBundle(content);
  const signature = text(JSON.stringify(made.bundle));
  return {
    name: 'sigstore keyless',
    signature,
    content,
    trust: {
      kind: 'sigstore',
      keyId: sigstoreIdentityKeyId(made.identity, made.issuer),
      identity: made.identity,
      issuer: made.issuer,
      name: 'Fixture Release Workflow',
      addedAt: new Date(0).toISOString(),
      source: 'user',
    },
    material: { caRoots: [], sigstoreTrustedRoot: { json: made.trustedRootJson, source: 'a test root' } },
    flipped: () => ({ signature, content: flipFirst(content) }),
  };
}

/** Fixtures by module id; every registered module must have at least one. */
export function fixturesFor(id: string): Fixture[] {
  const content = new Uint8Array(randomBytes(3000));
  switch (id) {
    case 'minisign':
      return [minisign(false, content), minisign(true, content)];
    case 'signify':
      return [signify(false, content), signify(true, text('SHA256 (a.bin) = 00\nsome message\n'))];
    case 'ssh':
      return [ssh(content), ssh(content, 'sha256')];
    case 'sigstore':
      return [sigstore(content)];
    case 'authenticode':
      return [authenticodeFixture()];
    case 'openpgp':
      return OPENPGP_FIXTURES;
    default:
      return [];
  }
}
