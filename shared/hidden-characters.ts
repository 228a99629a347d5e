/**
 * Characters a person cannot see but that change what text means or how it displays: C0/C1
 * controls and the bidi controls (embeddings, overrides, isolates, LRM/RLM/ALM marks) that can make
 * "invoice\u202Egpj.exe" display as "invoiceexe.jpg".
 */
export function isHiddenCharacter(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}
