import { describe, expect, it } from 'vitest';
import { ed25519Sign, generateEd25519KeyPair } from '../../electron/core/crypto/ed25519';
import { concatBytes } from '../../electron/core/encoding/bytes';
import { FormatError } from '../../electron/core/errors';
import { armorSshSignature, dearmorSshSignature } from '../../electron/core/formats/sshsig/armor';
import { sshFingerprint } from '../../electron/core/formats/sshsig/fingerprint';
import {
  formatSshPublicKeyLine,
  parseSshPublicKeyLine,
} from '../../electron/core/formats/sshsig/public-key-line';
import {
  encodeSshSignatureBlob,
  parseSshSignature,
  parseSshSignatureBlob,
  type SshHashAlgorithm,
} from '../../electron/core/formats/sshsig/signature';
import { SshReader, sshString, sshU32 } from '../../electron/core/formats/sshsig/ssh-buffer';
import {
  sshMessageDigest,
  sshSignedData,
  verifySshSignature,
} from '../../electron/core/formats/sshsig/verify';

// Made by OpenSSH 9.2: `ssh-keygen -t ed25519 -C me@x`, `ssh-keygen -Y sign -n file` over "hello\n".
const REAL_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkSdbFaG3o4y0OFoxI6fip7xPQd9g5A9qDc/0JfJNVQ me@x';
const REAL_FINGERPRINT = 'SHA256:vjFtz3LQzMusYsHD6ZH/XbKcfZL3tqp7SFb9/Raees0';
const REAL_SIGNATURE = `-----BEGIN SSH SIGNATURE-----
U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgeRJ1sVobejjLQ4WjEjp+KnvE9B
32DkD2oNz/Ql8k1VAAAAAEZmlsZQAAAAAAAAAGc2hhNTEyAAAAUwAAAAtzc2gtZWQyNTUx
OQAAAEB2jstemjz2ZdMiQGReTXZlAVWYgfC7EbuLCEhz5IyKkKQcDqCmS5KCQ88PLrP+6a
BiOjvB5naRiAF4o8vPuhIB
-----END SSH SIGNATURE-----
`;
const MESSAGE = new TextEncoder().encode('hello\n');
const text = (value: string) => new TextEncoder().encode(value);

function signSsh(message: Uint8Array, namespace = 'file', hashAlgorithm: SshHashAlgorithm = 'sha512') {
  const pair = generateEd25519KeyPair();
  const signedData = sshSignedData(namespace, hashAlgorithm, sshMessageDigest(hashAlgorithm, message));
  const blob = encodeSshSignatureBlob({
    publicKey: pair.publicKey,
    namespace,
    reserved: new Uint8Array(0),
    hashAlgorithm,
    signature: ed25519Sign(signedData, pair.seed),
  });
  return { pair, blob, armored: armorSshSignature(blob) };
}

/** A blob with every field under the test's control, to reach each parser branch. */
function rawBlob(fields: {
  magic?: string;
  version?: number;
  keyBlob?: Uint8Array;
  namespace?: Uint8Array;
  hash?: string;
  sigField?: Uint8Array;
  trailing?: Uint8Array;
}): Uint8Array {
  const pk = new Uint8Array(32).fill(1);
  return concatBytes(
    text(fields.magic ?? 'SSHSIG'),
    sshU32(fields.version ?? 1),
    sshString(fields.keyBlob ?? concatBytes(sshString('ssh-ed25519'), sshString(pk))),
    sshString(fields.namespace ?? text('file')),
    sshString(new Uint8Array(0)),
    sshString(fields.hash ?? 'sha512'),
    sshString(fields.sigField ?? concatBytes(sshString('ssh-ed25519'), sshString(new Uint8Array(64)))),
    fields.trailing ?? new Uint8Array(0),
  );
}

