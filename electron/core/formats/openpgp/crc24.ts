const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
    table[n] = crc & 0xffffff;
  }
  return table;
})();

/** RFC 9580 §6.1: the armor checksum, a byte at a time through a table (a keyring is megabytes). */
export function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of data) crc = ((crc << 8) ^ (TABLE[((crc >> 16) ^ byte) & 0xff] ?? 0)) & 0xffffff;
  return crc;
}
