import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { unreadableSignature } from '../../electron/core/formats/registry';
import { ResultsTable } from '../../renderer/components/ResultsTable';
import { VerdictCard } from '../../renderer/components/VerdictCard';
import { combinedAnswer } from '../../renderer/lib/combined-answer';
import { middleShortened } from '../../renderer/lib/file-name';
import { fractionDone, timeLeft } from '../../renderer/lib/time-left';
import { problemsFirst, resultsSummary } from '../../renderer/lib/verify-summary';
import { hasHiddenCharacters } from '../../shared/hidden-characters';
import { hiddenProgram, hiddenProgramSentence } from '../../shared/hidden-program';
import { namesAnotherFile, readSignedComment } from '../../shared/signed-comment';
import { staffReason } from '../../shared/staff-reason';
import { VERDICTS, type Verdict, type VerifyResult } from '../../shared/verdict';
import { DEFAULT_CODE, VERDICT_CODE_NAMES, VERDICT_CODES } from '../../shared/verdict-code';
import { verdictText } from '../../shared/verdict-text';

const JARGON =
  /base64|untrusted comment|trusted comment|signify|minisign|openpgp|sigstore|authenticode|safe to use/i;

function result(verdict: Verdict, extra: Partial<VerifyResult> = {}): VerifyResult {
  return {
    verdict,
    code: DEFAULT_CODE[verdict],
    reason: 'core sentence',
    file: '/d/acme-setup.exe',
    ...extra,
  };
}

const FALLS_BACK = new Set(['damaged-signature', 'damaged-list', 'unreadable-kind', 'not-a-signature']);

describe('staff words', () => {
  it('no headline, reason or next step carries jargon or "safe to use", for any code', () => {
    for (const code of VERDICT_CODE_NAMES) {
      for (const verdict of VERDICT_CODES[code]) {
        for (const extra of [{}, { signatureFile: '/d/acme-setup.exe.minisig', signerName: 'Acme' }]) {
          const r = result(verdict, { code, reason: 'Bad base64 in the untrusted comment: line', ...extra });
          for (const context of [{ userMayAdd: true }, { userMayAdd: false }]) {
            const text = verdictText(r, context);
            expect(`${text.headline} ${text.nextStep}`).not.toMatch(JARGON);
          }
          // With no signature or list to name, a damaged answer falls back to the core's sentence.
          if (code !== 'file-unreadable' && (!FALLS_BACK.has(code) || extra.signatureFile))
            expect(staffReason(r), code).not.toMatch(JARGON);
        }
      }
    }
  });

  it('says what a valid signature proves, and once that it is not a virus check', () => {
    const text = verdictText(result('verified', { signerName: 'Acme Releases' }));
    expect(text.headline).toBe('Verified: made by Acme Releases');
    expect(staffReason(result('verified', { signerName: 'Acme Releases' }))).toBe(
      'It has not changed since Acme Releases signed it.',
    );
    expect(text.nextStep.match(/virus/g)).toHaveLength(1);
  });

  it('sends people who may not add signers to their IT team', () => {
    const r = result('unknown-signer', { keyId: '0123456789ABCDEF' });
    expect(verdictText(r, { userMayAdd: false }).nextStep).toContain('Ask your IT team');
    expect(verdictText(r, { userMayAdd: true }).nextStep).not.toContain('IT team');
  });

  it('gives each unknown-signer cause its own reason and next step, never "get their public key" for a revoked key', () => {
    const causes = [
      'key-not-trusted',
      'not-the-given-key',
      'key-revoked',
      'identity-mismatch',
      'chain-untrusted-root',
      'not-listed-publisher',
      'other-instance',
      'policy-unreadable',
    ] as const;
    const reasons = causes.map((code) => staffReason(result('unknown-signer', { code })));
    expect(new Set(reasons).size).toBe(causes.length);
    for (const code of causes.filter((c) => c !== 'key-not-trusted')) {
      expect(verdictText(result('unknown-signer', { code })).nextStep, code).not.toContain('public key');
    }
    expect(verdictText(result('unknown-signer', { code: 'policy-unreadable' })).headline).toBe(
      'Your organisation’s policy cannot be read — ask your IT team',
    );
  });

  it('tells a signature of a kind Signet cannot read from a damaged one, by the core’s code', () => {
    const sig = '/d/acme-setup.exe.asc';
    for (const [bytes, words] of [
      [Buffer.from('-----BEGIN PGP PUBLIC KEY BLOCK-----\n'), 'holds a key or a message'],
      [Buffer.from('just some text'), 'not a kind of signature Signet can check'],
    ] as const) {
      const { code, reason } = unreadableSignature(bytes);
      const r = result('malformed', { code, signatureFile: sig, reason });
      expect(verdictText(r).headline).toBe('Signet cannot check this kind of signature');
      expect(verdictText(r).nextStep).not.toMatch(/download the signature file again/i);
      expect(staffReason(r)).toContain('Signet found acme-setup.exe.asc');
      expect(staffReason(r)).toContain(words);
    }
    const damaged = result('malformed', {
      code: 'damaged-signature',
      signatureFile: sig,
      reason: 'The second line is not valid base64.',
    });
    expect(verdictText(damaged).nextStep).toContain('Download the signature file again');
  });
});

