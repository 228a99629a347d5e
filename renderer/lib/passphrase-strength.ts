/**
 * A rough strength estimate computed in the renderer, so a passphrase is never sent anywhere just to
 * be scored. It rewards length and unrelated words, and punishes the patterns guessers try first.
 */
export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface PassphraseStrength {
  score: StrengthScore;
  /** One or two words for the meter ("Weak", "Strong"). */
  label: string;
  /** One plain sentence saying how to do better, or that it is fine. */
  hint: string;
  /** Rough bits of guessing work, for tests and the meter. */
  bits: number;
}

const labels = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

// The start of every guessing list; a passphrase built on one of these is only as strong as the rest.
const commonWords = [
  'password',
  'passw0rd',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'iloveyou',
  'monkey',
  'dragon',
  'sunshine',
  'football',
  'secret',
  'signet',
  'abc123',
  '123456',
  '111111',
  'changeme',
];

const sequences = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Characters that add little: repeats of the previous character and steps along a common sequence. */
function predictableCharacters(text: string): number {
  const lower = text.toLowerCase();
  let predictable = 0;
  for (let i = 1; i < lower.length; i++) {
    const previous = lower[i - 1] ?? '';
    const current = lower[i] ?? '';
    if (current === previous) {
      predictable++;
      continue;
    }
    const pair = previous + current;
    const reversed = current + previous;
    if (sequences.some((s) => s.includes(pair) || s.includes(reversed))) predictable++;
  }
  return predictable;
}

function alphabetSize(text: string): number {
  let size = 0;
  if (/[a-z]/.test(text)) size += 26;
  if (/[A-Z]/.test(text)) size += 26;
  if (/[0-9]/.test(text)) size += 10;
  if (/[^A-Za-z0-9\s\u0080-\uffff]/.test(text)) size += 33;
  if (/\s/.test(text)) size += 1;
  if (/[\u0080-\uffff]/.test(text)) size += 100;
  return Math.max(size, 1);
}

function commonWordPenalty(text: string): number {
  const lower = text.toLowerCase();
  let removed = 0;
  for (const word of commonWords) if (lower.includes(word)) removed += word.length - 1;
  return removed;
}

/** Unrelated words (a Diceware-style passphrase) are worth about 11 bits each even in lower case. */
function wordBits(text: string): number {
  const words = text
    .toLowerCase()
    .split(/[\s\-_.,;:+/]+/)
    .filter((w) => w.length >= 3 && !commonWords.includes(w));
  const distinct = new Set(words);
  return distinct.size >= 3 ? distinct.size * 11 : 0;
}

function scoreFor(bits: number): StrengthScore {
  if (bits < 28) return 0;
  if (bits < 40) return 1;
  if (bits < 60) return 2;
  if (bits < 80) return 3;
  return 4;
}

function hintFor(score: StrengthScore, text: string, hasCommonWord: boolean): string {
  if (text.length === 0) return 'Type a passphrase.';
  if (hasCommonWord)
    return 'It contains a word that guessers try first. Use four or more unrelated words instead.';
  if (score <= 1) return 'Too easy to guess. Use four or more unrelated words, or a longer phrase.';
  if (score === 2) return 'Good start. Add another word or two to make it much harder to guess.';
  if (score === 3) return 'Strong. Make sure you can remember it: nobody can recover it for you.';
  return 'Very strong. Make sure you can remember it: nobody can recover it for you.';
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
  const characters = [...passphrase];
  if (characters.length === 0) {
    return { score: 0, label: labels[0], hint: hintFor(0, '', false), bits: 0 };
  }
  const penalty = commonWordPenalty(passphrase);
  const effectiveLength = Math.max(characters.length - predictableCharacters(passphrase) - penalty, 1);
  const characterBits = effectiveLength * Math.log2(alphabetSize(passphrase));
  const bits = Math.round(Math.max(characterBits, wordBits(passphrase)));
  const score = scoreFor(bits);
  return { score, label: labels[score], hint: hintFor(score, passphrase, penalty > 0), bits };
}
