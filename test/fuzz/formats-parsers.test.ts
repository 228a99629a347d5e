import nodePath from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChecksumList } from '../../electron/core/checksums/parse-checksum-list';
import { resolveListedPathWith } from '../../electron/core/checksums/resolve-listed-path';
import { ed25519Sign, generateEd25519KeyPair } from '../../electron/core/crypto/ed25519';
import { FormatError, SignetError } from '../../electron/core/errors';
import { parseSignifyEmbedded } from '../../electron/core/formats/signify/embedded';
import { parseSignifyPublicKey } from '../../electron/core/formats/signify/public-key';
import { parseSignifySignature, type SignifySignature } from '../../electron/core/formats/signify/signature';
import { verifySignify } from '../../electron/core/formats/signify/verify';
import { armorSshSignature, dearmorSshSignature } from '../../electron/core/formats/sshsig/armor';
import {
  formatSshPublicKeyLine,
  parseSshPublicKeyLine,
} from '../../electron/core/formats/sshsig/public-key-line';
import {
  encodeSshSignatureBlob,
  parseSshSignature,
  parseSshSignatureBlob,
} from '../../electron/core/formats/sshsig/signature';
import { parseSshTime } from '../../electron/core/formats/sshsig/ssh-time';
import {
  sshMessageDigest,
  sshSignedData,
  verifySshSignature,
} from '../../electron/core/formats/sshsig/verify';
import { parseAllowedSigners } from '../helpers/allowed-signers-lookup';

const RUNS = { numRuns: 2000 };
/** Each run of these does an Ed25519 verification (a few ms in JS). */
const VERIFY_RUNS = { numRuns: 800 };

/** Calls `parse` and fails the property if it throws anything but a FormatError/SignetError. */
function onlyFormatErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof FormatError) && !(error instanceof SignetError)) throw error;
    expect((error as Error).message.length).toBeGreaterThan(0);
  }
}

// --- valid samples to mutate -------------------------------------------------------------------

const signifyPair = generateEd25519KeyPair();
const signifyKeyNum = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
const signifyKey = { keyNum: signifyKeyNum, publicKey: signifyPair.publicKey };
const MESSAGE = new TextEncoder().encode('release 1.2.3\nsha256 of the tarball\n');
const signifySigBytes = Buffer.concat([
  Buffer.from('Ed'),
  signifyKeyNum,
  ed25519Sign(MESSAGE, signifyPair.seed),
]);
const SIGNIFY_SIG = `untrusted comment: verify with key.pub\n${signifySigBytes.toString('base64')}\n`;
const SIGNIFY_PUB = `untrusted comment: signify public key\n${Buffer.concat([Buffer.from('Ed'), signifyKeyNum, signifyPair.publicKey]).toString('base64')}\n`;
const SIGNIFY_EMBEDDED = Buffer.concat([Buffer.from(SIGNIFY_SIG), MESSAGE]);

const sshPair = generateEd25519KeyPair();
const SSH_BLOB = encodeSshSignatureBlob({
  publicKey: sshPair.publicKey,
  namespace: 'file',
  reserved: new Uint8Array(0),
  hashAlgorithm: 'sha512',
  signature: ed25519Sign(sshSignedData('file', 'sha512', sshMessageDigest('sha512', MESSAGE)), sshPair.seed),
});
const SSH_ARMORED = armorSshSignature(SSH_BLOB);
const SSH_KEY_LINE = formatSshPublicKeyLine(sshPair.publicKey, 'me@example.com');
const ALLOWED = `me@example.com,*@ops namespaces="file,git",valid-after="20240101",valid-before="20301231Z" ${SSH_KEY_LINE}\n# c\nyou ${SSH_KEY_LINE}\n`;
const H = 'ab'.repeat(32);
const CHECKSUMS = `${H}  a.txt\n${H} *b c.bin\n\\${H}  d\\\\e\\nf\nSHA256 (g (1)) = ${H}\nSHA512 (h) = ${H}${H}\n`;

/** A string edited a few times: insert, delete or replace characters anywhere. */
function mutatedText(base: string, charArb = fc.string({ unit: 'binary', maxLength: 3 })) {
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: charArb });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let text = base;
    for (const { at, remove, insert } of edits) {
      const position = at % (text.length + 1);
      text = text.slice(0, position) + insert + text.slice(position + remove);
    }
    return text;
  });
}

function mutatedBytes(base: Uint8Array) {
  const edit = fc.record({
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
    kind: fc.constantFrom('set', 'insert', 'delete'),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    const bytes = Array.from(base);
    for (const { at, value, kind } of edits) {
      const position = at % (bytes.length + 1);
      if (kind === 'set' && position < bytes.length) bytes[position] = value;
      else if (kind === 'insert') bytes.splice(position, 0, value);
      else bytes.splice(position, 1);
    }
    return Uint8Array.from(bytes);
  });
}

/** One byte changed to a different value, at any position. */
function singleByteChange(base: Uint8Array) {
  return fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, delta]) => {
    const copy = Uint8Array.from(base);
    copy[at] = (copy[at]! + delta) & 0xff;
    return copy;
  });
}