describe('what the publisher put beside the file instead', () => {
  it('a bare checksum file keeps "No signature found" and says what it is; a kind Signet cannot check is named', () => {
    const checksum = result('no-signature', { code: 'beside-checksum', besideFile: '/d/distro.iso.sha256' });
    expect(verdictText(checksum).headline).toBe('No signature found for this file');
    expect(staffReason(checksum)).toContain('a checksum, not a signature');
    const cms = result('no-signature', { code: 'beside-signature', besideFile: '/d/driver.zip.p7s' });
    expect(verdictText(cms).headline).toBe('Signet cannot check this kind of signature');
    expect(staffReason(cms)).toBe(
      'Signet found driver.zip.p7s beside it: a kind of signature Signet cannot check yet.',
    );
  });
});

describe('the signed comment, said as what it means', () => {
  it('reads minisign’s default comment as a date and a file name', () => {
    const meaning = readSignedComment('timestamp:1796230317\tfile:portable-app.zip\thashed');
    expect(meaning).toEqual({
      signedAt: new Date(1796230317 * 1000).toISOString(),
      forFile: 'portable-app.zip',
    });
    expect(namesAnotherFile(meaning, 'acme-setup.exe')).toBe(true);
    expect(namesAnotherFile(meaning, 'portable-app.zip')).toBe(false);
  });

  it('keeps any other comment as the signer’s own words', () => {
    expect(readSignedComment('Acme Setup 4.2 for Windows')).toEqual({ words: 'Acme Setup 4.2 for Windows' });
    expect(readSignedComment('timestamp:soon\tfile:x')).toEqual({ forFile: 'x' });
    expect(readSignedComment('')).toEqual({});
  });
});

describe('a name that hides a Windows program', () => {
  it.each([
    ['invoice.pdf                .exe', 'spaces'],
    ['invoice\u202Efdp.exe', 'hidden-characters'],
    ['photo.jpg.exe', 'second-ending'],
    ['report.docx.scr', 'second-ending'],
  ])('%j is named a Windows program', (name, disguise) => {
    const found = hiddenProgram(name);
    expect(found?.disguise).toBe(disguise);
    expect(hiddenProgramSentence(found!)).toMatch(/^This is a Windows program/);
  });

  it.each([
    'setup.exe',
    'acme-setup-4.2.exe',
    'app-1.10.exe',
    'tool.v2.msi',
    'invoice.pdf',
    'notes  final.txt',
    'archive.tar.gz',
  ])('%j is left alone', (name) => {
    expect(hiddenProgram(name)).toBeUndefined();
  });
});

describe('one answer per file', () => {
  const match = { match: true, algorithm: 'sha256' as const, message: '' };
  const mismatch = { match: false, algorithm: 'sha256' as const, message: '' };

  it('a checksum that does not match turns every unverified answer into "Do not use"', () => {
    for (const verdict of VERDICTS.filter((v) => v !== 'verified')) {
      const answer = combinedAnswer(result(verdict, { signerName: 'Acme' }), mismatch, {});
      expect(answer.tone).toBe('tampered');
      expect(answer.headline).toMatch(/^Do not use this file/);
    }
  });

  it('a verified file with a pasted checksum that does not match leads in amber and keeps what was verified', () => {
    const answer = combinedAnswer(result('verified', { signerName: 'Acme' }), mismatch, {});
    expect(answer.tone).toBe('unknown-signer');
    expect(answer.headline).toBe(
      'The checksum you pasted is not this file’s: it may be for another version or platform',
    );
    expect(answer.reason).toBe(
      'The file’s own signature checks out. It has not changed since Acme signed it.',
    );
  });

  it('a match adds to a verified answer and stands alone only where no signature answered', () => {
    expect(combinedAnswer(result('verified', { signerName: 'Acme' }), match, {})).toMatchObject({
      tone: 'verified',
      headline: 'Verified: made by Acme',
    });
    expect(combinedAnswer(result('tampered'), match, {}).tone).toBe('tampered');
    expect(combinedAnswer(result('no-signature'), match, {})).toMatchObject({
      tone: 'checksum-match',
      headline: 'Matches the checksum from the website',
    });
  });

  it('names an MD5 or SHA-1 match and does not call it proof', () => {
    for (const [algorithm, name] of [
      ['md5', 'MD5'],
      ['sha1', 'SHA-1'],
    ] as const) {
      const answer = combinedAnswer(result('no-signature'), { match: true, algorithm, message: '' }, {});
      expect(answer.tone).toBe('unknown-signer');
      expect(answer.headline).toContain(name);
      expect(answer.reason).toContain('old kind of checksum');
    }
  });
});

