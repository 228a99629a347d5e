import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ed25519Sign, generateEd25519KeyPair } from '../../electron/core/crypto/ed25519';
import { FormatError } from '../../electron/core/errors';
import { armorSshSignature } from '../../electron/core/formats/sshsig/armor';
import { sshFingerprint } from '../../electron/core/formats/sshsig/fingerprint';
import {
  formatSshPublicKeyLine,
  parseSshPublicKeyLine,
} from '../../electron/core/formats/sshsig/public-key-line';
import {
  encodeSshSignatureBlob,
  parseSshSignature,
  type SshHashAlgorithm,
} from '../../electron/core/formats/sshsig/signature';
import { sshMessageDigest, sshSignedData } from '../../electron/core/formats/sshsig/verify';
import { findAllowedSigner, parseAllowedSigners } from '../helpers/allowed-signers-lookup';

import {
  file,
  keyLine,
  makeKey,
  publicKeyOf,
  readText,
  setUpSshKeygenFolder,
  signetVerify,
  sshKeygenOk,
  sshSign,
  sshVerify,
} from '../helpers/ssh-keygen-harness';

setUpSshKeygenFolder();

describe('ssh-keygen -Y sign, verified by Signet', () => {
  it('verifies a default (sha512) signature in namespace "file" against allowed_signers', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const message = readFileSync(file('artifact.tar'));
    expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
    expect(parseSshSignature(sigText).hashAlgorithm).toBe('sha512');
    const signers = parseAllowedSigners(`alice@example.com namespaces="file" ${keyLine('alice')}\n`);
    const found = findAllowedSigner(signers, parseSshSignature(sigText).publicKey, 'file', new Date());
    expect(found.signer?.principals).toEqual(['alice@example.com']);
    // And ssh-keygen agrees with the same file and signers.
    expect(
      sshVerify(
        `alice@example.com namespaces="file" ${keyLine('alice')}\n`,
        'alice@example.com',
        'file',
        sigText,
        message,
      ).status,
    ).toBe(0);
  });

  it('verifies a sha256 signature (-O hashalg=sha256)', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file', 'sha256');
    expect(parseSshSignature(sigText).hashAlgorithm).toBe('sha256');
    expect(signetVerify(sigText, readFileSync(file('artifact.tar')), 'file')).toEqual({ ok: true });
  });

  it('another namespace is wrong-namespace for Signet and refused by ssh-keygen', () => {
    const message = readFileSync(file('artifact.tar'));
    const fileSig = sshSign('alice', 'artifact.tar', 'file');
    expect(signetVerify(fileSig, message, 'email')).toEqual({ ok: false, problem: 'wrong-namespace' });
    expect(
      sshVerify(`alice@example.com ${keyLine('alice')}\n`, 'alice@example.com', 'email', fileSig, message)
        .status,
    ).not.toBe(0);
    const emailSig = sshSign('alice', 'artifact.tar', 'email');
    expect(signetVerify(emailSig, message, 'file')).toEqual({ ok: false, problem: 'wrong-namespace' });
    expect(
      sshVerify(`alice@example.com ${keyLine('alice')}\n`, 'alice@example.com', 'file', emailSig, message)
        .status,
    ).not.toBe(0);
  });

  it('a changed file is bad-signature for Signet and refused by ssh-keygen', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const changed = Buffer.from(readFileSync(file('artifact.tar')));
    changed.writeUInt8(changed.readUInt8(1000) ^ 1, 1000);
    expect(signetVerify(sigText, changed, 'file')).toEqual({ ok: false, problem: 'bad-signature' });
    expect(
      sshVerify(`alice@example.com ${keyLine('alice')}\n`, 'alice@example.com', 'file', sigText, changed)
        .status,
    ).not.toBe(0);
  });

  it('a signature by a key not in allowed_signers is not-listed, and ssh-keygen refuses it', () => {
    const sigText = sshSign('mallory', 'artifact.tar', 'file');
    const message = readFileSync(file('artifact.tar'));
    expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
    const signersText = `alice@example.com ${keyLine('alice')}\n`;
    const found = findAllowedSigner(
      parseAllowedSigners(signersText),
      parseSshSignature(sigText).publicKey,
      'file',
      new Date(),
    );
    expect(found).toEqual({ problem: 'not-listed' });
    expect(sshVerify(signersText, 'alice@example.com', 'file', sigText, message).status).not.toBe(0);
  });

  it('every signature Signet accepts, ssh-keygen accepts too, and the other way round for a damaged one', () => {
    const message = readFileSync(file('artifact.tar'));
    const signers = `alice@example.com ${keyLine('alice')}\n`;
    for (const hash of ['sha256', 'sha512'] as const) {
      const sigText = sshSign('alice', 'artifact.tar', 'file', hash);
      expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
      expect(sshVerify(signers, 'alice@example.com', 'file', sigText, message).status).toBe(0);
      // Flip one bit of the Ed25519 signature (inside the last base64 line) and both refuse.
      const lines = sigText.split('\n');
      const last = lines.length - 3;
      const chars = lines[last]!.split('');
      chars[2] = chars[2] === 'A' ? 'B' : 'A';
      lines[last] = chars.join('');
      const damaged = lines.join('\n');
      expect(signetVerify(damaged, message, 'file')).toEqual({ ok: false, problem: 'bad-signature' });
      expect(sshVerify(signers, 'alice@example.com', 'file', damaged, message).status).not.toBe(0);
    }
  });

  it('fingerprints match ssh-keygen -l', () => {
    for (const name of ['alice', 'mallory']) {
      const listed = sshKeygenOk(['-l', '-f', `${name}.pub`]).split(' ')[1];
      expect(sshFingerprint(publicKeyOf(name))).toBe(listed);
    }
  });

  it('find-principals names the same signer Signet finds', () => {
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const signersText = [
      `bob@example.com ${keyLine('mallory')}`,
      `"Alice Example,alice@example.com" namespaces="file" ${keyLine('alice')}`,
    ].join('\n');
    writeFileSync(file('signers'), signersText);
    writeFileSync(file('found.sig'), sigText);
    const found = sshKeygenOk(['-Y', 'find-principals', '-s', 'found.sig', '-f', 'signers']).trim();
    const ours = findAllowedSigner(
      parseAllowedSigners(signersText),
      parseSshSignature(sigText).publicKey,
      'file',
      new Date(),
    );
    expect(ours.signer?.principals.join('\n')).toBe(found);
  });
});