const TEXT_PARSERS: [string, (text: string) => unknown][] = [
  ['parseSignifyPublicKey', parseSignifyPublicKey],
  ['parseSignifySignature', parseSignifySignature],
  ['parseSshSignature', parseSshSignature],
  ['parseSshPublicKeyLine', parseSshPublicKeyLine],
  ['parseAllowedSigners', parseAllowedSigners],
  ['parseSshTime', parseSshTime],
  ['parseChecksumList', parseChecksumList],
  ['resolveListedPath (posix)', (text) => resolveListedPathWith(nodePath.posix, '/srv/list', text)],
  ['resolveListedPath (win32)', (text) => resolveListedPathWith(nodePath.win32, 'C:\\list', text)],
];

describe('parsers throw only FormatError on any input', () => {
  it.each(TEXT_PARSERS)('%s on arbitrary strings', (_, parse) => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()),
        (text) => onlyFormatErrors(() => parse(text)),
      ),
      RUNS,
    );
  });

  it.each([
    ['signify signature', SIGNIFY_SIG, parseSignifySignature],
    ['signify public key', SIGNIFY_PUB, parseSignifyPublicKey],
    ['SSH signature', SSH_ARMORED, parseSshSignature],
    ['SSH key line', SSH_KEY_LINE, parseSshPublicKeyLine],
    ['allowed signers', ALLOWED, parseAllowedSigners],
    ['checksum list', CHECKSUMS, parseChecksumList],
  ] as const)('%s: small edits of a valid file', (_, base, parse) => {
    expect(() => parse(base)).not.toThrow();
    const punctuation = fc.string({
      unit: fc.constantFrom('"', '\\', ',', ' ', '\t', '\r', '\n', '=', '(', ')', '*', '#', '\0', 'A', '/'),
      maxLength: 3,
    });
    fc.assert(
      fc.property(fc.oneof(mutatedText(base), mutatedText(base, punctuation)), (text) =>
        onlyFormatErrors(() => parse(text)),
      ),
      RUNS,
    );
  });

  it('binary parsers on arbitrary and mutated bytes', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      mutatedBytes(SSH_BLOB),
      mutatedBytes(SIGNIFY_EMBEDDED),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        onlyFormatErrors(() => parseSshSignatureBlob(input));
        onlyFormatErrors(() => parseSignifyEmbedded(input));
        onlyFormatErrors(() => parseSshSignature(armorSshSignature(input)));
      }),
      RUNS,
    );
  });
});

describe('single-byte changes never verify', () => {
  function signifyResult(sigBytes: Uint8Array, message: Uint8Array): boolean {
    let sig: SignifySignature;
    try {
      sig = parseSignifySignature(`untrusted comment: x\n${Buffer.from(sigBytes).toString('base64')}\n`);
    } catch (error) {
      expect(error).toBeInstanceOf(FormatError);
      return false;
    }
    return verifySignify(sig, signifyKey, message).ok;
  }

  it('the unchanged samples verify (so the properties below can fail)', () => {
    expect(signifyResult(signifySigBytes, MESSAGE)).toBe(true);
    const embedded = parseSignifyEmbedded(SIGNIFY_EMBEDDED);
    expect(verifySignify(embedded.signature, signifyKey, embedded.message).ok).toBe(true);
    expect(
      verifySshSignature(parseSshSignatureBlob(SSH_BLOB), sshMessageDigest('sha512', MESSAGE), 'file').ok,
    ).toBe(true);
  });

  it('signify: any one byte of the signature or message', () => {
    fc.assert(
      fc.property(singleByteChange(signifySigBytes), (sig) => !signifyResult(sig, MESSAGE)),
      VERIFY_RUNS,
    );
    fc.assert(
      fc.property(singleByteChange(MESSAGE), (message) => !signifyResult(signifySigBytes, message)),
      VERIFY_RUNS,
    );
  });

  it('signify embedded: any one byte of the whole file changes nothing that is signed, or fails', () => {
    const original = parseSignifyEmbedded(SIGNIFY_EMBEDDED);
    fc.assert(
      fc.property(singleByteChange(SIGNIFY_EMBEDDED), (file) => {
        try {
          const { signature, message } = parseSignifyEmbedded(file);
          if (!verifySignify(signature, signifyKey, message).ok) return;
          // Only the untrusted comment, or unused low bits of the base64 padding, may differ.
          expect(Buffer.from(message)).toEqual(Buffer.from(original.message));
          expect(Buffer.from(signature.signature)).toEqual(Buffer.from(original.signature.signature));
        } catch (error) {
          if (!(error instanceof FormatError)) throw error;
        }
      }),
      VERIFY_RUNS,
    );
  });

  it('SSH: any one byte of the signature blob or the message', () => {
    const verifies = (blob: Uint8Array, message: Uint8Array) => {
      try {
        const sig = parseSshSignatureBlob(blob);
        return verifySshSignature(sig, sshMessageDigest(sig.hashAlgorithm, message), 'file').ok;
      } catch (error) {
        if (!(error instanceof FormatError)) throw error;
        return false;
      }
    };
    fc.assert(
      fc.property(singleByteChange(SSH_BLOB), (blob) => !verifies(blob, MESSAGE)),
      VERIFY_RUNS,
    );
    fc.assert(
      fc.property(singleByteChange(MESSAGE), (message) => !verifies(SSH_BLOB, message)),
      VERIFY_RUNS,
    );
  });

  it('SSH armored text: a changed character either fails or decodes to the very same bytes', () => {
    const chars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n-');
    fc.assert(
      fc.property(fc.nat({ max: SSH_ARMORED.length - 1 }), chars, (at, char) => {
        const text = SSH_ARMORED.slice(0, at) + char + SSH_ARMORED.slice(at + 1);
        try {
          const sig = parseSshSignature(text);
          const ok = verifySshSignature(sig, sshMessageDigest(sig.hashAlgorithm, MESSAGE), 'file').ok;
          // Verifying is only allowed when nothing that is signed or checked changed.
          if (ok) expect(Buffer.from(dearmorSshSignature(text))).toEqual(Buffer.from(SSH_BLOB));
        } catch (error) {
          if (!(error instanceof FormatError)) throw error;
        }
      }),
      VERIFY_RUNS,
    );
  });
});

