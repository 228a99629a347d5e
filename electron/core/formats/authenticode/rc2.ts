/**
 * RC2-CBC decryption (RFC 2268), only for reading PKCS#12 files: OpenSSL (`-legacy`) and older
 * Windows exports encrypt the certificates with 40-bit RC2, and neither Node's OpenSSL 3 (legacy
 * provider off) nor Electron's BoringSSL decrypts it. What it protects is the public chain; the
 * private key is under 3DES or AES, which Node decrypts itself.
 */
const PITABLE = Uint8Array.from(
  Buffer.from(
    'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32' +
      'bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
      '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a' +
      '961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
      '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e' +
      'c5f3db47e5a59c770aa62068fe7fc1ad',
    'hex',
  ),
);

function expandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const L = new Uint8Array(128);
  L.set(key);
  const T = key.length;
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1]! + L[i - T]!) & 0xff]!;
  const T8 = Math.ceil(effectiveBits / 8);
  const TM = 0xff % 2 ** (8 + effectiveBits - 8 * T8);
  L[128 - T8] = PITABLE[L[128 - T8]! & TM]!;
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1]! ^ L[i + T8]!]!;
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i]! | (L[2 * i + 1]! << 8);
  return K;
}

const ror = (x: number, n: number) => ((x >>> n) | (x << (16 - n))) & 0xffff;

function decryptBlock(K: Uint16Array, block: Uint8Array, out: Uint8Array): void {
  const R = [0, 1, 2, 3].map((i) => block[2 * i]! | (block[2 * i + 1]! << 8));
  const rot = [1, 2, 3, 5];
  let j = 63;
  const mix = () => {
    for (let i = 3; i >= 0; i--) {
      R[i] = ror(R[i]!, rot[i]!);
      R[i] =
        (R[i]! - K[j--]! - (R[(i + 3) % 4]! & R[(i + 2) % 4]!) - (~R[(i + 3) % 4]! & R[(i + 1) % 4]!)) &
        0xffff;
    }
  };
  const mash = () => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i]! - K[R[(i + 3) % 4]! & 63]!) & 0xffff;
  };
  for (let round = 0; round < 16; round++) {
    mix();
    if (round === 4 || round === 10) mash();
  }
  R.forEach((word, i) => {
    out[2 * i] = word & 0xff;
    out[2 * i + 1] = word >>> 8;
  });
}

/** Decrypts RC2-CBC with PKCS#7 padding; undefined when the padding is wrong (a wrong password). */
export function rc2CbcDecrypt(
  key: Uint8Array,
  effectiveBits: number,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array | undefined {
  if (data.length === 0 || data.length % 8 !== 0 || iv.length !== 8) return undefined;
  const K = expandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  const block = new Uint8Array(8);
  let previous = iv;
  for (let at = 0; at < data.length; at += 8) {
    const cipher = data.subarray(at, at + 8);
    decryptBlock(K, cipher, block);
    for (let i = 0; i < 8; i++) out[at + i] = block[i]! ^ previous[i]!;
    previous = cipher;
  }
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((b) => b !== pad)) return undefined;
  return out.subarray(0, out.length - pad);
}
