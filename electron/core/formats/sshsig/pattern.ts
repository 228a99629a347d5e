/**
 * OpenSSH's wildcard patterns (match.c): '*' is any run of characters, '?' exactly one, and
 * everything else matches itself, case-sensitively. Iterative, so no pattern can take
 * exponential time.
 */
export function matchSshPattern(text: string, pattern: string): boolean {
  const s = Array.from(text);
  const p = Array.from(pattern);
  let si = 0;
  let pi = 0;
  let starAt = -1;
  let starMatched = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === s[si]))) {
      si++;
      pi++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      starMatched = si;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      si = ++starMatched;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** OpenSSH copies each pattern into a 1024-byte buffer (match.c) and fails the list beyond it. */
const MAX_PATTERN_BYTES = 1023;

/** Splits "a,!b,c*" the way OpenSSH walks it: a trailing comma adds no empty pattern. */
export function splitSshPatternList(list: string): string[] {
  const items = list.split(',');
  if (items.length > 1 && items.at(-1) === '') items.pop();
  return items;
}

/**
 * OpenSSH's match_pattern_list: true only if some pattern matches and no negated ("!pattern")
 * one does. A negated match always wins, wherever it is in the list.
 */
export function matchSshPatternList(text: string, patterns: readonly string[]): boolean {
  let positive = false;
  for (const item of patterns) {
    const negated = item.startsWith('!');
    const pattern = negated ? item.slice(1) : item;
    // OpenSSH gives up on the whole list when one pattern is this long; it also bounds our work.
    if (Buffer.byteLength(pattern, 'utf8') >= MAX_PATTERN_BYTES) return false;
    if (matchSshPattern(text, pattern)) {
      if (negated) return false;
      positive = true;
    }
  }
  return positive;
}
