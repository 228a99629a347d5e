export interface PassphraseStrength {
  score: 0 | 1 | 2 | 3 | 4;
  hint: string;
}

/**
 * A deliberately cautious guess at how many guesses a passphrase would take, in bits. People do
 * not pick characters at random, so a run of letters that reads like a word counts as one word
 * (about 13 bits) however long it is, years count as a few bits, and repeats or runs like "abc"
 * or "123" count for almost nothing. Random-looking characters get full credit.
 */
export function estimatePassphraseBits(passphrase: string): number {
  const chars = [...passphrase];
  if (chars.length === 0) return 0;
  if (isCommon(passphrase)) return 8;
  const perChar = Math.log2(characterPool(chars));
  let bits = 0;
  for (const run of passphrase.match(RUN) ?? []) {
    if (/^\p{L}+$/u.test(run) && readsLikeWord(run)) {
      const asWord = WORD_BITS + (/\p{Lu}/u.test(run) ? 1 : 0);
      bits += Math.min(asWord, patternAwareBits([...run], Math.log2(26)));
    } else if (/^(?:19|20)\d\d$/.test(run)) {
      bits += YEAR_BITS;
    } else if (/^\s+$/u.test(run)) {
      bits += 1; // a separator between words adds almost nothing
    } else {
      bits += patternAwareBits([...run], perChar);
    }
  }
  return bits;
}

/** Score 0-4 with one plain sentence of advice. */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  if (passphrase.length === 0) return { score: 0, hint: 'Type a passphrase.' };
  if (isCommon(passphrase)) {
    return { score: 0, hint: 'This is one of the most common passwords. Try four or more random words.' };
  }
  const bits = estimatePassphraseBits(passphrase);
  if (bits < 25) return { score: 0, hint: 'Very easy to guess. Try four or more random words with spaces.' };
  if (bits < 35) return { score: 1, hint: 'Easy to guess. Add more words or make it longer.' };
  if (bits < 45) return { score: 2, hint: 'Fair. One or two more random words would make it strong.' };
  if (bits < 60) return { score: 3, hint: 'Strong. Keep it safe: nobody can recover it for you.' };
  return { score: 4, hint: 'Very strong. Keep it safe: nobody can recover it for you.' };
}

const WORD_BITS = 13;
const YEAR_BITS = 7;
/** Letters, digits, whitespace and everything else, each as maximal runs. */
const RUN = /\p{L}+|\p{Nd}+|\s+|[^\p{L}\p{Nd}\s]+/gu;

const COMMON = new Set([
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  'password',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'letmein',
  'welcome',
  'iloveyou',
  'admin',
  'monkey',
  'dragon',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'trustno1',
  'abc123',
  'master',
  'secret',
  'changeme',
  'minisign',
  'signet',
]);

function isCommon(passphrase: string): boolean {
  const core = passphrase
    .toLowerCase()
    .trim()
    .replace(/[\d\W_]+$/u, '');
  return COMMON.has(passphrase.toLowerCase().trim()) || COMMON.has(core);
}

function characterPool(chars: string[]): number {
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  if (chars.some((c) => /[ -/:-@[-`{-~]/.test(c))) pool += 33;
  if (chars.some((c) => (c.codePointAt(0) ?? 0) > 0x7e)) pool += 100;
  return Math.max(pool, 2);
}

/** Pronounceable runs (enough vowels) are treated as words; random letters are not. */
function readsLikeWord(run: string): boolean {
  const letters = [...run.toLowerCase()];
  if (letters.length < 3) return false;
  if (letters.some((c) => !/[a-z]/.test(c))) return true;
  const vowels = letters.filter((c) => 'aeiouy'.includes(c)).length;
  return vowels / letters.length >= 0.2 && /^[A-Z]?[a-z]+$|^[A-Z]+$/.test(run);
}

/** Full credit per character, except repeats and steps like "aaa", "abc", "321". */
function patternAwareBits(chars: string[], perChar: number): number {
  let bits = 0;
  let previous: number | undefined;
  for (const c of chars) {
    const code = c.codePointAt(0) ?? 0;
    bits += previous !== undefined && Math.abs(code - previous) <= 1 ? 1 : perChar;
    previous = code;
  }
  return bits;
}
