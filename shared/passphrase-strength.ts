/**
 * One estimate of passphrase strength for the CLI's `keygen` and the app's passphrase window. It is
 * pure (no Node, no DOM) so the renderer can score a passphrase without sending it anywhere.
 *
 * A deliberately cautious guess at how many guesses a passphrase would take, in bits. People do not
 * pick characters at random, so a run of letters that reads like a word counts as one word (about
 * 13 bits) however long it is, years count as a few bits, repeats or runs like "abc" or "123" count
 * for almost nothing, and a word from the top of every guessing list counts for next to nothing
 * wherever it appears. Random-looking characters get full credit.
 */
type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface PassphraseStrength {
  score: StrengthScore;
  /** One or two words for the meter ("Weak", "Strong"). */
  label: string;
  /** One plain sentence saying how to do better, or that it is fine. */
  hint: string;
  /** Rough bits of guessing work. */
  bits: number;
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export function passphraseStrength(passphrase: string): PassphraseStrength {
  if (passphrase.length === 0) return answer(0, 0, 'Type a passphrase.');
  if (isCommon(passphrase)) {
    return answer(0, 0, 'This is one of the most common passwords. Try four or more random words.');
  }
  const bits = Math.round(estimatePassphraseBits(passphrase));
  const score = scoreFor(bits);
  if (score < 3 && containsCommonWord(passphrase)) {
    return answer(score, bits, 'It contains a word that guessers try first. Use four or more random words.');
  }
  return answer(score, bits, HINTS[score]);
}

function estimatePassphraseBits(passphrase: string): number {
  const chars = [...passphrase];
  if (chars.length === 0) return 0;
  if (isCommon(passphrase)) return 8;
  const perChar = Math.log2(characterPool(chars));
  let bits = 0;
  for (const run of passphrase.match(RUN) ?? []) {
    if (/^\p{L}+$/u.test(run)) {
      for (const word of run.match(WORD_PART) ?? [run]) bits += letterBits(word);
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

const HINTS: Record<StrengthScore, string> = {
  0: 'Very easy to guess. Try four or more random words with spaces.',
  1: 'Easy to guess. Add more words or make it longer.',
  2: 'Fair. One or two more random words would make it strong.',
  3: 'Strong. Keep it safe: nobody can recover it for you.',
  4: 'Very strong. Keep it safe: nobody can recover it for you.',
};

function answer(score: StrengthScore, bits: number, hint: string): PassphraseStrength {
  return { score, label: LABELS[score], hint, bits };
}

function scoreFor(bits: number): StrengthScore {
  if (bits < 25) return 0;
  if (bits < 35) return 1;
  if (bits < 45) return 2;
  if (bits < 60) return 3;
  return 4;
}

const WORD_BITS = 13;
const YEAR_BITS = 7;
/** Letters, digits, whitespace and everything else, each as maximal runs. */
const RUN = /\p{L}+|\p{Nd}+|\s+|[^\p{L}\p{Nd}\s]+/gu;
/** A letter run split where the case turns ("MyPassword" is two words, "PASSWORD" one). */
const WORD_PART = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{L}+/gu;

const COMMON = [
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  '111111',
  'password',
  'passw0rd',
  'qwerty',
  'azerty',
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
];
const COMMON_SET = new Set(COMMON);

function isCommon(passphrase: string): boolean {
  const lower = passphrase.toLowerCase().trim();
  const core = lower.replace(/[\d\W_]+$/u, '');
  return COMMON_SET.has(lower) || COMMON_SET.has(core);
}

function containsCommonWord(passphrase: string): boolean {
  const lower = passphrase.toLowerCase();
  return COMMON.some((word) => word.length >= 5 && lower.includes(word));
}

/** A guessing-list word inside a longer run is worth a couple of bits; a readable word about 13. */
function letterBits(word: string): number {
  const lower = word.toLowerCase();
  if (COMMON_SET.has(lower)) return 2;
  if (readsLikeWord(word)) {
    const asWord = WORD_BITS + (/\p{Lu}/u.test(word) ? 1 : 0);
    return Math.min(asWord, patternAwareBits([...word], Math.log2(26)));
  }
  return patternAwareBits([...word], Math.log2(characterPool([...word])));
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
