/** A fingerprint in groups of four hex digits, as gpg prints it, so a person can read it aloud. */
export function inGroupsOfFour(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}
