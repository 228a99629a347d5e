/** True when `bytes` starts with `text` (latin1): recognition reads only a signature's first bytes. */
export function startsWithText(bytes: Uint8Array, text: string): boolean {
  return (
    bytes.length >= text.length && Buffer.from(bytes.subarray(0, text.length)).toString('latin1') === text
  );
}

/** Start offsets of the first `count` lines. */
export function lineStarts(bytes: Uint8Array, count: number): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length && starts.length < count; i++) {
    if (bytes[i] === 0x0a) starts.push(i + 1);
  }
  return starts;
}
