import { afterEach, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../../electron/core/crypto/ed25519';
import { FormatError } from '../../electron/core/errors';
import { parseAllowedSignersFile } from '../../electron/core/formats/sshsig/allowed-signers';
import { matchSshPattern, matchSshPatternList } from '../../electron/core/formats/sshsig/pattern';
import { formatSshPublicKeyLine } from '../../electron/core/formats/sshsig/public-key-line';
import { parseSshTime } from '../../electron/core/formats/sshsig/ssh-time';
import {
  findAllowedSigner,
  parseAllowedSigners,
  signerHasPrincipal,
} from '../helpers/allowed-signers-lookup';

const alice = generateEd25519KeyPair().publicKey;
const bob = generateEd25519KeyPair().publicKey;
const aliceKey = formatSshPublicKeyLine(alice, 'alice laptop');
const bobKey = formatSshPublicKeyLine(bob);
const RSA_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7ebGm1dp2SNBbX2TR3yX5zA6LHXY8z4r7Y0Fo0yZ2h2o9uR3nBhBt8OAOsL5BZLHi9y2WWcQ0yV3nCB1tRqp9';
const NOW = new Date(Date.UTC(2025, 5, 15, 12, 0, 0));

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('parseAllowedSigners', () => {
  it('reads principals, options and key; skips blank lines and comments', () => {
    const list = parseAllowedSigners(
      [
        '# team keys',
        '',
        '   ',
        `alice@example.com,*@ops.example.com ${aliceKey}`,
        `  bob@example.com namespaces="file,git",valid-after="20240101",valid-before="20301231235959Z" ${bobKey}`,
        '\t# indented comment',
      ].join('\n'),
    );
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      principals: ['alice@example.com', '*@ops.example.com'],
      certAuthority: false,
      line: 4,
    });
    expect(list[0]!.publicKey).toEqual(alice);
    expect(list[0]!.namespaces).toBeUndefined();
    expect(list[1]).toMatchObject({ principals: ['bob@example.com'], namespaces: ['file', 'git'], line: 5 });
    expect(list[1]!.validBefore?.toISOString()).toBe('2030-12-31T23:59:59.000Z');
    expect(list[1]!.publicKey).toEqual(bob);
  });

  it('reads quoted principals, option names in any case, escaped quotes and cert-authority', () => {
    const [quoted, upper, ca] = parseAllowedSigners(
      [
        `"alice smith,al" ${aliceKey}`,
        `bob NAMESPACES="fi\\"le",Valid-After="20240101" ${bobKey}`,
        `*@example.com cert-authority ${aliceKey}`,
      ].join('\n'),
    );
    expect(quoted!.principals).toEqual(['alice smith', 'al']);
    expect(upper!.namespaces).toEqual(['fi"le']);
    expect(upper!.validAfter).toBeInstanceOf(Date);
    expect(ca!.certAuthority).toBe(true);
  });

  it('tolerates CRLF and a byte order mark', () => {
    const list = parseAllowedSigners(`\uFEFFalice ${aliceKey}\r\nbob namespaces="file" ${bobKey}\r\n`);
    expect(list.map((signer) => signer.principals[0])).toEqual(['alice', 'bob']);
    expect(list[1]!.namespaces).toEqual(['file']);
  });

  it('keeps lines with other key types apart instead of failing the whole file', () => {
    const file = parseAllowedSignersFile(`carol ${RSA_KEY} carol\nalice ${aliceKey}\n`);
    expect(file.signers).toHaveLength(1);
    expect(file.unsupported).toEqual([{ line: 1, keyType: 'ssh-rsa', principals: ['carol'] }]);
  });

  it.each([
    ['a principal alone', 'alice', 1],
    ['options but no key', 'alice namespaces="file"', 1],
    ['an unknown option', `alice no-touch-required ${aliceKey}`, 1],
    ['an unquoted value', `alice namespaces=file ${aliceKey}`, 1],
    ['an unclosed quote', `alice namespaces="file ${aliceKey}`, 1],
    ['a trailing comma in options', `alice namespaces="file", ${aliceKey}`, 1],
    ['namespaces twice', `alice namespaces="a",namespaces="b" ${aliceKey}`, 1],
    ['a bad date', `alice valid-after="2024-01-01" ${aliceKey}`, 1],
    ['a date that does not exist', `alice valid-after="20240230" ${aliceKey}`, 1],
    [
      'valid-before not after valid-after',
      `alice valid-after="20250101",valid-before="20240101" ${aliceKey}`,
      1,
    ],
    ['a damaged key', `alice ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI`, 1],
    ['an unknown key type', 'alice ssh-foo AAAA', 1],
    ['an empty principal', `alice,,bob ${aliceKey}`, 1],
    ['a key whose blob says another type', `alice ssh-ed25519 ${RSA_KEY.split(' ')[1]}`, 1],
    ['a bad line after good ones', `# c\nalice ${aliceKey}\n\nbob ssh-ed25519`, 4],
  ])('skips %s as ssh-keygen does, and names the line', (_, textInput, line) => {
    const parsed = parseAllowedSignersFile(textInput);
    expect(parsed.skipped.map((s) => s.line)).toEqual([line]);
    expect(parsed.skipped[0]?.problem).toMatch(/\S/);
    // The good lines around it still count.
    expect(parsed.signers.every((s) => s.line !== line)).toBe(true);
  });
});

