import { randomBytes } from 'node:crypto';

export interface TinyPeOptions {
  /** Bytes of code in the one .text section (rounded up to the 512-byte file alignment). */
  codeSize?: number;
  format?: 'PE32' | 'PE32+';
  /** Extra bytes after the last section, as installers carry their payload. */
  overlay?: number;
}

/**
 * A minimal but well-formed Windows program: DOS header, PE header, optional header with 16 data
 * directories, one .text section of random bytes. Enough for osslsigncode and sbverify to sign and
 * check; never run.
 */
export function tinyPe(options: TinyPeOptions = {}): Buffer {
  const format = options.format ?? 'PE32+';
  const codeSize = Math.max(0x200, Math.ceil((options.codeSize ?? 0x400) / 0x200) * 0x200);
  const optionalSize = format === 'PE32+' ? 240 : 224;
  const headerSize = 0x200;
  const file = Buffer.alloc(headerSize + codeSize + (options.overlay ?? 0));
  randomBytes(codeSize).copy(file, headerSize);
  if (options.overlay) randomBytes(options.overlay).copy(file, headerSize + codeSize);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x40, 0x3c);
  file.write('PE\0\0', 0x40, 'latin1');
  const coff = 0x44;
  file.writeUInt16LE(format === 'PE32+' ? 0x8664 : 0x14c, coff);
  file.writeUInt16LE(1, coff + 2);
  file.writeUInt32LE(0x5f000000, coff + 4);
  file.writeUInt16LE(optionalSize, coff + 16);
  file.writeUInt16LE(format === 'PE32+' ? 0x22 : 0x102, coff + 18);
  const opt = coff + 20;
  file.writeUInt16LE(format === 'PE32+' ? 0x20b : 0x10b, opt);
  file.writeUInt32LE(codeSize, opt + 4);
  file.writeUInt32LE(0x1000, opt + 16);
  file.writeUInt32LE(0x1000, opt + 20);
  if (format === 'PE32+') file.writeBigUInt64LE(0x140000000n, opt + 24);
  else file.writeUInt32LE(0x400000, opt + 28);
  file.writeUInt32LE(0x1000, opt + 32);
  file.writeUInt32LE(0x200, opt + 36);
  file.writeUInt16LE(6, opt + 40);
  file.writeUInt16LE(6, opt + 48);
  file.writeUInt32LE(0x1000 + Math.ceil(codeSize / 0x1000) * 0x1000, opt + 56);
  file.writeUInt32LE(headerSize, opt + 60);
  file.writeUInt16LE(3, opt + 68);
  file.writeUInt16LE(0x8160, opt + 70);
  if (format === 'PE32+') {
    file.writeBigUInt64LE(0x100000n, opt + 72);
    file.writeBigUInt64LE(0x1000n, opt + 80);
    file.writeBigUInt64LE(0x100000n, opt + 88);
    file.writeBigUInt64LE(0x1000n, opt + 96);
    file.writeUInt32LE(16, opt + 108);
  } else {
    file.writeUInt32LE(0x100000, opt + 72);
    file.writeUInt32LE(0x1000, opt + 76);
    file.writeUInt32LE(0x100000, opt + 80);
    file.writeUInt32LE(0x1000, opt + 84);
    file.writeUInt32LE(16, opt + 92);
  }
  const section = opt + optionalSize;
  file.write('.text', section, 'latin1');
  file.writeUInt32LE(codeSize, section + 8);
  file.writeUInt32LE(0x1000, section + 12);
  file.writeUInt32LE(codeSize, section + 16);
  file.writeUInt32LE(headerSize, section + 20);
  file.writeUInt32LE(0x60000020, section + 36);
  return file;
}

/** Offset of the first byte of code in a tinyPe file. */
export const TINY_PE_CODE_OFFSET = 0x200;
