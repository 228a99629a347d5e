/**
 * A few DER writers for the structures Signet signs: canonical by construction (definite lengths,
 * minimal integers, SET OF sorted), so what is signed is exactly what readers re-encode.
 */
export function tlv(tag: number, ...parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const head = [tag];
  if (length < 0x80) head.push(length);
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
    head.push(0x80 | bytes.length, ...bytes);
  }
  const out = new Uint8Array(head.length + length);
  out.set(head);
  let at = head.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const seq = (...parts: readonly Uint8Array[]) => tlv(0x30, ...parts);

/** SET OF in DER order: members sorted by their encodings. */
export const setOf = (...parts: readonly Uint8Array[]) => tlv(0x31, ...sortedEncodings(parts));

function sortedEncodings(parts: readonly Uint8Array[]): Uint8Array[] {
  return [...parts].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });
}

export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const NULL = new Uint8Array([0x05, 0x00]);

export function smallInteger(value: number): Uint8Array {
  return tlv(0x02, new Uint8Array(value < 0x80 ? [value] : [value >> 8, value & 0xff]));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const body: number[] = [];
  const push = (n: number) => {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    body.push(...chunk);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(0x06, new Uint8Array(body));
}

/** UTF-16BE, as BMPString and Authenticode's SpcString carry text. */
export function utf16be(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) >>> 8;
    out[2 * i + 1] = text.charCodeAt(i) & 0xff;
  }
  return out;
}