describe('resolveListedPath stays inside the folder', () => {
  const pieces = fc.constantFrom(
    '..',
    '.',
    '...',
    '. .',
    '.. ',
    ' ..',
    '/',
    '\\',
    '//',
    '\\\\',
    'C:',
    'c:',
    ':',
    'a',
    'sub',
    'ü',
    '\u2024\u2024',
    '\uff0e\uff0e',
    '\u2215',
    '\u2216',
    '\0',
    '%2e%2e',
    '~',
    '$HOME',
    ' ',
    '\t',
    '\u202e',
    '?',
    '*',
    'CON',
    '.git',
  );
  const names = fc.oneof(
    fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')),
    fc.string({ unit: 'binary' }),
  );

  const flavours = [
    ['posix', nodePath.posix, '/srv/downloads/list'],
    ['win32', nodePath.win32, 'C:\\Downloads\\list'],
  ] as const;

  it.each(flavours)('%s: every accepted name resolves to a path strictly inside', (_, pathModule, folder) => {
    fc.assert(
      fc.property(names, (name) => {
        let resolved: string;
        try {
          resolved = resolveListedPathWith(pathModule, folder, name);
        } catch (error) {
          expect(error).toBeInstanceOf(FormatError);
          return;
        }
        const relative = pathModule.relative(folder, resolved);
        expect(relative).not.toBe('');
        expect(pathModule.isAbsolute(relative)).toBe(false);
        expect(relative.split(/[\\/]/)).not.toContain('..');
        expect(resolved.startsWith(folder + pathModule.sep)).toBe(true);
        // Whatever the other system makes of the joined name, it is inside too.
        const other = pathModule === nodePath.posix ? nodePath.win32 : nodePath.posix;
        expect(other.normalize(name).split(/[\\/]/)).not.toContain('..');
      }),
      { numRuns: 5000 },
    );
  });
});

describe('checksum lists round-trip', () => {
  /** How coreutils writes a line, escapes included. */
  function gnuLine(hex: string, name: string, binary: boolean): string {
    const needsEscape = /[\\\n\r]/.test(name);
    const escaped = needsEscape
      ? name.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
      : name;
    return `${needsEscape ? '\\' : ''}${hex} ${binary ? '*' : ' '}${escaped}`;
  }
  function bsdLine(hex: string, name: string, tag: string): string {
    const needsEscape = /[\\\n\r]/.test(name);
    const escaped = needsEscape
      ? name.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
      : name;
    return `${needsEscape ? '\\' : ''}${tag} (${escaped}) = ${hex}`;
  }

  it('any names survive being written the coreutils way and read back', () => {
    const entry = fc.record({
      algorithm: fc.constantFrom('sha256' as const, 'sha512' as const),
      digest: fc.uint8Array({ minLength: 64, maxLength: 64 }),
      name: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      style: fc.constantFrom('text', 'binary', 'tag'),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.boolean(), (entries, crlf) => {
        const usable = entries.filter((e) => !/^[ \t]*$/.test(e.name) || e.style !== 'tag');
        const lines = usable.map((e) => {
          const digest = Buffer.from(e.digest.subarray(0, e.algorithm === 'sha256' ? 32 : 64));
          const hex = digest.toString('hex');
          return e.style === 'tag'
            ? bsdLine(hex, e.name, e.algorithm.toUpperCase())
            : gnuLine(hex, e.name, e.style === 'binary');
        });
        const parsed = parseChecksumList(lines.join(crlf ? '\r\n' : '\n'));
        expect(parsed.map((p) => [p.algorithm, p.name])).toEqual(usable.map((e) => [e.algorithm, e.name]));
      }),
      RUNS,
    );
  });
});