describe('findAllowedSigner', () => {
  const list = parseAllowedSigners(
    [
      `ca@example.com cert-authority ${bobKey}`,
      `alice namespaces="file,!file-secret,rel*" ${aliceKey}`,
      `bob valid-after="20250601Z",valid-before="20250630Z" ${bobKey}`,
    ].join('\n'),
  );

  it('finds a listed key allowed in the namespace', () => {
    expect(findAllowedSigner(list, alice, 'file', NOW).signer?.principals).toEqual(['alice']);
    expect(findAllowedSigner(list, alice, 'release', NOW).signer?.line).toBe(2);
  });

  it('reports keys that are not listed', () => {
    expect(findAllowedSigner(list, generateEd25519KeyPair().publicKey, 'file', NOW)).toEqual({
      problem: 'not-listed',
    });
  });

  it('reports a namespace the line does not allow, including a negated one', () => {
    expect(findAllowedSigner(list, alice, 'email', NOW)).toEqual({ problem: 'namespace-not-allowed' });
    expect(findAllowedSigner(list, alice, 'file-secret', NOW)).toEqual({ problem: 'namespace-not-allowed' });
  });

  it('never lets a cert-authority line match a plain key', () => {
    const onlyCa = parseAllowedSigners(`ca cert-authority ${bobKey}`);
    expect(findAllowedSigner(onlyCa, bob, 'file', NOW)).toEqual({ problem: 'not-listed' });
    // The plain line for the same key further down is still found.
    expect(findAllowedSigner(list, bob, 'file', NOW).signer?.line).toBe(3);
  });

  it('valid-after and valid-before are inclusive to the second', () => {
    const start = new Date(Date.UTC(2025, 5, 1));
    const end = new Date(Date.UTC(2025, 5, 30));
    expect(findAllowedSigner(list, bob, 'file', new Date(start.getTime() - 1000))).toEqual({
      problem: 'not-yet-valid',
    });
    expect(findAllowedSigner(list, bob, 'file', start).signer).toBeDefined();
    expect(findAllowedSigner(list, bob, 'file', new Date(end.getTime() + 999)).signer).toBeDefined();
    expect(findAllowedSigner(list, bob, 'file', new Date(end.getTime() + 1000))).toEqual({
      problem: 'expired',
    });
  });

  it('a later line can allow what an earlier line for the same key does not', () => {
    const two = parseAllowedSigners(`a namespaces="git" ${aliceKey}\nb namespaces="file" ${aliceKey}`);
    expect(findAllowedSigner(two, alice, 'file', NOW).signer?.principals).toEqual(['b']);
  });

  it('matches principals with patterns', () => {
    const [signer] = parseAllowedSigners(`*@example.com,!eve@example.com ${aliceKey}`);
    expect(signerHasPrincipal(signer!, 'al@example.com')).toBe(true);
    expect(signerHasPrincipal(signer!, 'eve@example.com')).toBe(false);
    expect(signerHasPrincipal(signer!, 'al@example.org')).toBe(false);
  });
});

describe('OpenSSH patterns', () => {
  it.each([
    ['file', 'file', true],
    ['file', 'fil', false],
    ['file', 'f*', true],
    ['file', '*', true],
    ['', '*', true],
    ['file', 'f?le', true],
    ['file', 'f?e', false],
    ['abcabcabd', '*abd', true],
    ['a.b', 'a?b', true],
    ['File', 'file', false],
    ['ab', 'a**b', true],
  ])('%s against %s is %s', (textInput, pattern, expected) => {
    expect(matchSshPattern(textInput, pattern)).toBe(expected);
  });

  it('a negated match wins wherever it is in the list', () => {
    expect(matchSshPatternList('x', ['!x', '*'])).toBe(false);
    expect(matchSshPatternList('x', ['*', '!x'])).toBe(false);
    expect(matchSshPatternList('y', ['*', '!x'])).toBe(true);
    expect(matchSshPatternList('y', ['!x'])).toBe(false);
  });

  it('like OpenSSH, a pattern of 1023 bytes or more makes the whole list fail', () => {
    expect(matchSshPatternList('file', ['file', `${'x'.repeat(1022)}`])).toBe(true);
    expect(matchSshPatternList('file', ['file', `${'x'.repeat(1023)}`])).toBe(false);
  });

  it('takes linear-ish time on hostile patterns', () => {
    const started = performance.now();
    expect(matchSshPattern('a'.repeat(5000), `${'*a'.repeat(50)}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('parseSshTime', () => {
  it('reads UTC times with Z or UTC in any case', () => {
    expect(parseSshTime('20240229Z').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseSshTime('202402291230utc').toISOString()).toBe('2024-02-29T12:30:00.000Z');
    expect(parseSshTime('20240229123059z').toISOString()).toBe('2024-02-29T12:30:59.000Z');
  });

  it('reads times without a zone as local time', () => {
    process.env.TZ = 'America/New_York';
    expect(parseSshTime('20240115').toISOString()).toBe('2024-01-15T05:00:00.000Z');
    expect(parseSshTime('202407151200').toISOString()).toBe('2024-07-15T16:00:00.000Z');
    process.env.TZ = 'Asia/Tokyo';
    expect(parseSshTime('20240115').toISOString()).toBe('2024-01-14T15:00:00.000Z');
  });

  it.each([
    '2024',
    '2024011',
    '202401011',
    '20240101T1200',
    '20241301',
    '20240230',
    '20240101246000',
    '19691231Z',
    'Z',
    '２０２４０１０１',
  ])('refuses %s', (value) => {
    expect(() => parseSshTime(value)).toThrow(FormatError);
  });
});
