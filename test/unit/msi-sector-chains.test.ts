import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { msiContentDigests, readMsiBytes } from '../../electron/core/formats/authenticode/msi';

const SECTOR = 512;
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const FAT_SECTOR = 0xfffffffd;
const NO_STREAM = 0xffffffff;

/**
 * A version 3 compound file made by hand: sector 0 the allocation table, sector 1 the directory,
 * then one large stream whose sectors lie out of order in the file (`order`: the file sector of
 * each of its sectors, in stream order), as a package edited in place by an MSI tool has them.
 */
function compoundFile(stream: Buffer, order: readonly number[], declaredSize = stream.length): Buffer {
  const sectors = 2 + order.length;
  const file = Buffer.alloc((sectors + 1) * SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(1, 0x2c);
  file.writeUInt32LE(1, 0x30);
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(END_OF_CHAIN, 0x3c);
  file.writeUInt32LE(END_OF_CHAIN, 0x44);
  for (let i = 0; i < 109; i++) file.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);
  const at = (sector: number) => (sector + 1) * SECTOR;
  const fat = Array.from({ length: SECTOR / 4 }, () => FREE);
  fat[0] = FAT_SECTOR;
  fat[1] = END_OF_CHAIN;
  order.forEach((sector, i) => {
    fat[sector] = i + 1 < order.length ? order[i + 1]! : END_OF_CHAIN;
    stream.copy(file, at(sector), i * SECTOR, Math.min(stream.length, (i + 1) * SECTOR));
  });
  for (const [i, word] of fat.entries()) file.writeUInt32LE(word, at(0) + i * 4);
  const entry = (id: number, name: string, type: number, child: number, start: number, size: number) => {
    const base = at(1) + id * 128;
    const nameBytes = Buffer.from(name, 'utf16le');
    nameBytes.copy(file, base);
    file.writeUInt16LE(nameBytes.length + 2, base + 0x40);
    file[base + 0x42] = type;
    file[base + 0x43] = 1;
    file.writeUInt32LE(NO_STREAM, base + 0x44);
    file.writeUInt32LE(NO_STREAM, base + 0x48);
    file.writeUInt32LE(child, base + 0x4c);
    file.writeUInt32LE(start, base + 0x74);
    file.writeUInt32LE(size, base + 0x78);
  };
  for (let id = 2; id < 4; id++) {
    const base = at(1) + id * 128;
    file.writeUInt32LE(NO_STREAM, base + 0x44);
    file.writeUInt32LE(NO_STREAM, base + 0x48);
    file.writeUInt32LE(NO_STREAM, base + 0x4c);
  }
  entry(0, 'Root Entry', 5, 1, END_OF_CHAIN, 0);
  entry(1, 'Payload', 2, NO_STREAM, order[0]!, declaredSize);
  return file;
}

describe('an installer package whose large stream lies in sectors out of order', () => {
  // Nine sectors and a bit: the last one is cut to the stream's size.
  const stream = randomBytes(8 * SECTOR + 77);
  const order = [2, 5, 3, 4, 8, 6, 7, 10, 9];

  it('hashes the stream in chain order, then the root CLSID, as it is signed', () => {
    const bytes = compoundFile(stream, order);
    const msi = readMsiBytes(bytes);
    const expected = createHash('sha256').update(stream).update(Buffer.alloc(16)).digest('hex');
    const { sha256 } = msiContentDigests(msi, bytes, ['sha256']);
    expect(Buffer.from(sha256!).toString('hex')).toBe(expected);
    expect(msi.compound.unaccountedAt).toBeUndefined();
  });

  it('refuses a chain shorter than the stream, one that loops, and one that leaves the file', () => {
    expect(() => readMsiBytes(compoundFile(stream, order, stream.length + SECTOR))).toThrow(/cut short/);
    const looping = compoundFile(stream, order);
    looping.writeUInt32LE(5, SECTOR + 9 * 4);
    expect(() => readMsiBytes(looping)).toThrow(/loops/);
    const outside = compoundFile(stream, order);
    outside.writeUInt32LE(4000, SECTOR + 9 * 4);
    expect(() => readMsiBytes(outside)).toThrow(/outside/);
  });

  // Sectors one after another are walked a run at a time: a run that is the whole stream is read
  // as one range, and a run that carries on past the file's last sector is still refused.
  it('reads a chain of consecutive sectors as one range, and refuses one that runs off the file', () => {
    const inOrder = [2, 3, 4, 5, 6, 7, 8, 9, 10];
    const bytes = compoundFile(stream, inOrder);
    const msi = readMsiBytes(bytes);
    const payload = msi.compound.root.children.find((child) => child.name === 'Payload')!;
    expect(msi.compound.rangesOf(payload)).toEqual([[3 * SECTOR, 3 * SECTOR + stream.length]]);
    expect(msi.compound.unaccountedAt).toBeUndefined();
    const runsOff = compoundFile(stream, inOrder);
    runsOff.writeUInt32LE(11, SECTOR + 10 * 4);
    expect(() => readMsiBytes(runsOff)).toThrow(/outside/);
    const runsBack = compoundFile(stream, inOrder);
    runsBack.writeUInt32LE(2, SECTOR + 10 * 4);
    expect(() => readMsiBytes(runsBack)).toThrow(/loops/);
  });
});