describe('many files', () => {
  it('lists problems first and counts them in words', () => {
    const list = (['verified', 'no-signature', 'tampered', 'unknown-signer', 'malformed'] as const).map(
      (v, i) => result(v, { file: `/d/${i}` }),
    );
    expect(problemsFirst(list).map((r) => r.verdict)).toEqual([
      'tampered',
      'malformed',
      'unknown-signer',
      'no-signature',
      'verified',
    ]);
    expect(resultsSummary(list)).toBe(
      '5 files checked: 1 verified, 1 must not be used, 3 need your attention.',
    );
  });

  it('shortens a long name in the middle, keeping its real ending', () => {
    const name = `${'very-long-release-name-'.repeat(5)}setup.exe`;
    const short = middleShortened(name);
    expect([...short].length).toBeLessThanOrEqual(56);
    expect(short.endsWith('setup.exe')).toBe(true);
    expect(middleShortened('short.zip')).toBe('short.zip');
  });

  it('estimates the time left from the share done, only once there is enough to go on', () => {
    const half = fractionDone({ fileIndex: 50, fileCount: 100, bytesDone: 0, bytesTotal: 10 });
    expect(half).toBe(0.5);
    expect(timeLeft(60_000, half)).toBe('About 1 minute left');
    expect(timeLeft(20_000, half)).toBe('About 20 seconds left');
    expect(timeLeft(500, half)).toBe('');
    expect(timeLeft(10_000, 0.01)).toBe('');
  });
});

describe('a file checked through a signed list', () => {
  it('says how it was checked, not a bold "This signature is for SHA256SUMS"', () => {
    const listed = result('verified', {
      code: 'verified-through-list',
      file: '/d/app.tar.gz',
      signerName: 'Acme',
      checksumList: '/d/SHA256SUMS',
      trustedComment: 'timestamp:1796230317\tfile:SHA256SUMS\thashed',
      facts: { kind: 'checksum-list', list: 'SHA256SUMS', signature: { kind: 'minisign', keyId: 'AB' } },
    });
    const card = renderToStaticMarkup(createElement(VerdictCard, { result: listed }));
    expect(card).toContain('checked through the signed list SHA256SUMS.');
    expect(card).not.toContain('This signature is for');
    expect(staffReason(listed)).toBe(
      'It matches its checksum in the list Acme signed, and has not changed since.',
    );
  });
});

describe('new card lines escape what Signet did not write', () => {
  it('the signed comment’s file name, the table’s names and headlines show hidden characters visibly', () => {
    const hostile = result('verified', {
      file: '/d/report\u202Efdp.exe',
      signerName: 'Acme\u2066 Releases',
      trustedComment: 'timestamp:1796230317\tfile:other\u202Egnp.exe\thashed',
    });
    const card = renderToStaticMarkup(createElement(VerdictCard, { result: hostile }));
    // The raw comment in the details keeps minisign's own tab separators (printableComment).
    expect(hasHiddenCharacters(card.replaceAll('\t', ' '))).toBe(false);
    expect(card).toContain('This signature is for other\\u{202E}gnp.exe.');
    expect(card).toContain('This is a Windows program');
    const table = renderToStaticMarkup(
      createElement(ResultsTable, { results: [hostile, result('tampered', { file: '/d/x\u200B.zip' })] }),
    );
    expect(hasHiddenCharacters(table)).toBe(false);
    expect(table).toContain('report\\u{202E}fdp.exe');
    expect(table).toContain('x\\u{200B}.zip');
  });
});
