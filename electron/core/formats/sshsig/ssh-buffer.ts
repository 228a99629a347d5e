import { concatBytes } from '../../encoding/bytes';
import { utf8OrUndefined } from '../../encoding/utf8';
import { FormatError } from '../../errors';

/**
 * Reads the SSH wire encoding (RFC 4251 section 5): u32 big-endian, and `string` = u32 length then
 * that many bytes. Every length is checked against what is left, so a damaged blob can only ever
 * produce a FormatError naming `what`.
 */
export class SshReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  readBytes(length: number, field: string): Uint8Array {
    if (length > this.remaining) {
      throw new FormatError(`${this.what} is cut short (while reading the ${field}).`);
    }
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  readU32(field: string): number {
    const b = this.readBytes(4, field);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  readString(field: string): Uint8Array {
    const length = this.readU32(field);
    return this.readBytes(length, field);
  }

  /** A string that must be text: valid UTF-8 and no NUL (OpenSSH's sshbuf_get_cstring refuses NUL). */
  readText(field: string): string {
    const raw = this.readString(field);
    if (raw.includes(0)) throw new FormatError(`${this.what} has a ${field} containing a NUL byte.`);
    const text = utf8OrUndefined(raw);
    if (text === undefined) throw new FormatError(`${this.what} has a ${field} that is not valid text.`);
    return text;
  }

  /** Refuses trailing bytes: anything after the last field could hide a second meaning. */
  end(): void {
    if (this.remaining !== 0) {
      throw new FormatError(`${this.what} has ${this.remaining} unexpected bytes at the end.`);
    }
  }
}

export function sshU32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, false);
  return out;
}

export function sshString(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return concatBytes(sshU32(bytes.length), bytes);
}