describe('signatures Signet builds, checked by ssh-keygen', () => {
  function signetSign(
    message: Buffer,
    namespace: string,
    hashAlgorithm: SshHashAlgorithm,
    reserved = new Uint8Array(0),
  ) {
    const pair = generateEd25519KeyPair();
    const signed = sshSignedData(namespace, hashAlgorithm, sshMessageDigest(hashAlgorithm, message));
    const blob = encodeSshSignatureBlob({
      publicKey: pair.publicKey,
      namespace,
      reserved,
      hashAlgorithm,
      signature: ed25519Sign(signed, pair.seed),
    });
    return { pair, sigText: armorSshSignature(blob) };
  }

  it('ssh-keygen -Y verify accepts signed data built the way Signet checks it', () => {
    const message = readFileSync(file('artifact.tar'));
    for (const hash of ['sha256', 'sha512'] as const) {
      const { pair, sigText } = signetSign(message, 'file', hash);
      const signers = `me@example.com ${formatSshPublicKeyLine(pair.publicKey)}\n`;
      expect(sshVerify(signers, 'me@example.com', 'file', sigText, message).status).toBe(0);
      expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
    }
  });

  it('ssh-keygen ignores a non-empty reserved field in the signed data, as Signet does', () => {
    const message = Buffer.from('reserved test\n');
    const { pair, sigText } = signetSign(message, 'file', 'sha512', new TextEncoder().encode('future'));
    const signers = `me@example.com ${formatSshPublicKeyLine(pair.publicKey)}\n`;
    expect(sshVerify(signers, 'me@example.com', 'file', sigText, message).status).toBe(0);
    expect(signetVerify(sigText, message, 'file')).toEqual({ ok: true });
  });
});

describe('other key types give a clear FormatError', () => {
  it.each([
    ['rsa', 'ssh-rsa'],
    ['ecdsa', 'ecdsa-sha2-nistp256'],
  ])('%s signatures', (type, keyType) => {
    makeKey(`k-${type}`, type);
    const sigText = sshSign(`k-${type}`, 'artifact.tar', 'file');
    expect(() => parseSshSignature(sigText)).toThrow(FormatError);
    expect(() => parseSshSignature(sigText)).toThrow(`unsupported key type ${keyType}`);
    expect(() => parseSshPublicKeyLine(readText(`k-${type}.pub`))).toThrow(`unsupported key type ${keyType}`);
  });
});