describe('SSH signature parsing', () => {
  it('reads the real ssh-keygen signature', () => {
    const sig = parseSshSignature(REAL_SIGNATURE);
    expect(sig.namespace).toBe('file');
    expect(sig.hashAlgorithm).toBe('sha512');
    expect(sig.publicKey).toEqual(parseSshPublicKeyLine(REAL_PUBLIC_KEY).publicKey);
    expect(sig.signature).toHaveLength(64);
    expect(sig.reserved).toHaveLength(0);
  });

  it('round-trips through encodeSshSignatureBlob exactly', () => {
    const blob = dearmorSshSignature(REAL_SIGNATURE);
    expect(Buffer.from(encodeSshSignatureBlob(parseSshSignatureBlob(blob)))).toEqual(Buffer.from(blob));
  });

  it('armors like ssh-keygen (70 columns)', () => {
    expect(armorSshSignature(dearmorSshSignature(REAL_SIGNATURE))).toBe(REAL_SIGNATURE);
  });

  it('tolerates CRLF and re-wrapped base64', () => {
    const sig = parseSshSignature(REAL_SIGNATURE);
    expect(parseSshSignature(REAL_SIGNATURE.replaceAll('\n', '\r\n'))).toEqual(sig);
    const body = REAL_SIGNATURE.split('\n').slice(1, -2).join('');
    const rewrapped = `-----BEGIN SSH SIGNATURE-----\n${body.match(/.{1,20}/g)!.join('\n')}\n-----END SSH SIGNATURE-----`;
    expect(parseSshSignature(rewrapped)).toEqual(sig);
  });

  it.each([
    ['no armor', 'U1NIU0lH'],
    ['no END line', REAL_SIGNATURE.replace('-----END SSH SIGNATURE-----', '')],
    ['text after END', `${REAL_SIGNATURE}hidden text\n`],
    ['header without newline', REAL_SIGNATURE.replace('SIGNATURE-----\n', 'SIGNATURE-----')],
    ['empty body', '-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n'],
    ['bad base64', REAL_SIGNATURE.replace('U1NI', 'U1N!')],
    ['a PGP signature', '-----BEGIN PGP SIGNATURE-----\n\niQ\n-----END PGP SIGNATURE-----\n'],
  ])('refuses %s', (_, input) => {
    expect(() => parseSshSignature(input)).toThrow(FormatError);
  });

  it.each([
    ['wrong magic', rawBlob({ magic: 'SSHSIX' }), /does not start with "SSHSIG"/],
    ['version 2', rawBlob({ version: 2 }), /version 2/],
    ['trailing bytes', rawBlob({ trailing: Uint8Array.from([0]) }), /1 unexpected bytes at the end/],
    ['unknown hash', rawBlob({ hash: 'md5' }), /unsupported hash algorithm "md5"/],
    ['namespace with NUL', rawBlob({ namespace: Uint8Array.from([0x66, 0, 0x66]) }), /NUL/],
    ['namespace not UTF-8', rawBlob({ namespace: Uint8Array.from([0xff]) }), /not valid text/],
    [
      'an RSA key',
      rawBlob({
        keyBlob: concatBytes(
          sshString('ssh-rsa'),
          sshString(Uint8Array.from([1, 0, 1])),
          sshString(new Uint8Array(256)),
        ),
      }),
      /unsupported key type ssh-rsa/,
    ],
    [
      'an ECDSA key',
      rawBlob({
        keyBlob: concatBytes(
          sshString('ecdsa-sha2-nistp256'),
          sshString('nistp256'),
          sshString(new Uint8Array(65)),
        ),
      }),
      /unsupported key type ecdsa-sha2-nistp256/,
    ],
    [
      'a short Ed25519 key',
      rawBlob({ keyBlob: concatBytes(sshString('ssh-ed25519'), sshString(new Uint8Array(31))) }),
      /31 bytes instead of 32/,
    ],
    [
      'bytes after the key',
      rawBlob({
        keyBlob: concatBytes(sshString('ssh-ed25519'), sshString(new Uint8Array(32)), Uint8Array.from([9])),
      }),
      /unexpected bytes/,
    ],
    [
      'a signature of another type',
      rawBlob({ sigField: concatBytes(sshString('rsa-sha2-512'), sshString(new Uint8Array(64))) }),
      /of type rsa-sha2-512/,
    ],
    [
      'a short signature',
      rawBlob({ sigField: concatBytes(sshString('ssh-ed25519'), sshString(new Uint8Array(63))) }),
      /63 bytes instead of 64/,
    ],
  ])('refuses a blob with %s', (_, blob, message) => {
    expect(() => parseSshSignatureBlob(blob)).toThrow(FormatError);
    expect(() => parseSshSignatureBlob(blob)).toThrow(message);
  });

  it('refuses a length that runs past the end, at every cut', () => {
    const blob = dearmorSshSignature(REAL_SIGNATURE);
    for (let cut = 0; cut < blob.length; cut++) {
      expect(() => parseSshSignatureBlob(blob.subarray(0, cut))).toThrow(FormatError);
    }
  });

  it('refuses a huge length field without allocating', () => {
    const blob = concatBytes(text('SSHSIG'), sshU32(1), sshU32(0xffffffff));
    expect(() => parseSshSignatureBlob(blob)).toThrow(/cut short/);
  });
});

