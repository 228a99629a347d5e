import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllowedSignersFile } from '../../electron/core/formats/sshsig/allowed-signers';
import { formatSshPublicKeyLine } from '../../electron/core/formats/sshsig/public-key-line';
import { findAllowedSigner, parseAllowedSigners } from '../helpers/allowed-signers-lookup';

import {
  file,
  keyLine,
  publicKeyOf,
  setUpSshKeygenFolder,
  sshKeygen,
  sshSign,
  sshVerify,
} from '../helpers/ssh-keygen-harness';

setUpSshKeygenFolder();

describe('allowed_signers lines: Signet reads what ssh-keygen reads', () => {
  const good: [string, string][] = [
    ['plain', 'alice@example.com KEY'],
    ['quoted principals with spaces', '"Alice Example,alice@example.com" KEY'],
    ['options in upper case', 'alice@example.com NAMESPACES="file",VALID-AFTER="20200101" KEY'],
    ['a comment after the key', 'alice@example.com namespaces="f*" KEY laptop key'],
    ['leading spaces and tabs', ' \t alice@example.com KEY'],
  ];
  const bad: [string, string][] = [
    ['an unquoted option value', 'alice@example.com namespaces=file KEY'],
    ['an unknown option', 'alice@example.com no-such-option KEY'],
    ['quotes closing mid-token', '"Alice Example",alice@example.com KEY'],
    [
      'valid-before before valid-after',
      'alice@example.com valid-after="20250101",valid-before="20240101" KEY',
    ],
    ['an unclosed quote', 'alice@example.com namespaces="file KEY'],
    ['a damaged key', 'alice@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk'],
    ['a trailing comma in the options', 'alice@example.com namespaces="file", KEY'],
  ];

  function theirAnswer(line: string, sigText: string) {
    writeFileSync(file('lines'), `${line}\n`);
    writeFileSync(file('lines.sig'), sigText);
    return sshKeygen(['-Y', 'find-principals', '-s', 'lines.sig', '-f', 'lines']);
  }

  it.each(good)('both accept %s', (_, template) => {
    const line = template.replace('KEY', keyLine('alice'));
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    expect(theirAnswer(line, sigText).status).toBe(0);
    const found = findAllowedSigner(parseAllowedSigners(line), publicKeyOf('alice'), 'file', new Date());
    expect(found.signer).toBeDefined();
  });

  it.each(bad)('both refuse %s: ssh-keygen skips the line, and so does Signet, naming it', (_, template) => {
    const line = template.replace('KEY', keyLine('alice'));
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    expect(theirAnswer(line, sigText).status).not.toBe(0);
    const parsed = parseAllowedSignersFile(line);
    expect(parsed.signers).toEqual([]);
    expect(parsed.skipped.map((s) => s.line)).toEqual([1]);
  });
});

describe('namespace patterns, compared with ssh-keygen', () => {
  it.each([
    ['file', true],
    ['fi?e', true],
    ['*', true],
    ['git,f*', true],
    ['f*,!file', false],
    ['email', false],
    [`file,${'x'.repeat(1022)}`, true],
    [`file,${'x'.repeat(1023)}`, false],
  ])('namespaces="%s" allows "file": %s', (patterns, allowed) => {
    const message = readFileSync(file('artifact.tar'));
    const sigText = sshSign('alice', 'artifact.tar', 'file');
    const signersText = `alice@example.com namespaces="${patterns}" ${keyLine('alice')}\n`;
    expect(sshVerify(signersText, 'alice@example.com', 'file', sigText, message).status === 0).toBe(allowed);
    const ours = findAllowedSigner(
      parseAllowedSigners(signersText),
      publicKeyOf('alice'),
      'file',
      new Date(),
    );
    expect(ours.signer !== undefined).toBe(allowed);
    if (!allowed) expect(ours.problem).toBe('namespace-not-allowed');
  });
});

describe('valid-after and valid-before, compared with ssh-keygen', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  /** ssh-keygen's verify-time takes YYYYMMDD[HHMM[SS]] in local time (or with Z). */
  const cases: [options: string, verifyTime: string][] = [
    ['valid-after="20250601"', '20250531235959'],
    ['valid-after="20250601"', '20250601'],
    ['valid-before="20250601"', '20250601'],
    ['valid-before="20250601"', '20250601000001'],
    ['valid-before="202506011230"', '202506011230'],
    ['valid-after="20250601Z",valid-before="20250602Z"', '20250601120000Z'],
    ['valid-after="20250601Z",valid-before="20250602Z"', '20250602000001Z'],
    ['valid-after="20250101"', '20241231235959Z'],
    // Local dates against UTC instants: these answers differ between time zones. (January, because
    // ssh-keygen reads local times as standard time and is an hour off during summer time.)
    ['valid-after="20250115"', '20250115043000Z'],
    ['valid-before="20250115"', '20250115043000Z'],
    ['valid-after="202501151200"', '20250115063000Z'],
  ];

  for (const tz of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
    it.each(cases)(`in ${tz}: %s at %s`, (options, verifyTime) => {
      process.env.TZ = tz;
      const message = readFileSync(file('artifact.tar'));
      const sigText = sshSign('alice', 'artifact.tar', 'file');
      const signersText = `alice@example.com ${options} ${keyLine('alice')}\n`;
      const theirs = sshVerify(
        signersText,
        'alice@example.com',
        'file',
        sigText,
        message,
        ['-O', `verify-time=${verifyTime}`],
        { TZ: tz },
      );
      const at = parseVerifyTime(verifyTime);
      const ours = findAllowedSigner(parseAllowedSigners(signersText), publicKeyOf('alice'), 'file', at);
      expect(ours.signer !== undefined, theirs.output).toBe(theirs.status === 0);
      if (!ours.signer)
        expect(theirs.output).toMatch(ours.problem === 'expired' ? /expired/ : /not yet valid/);
    });
  }
});

/** The same YYYYMMDD[HHMM[SS]][Z] rule, local unless Z: reuse the allowed_signers time reader. */
function parseVerifyTime(value: string): Date {
  const [signer] = parseAllowedSigners(
    `x valid-after="${value}" ${formatSshPublicKeyLine(new Uint8Array(32))}`,
  );
  return signer!.validAfter!;
}