describe('SSH signature verification', () => {
  it('verifies the real ssh-keygen signature', () => {
    const sig = parseSshSignature(REAL_SIGNATURE);
    expect(verifySshSignature(sig, sshMessageDigest('sha512', MESSAGE), 'file')).toEqual({ ok: true });
  });

  it('says wrong-namespace for a valid signature made for another purpose', () => {
    const sig = parseSshSignature(REAL_SIGNATURE);
    expect(verifySshSignature(sig, sshMessageDigest('sha512', MESSAGE), 'email')).toEqual({
      ok: false,
      problem: 'wrong-namespace',
    });
  });

  it('says bad-signature for a changed message', () => {
    const sig = parseSshSignature(REAL_SIGNATURE);
    expect(verifySshSignature(sig, sshMessageDigest('sha512', text('hello!\n')), 'file')).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('says bad-signature when the namespace in the blob was edited to match', () => {
    const made = signSsh(MESSAGE, 'email');
    const sig = parseSshSignatureBlob(made.blob);
    const edited = { ...sig, namespace: 'file' };
    expect(verifySshSignature(edited, sshMessageDigest('sha512', MESSAGE), 'file')).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('says bad-signature when the hash algorithm in the blob was swapped', () => {
    const made = signSsh(MESSAGE, 'file', 'sha512');
    const sig = { ...parseSshSignatureBlob(made.blob), hashAlgorithm: 'sha256' as const };
    expect(verifySshSignature(sig, sshMessageDigest('sha256', MESSAGE), 'file')).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('verifies sha256 signatures with a sha256 digest', () => {
    const made = signSsh(MESSAGE, 'file', 'sha256');
    const sig = parseSshSignature(made.armored);
    expect(sig.hashAlgorithm).toBe('sha256');
    expect(verifySshSignature(sig, sshMessageDigest('sha256', MESSAGE), 'file')).toEqual({ ok: true });
  });

  it('ignores the reserved field in the signed data, as ssh-keygen does', () => {
    const made = signSsh(MESSAGE);
    const sig = { ...parseSshSignatureBlob(made.blob), reserved: text('future') };
    const reparsed = parseSshSignatureBlob(encodeSshSignatureBlob(sig));
    expect(Buffer.from(reparsed.reserved).toString()).toBe('future');
    expect(verifySshSignature(reparsed, sshMessageDigest('sha512', MESSAGE), 'file')).toEqual({ ok: true });
  });

  it('refuses a digest of the wrong length instead of guessing', () => {
    const sig = parseSshSignature(REAL_SIGNATURE);
    expect(() => verifySshSignature(sig, sshMessageDigest('sha256', MESSAGE), 'file')).toThrow(/64/);
  });
});

describe('SSH public key line and fingerprint', () => {
  it('matches ssh-keygen -l', () => {
    const { publicKey, comment } = parseSshPublicKeyLine(REAL_PUBLIC_KEY);
    expect(comment).toBe('me@x');
    expect(sshFingerprint(publicKey)).toBe(REAL_FINGERPRINT);
  });

  it('reads lines without a comment, with a spaced comment, and writes them back', () => {
    const { publicKey } = parseSshPublicKeyLine(REAL_PUBLIC_KEY);
    expect(parseSshPublicKeyLine(`${REAL_PUBLIC_KEY.split(' ').slice(0, 2).join(' ')}\n`)).toEqual({
      publicKey,
    });
    expect(parseSshPublicKeyLine(`${REAL_PUBLIC_KEY} laptop key`).comment).toBe('me@x laptop key');
    expect(formatSshPublicKeyLine(publicKey, 'me@x')).toBe(REAL_PUBLIC_KEY);
  });

  it.each([
    ['an RSA key', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAAQC7 me', /unsupported key type ssh-rsa/],
    ['two lines', `${REAL_PUBLIC_KEY}\n${REAL_PUBLIC_KEY}`, /single line/],
    ['only the type', 'ssh-ed25519', /not an SSH public key line/],
    ['bad base64', 'ssh-ed25519 AAAA!', /base64/],
    [
      'an ecdsa blob labelled ed25519',
      `ssh-ed25519 ${Buffer.from(concatBytes(sshString('ecdsa-sha2-nistp256'), sshString('x'))).toString('base64')}`,
      /holds a ecdsa-sha2-nistp256 key/,
    ],
  ])('refuses %s', (_, line, message) => {
    expect(() => parseSshPublicKeyLine(line)).toThrow(FormatError);
    expect(() => parseSshPublicKeyLine(line)).toThrow(message);
  });
});

describe('SshReader', () => {
  it('reads u32 big-endian and refuses to read past the end', () => {
    const reader = new SshReader(Uint8Array.from([0x80, 0, 0, 1, 0, 0, 0, 2, 0x61]), 'x');
    expect(reader.readU32('a')).toBe(0x80000001);
    expect(() => reader.readString('b')).toThrow(/cut short/);
  });
});
