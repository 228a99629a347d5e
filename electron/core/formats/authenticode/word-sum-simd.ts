/**
 * The bulk of the PE checksum (pe-checksum.ts) with WebAssembly SIMD: little-endian 16-bit words
 * summed eight at a time, in place in a shared memory that the signing pass reads the file into.
 * Summed in JavaScript, one word at a time, 200 MB took ~50 ms of the copy's thread (more when the
 * machine was busy); here ~10 ms. Where WebAssembly, its SIMD or shared memories are unavailable
 * (a --jitless run), there is no summer and the checksum sums in JavaScript.
 *
 * The module is written out below, instruction by instruction, rather than shipped as a binary: it
 * is one small function, and the bytes are then reviewable here.
 */
export interface WordSummer {
  /** The memory to read the file into; only bytes inside it can be summed here. */
  readonly memory: SharedArrayBuffer;
  /**
   * Adds up the 16-bit little-endian words of `memory` from `byteOffset`, over the largest multiple
   * of SUMMED_TOGETHER bytes within `length`, as an exact integer (below 2^53 for any memory under
   * 4 GiB), and says how many bytes that covered.
   */
  sum(byteOffset: number, length: number): { total: number; bytes: number };
}

/** The summer takes bytes in runs of this many; the caller sums the rest. */
const SUMMED_TOGETHER = 64;
const PAGE = 65536;

/** The little of the WebAssembly API used here, which this TypeScript library does not declare. */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: {
    initial: number;
    maximum: number;
    shared: true;
  }) => { buffer: SharedArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** A summer with a shared memory of `bytes` (a multiple of 64 KiB), or undefined where it cannot run. */
export function simdWordSummer(bytes: number): WordSummer | undefined {
  if (bytes % PAGE !== 0) throw new RangeError('A WebAssembly memory is made of 64 KiB pages.');
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm?.validate(MODULE)) return undefined;
  let memory: { buffer: SharedArrayBuffer };
  try {
    memory = new wasm.Memory({ initial: bytes / PAGE, maximum: bytes / PAGE, shared: true });
  } catch {
    return undefined;
  }
  compiled ??= new wasm.Module(MODULE);
  const sum = new wasm.Instance(compiled, { m: { memory } }).exports.sum as (
    at: number,
    length: number,
  ) => number;
  const buffer = memory.buffer;
  return {
    memory: buffer,
    sum(byteOffset, length) {
      if (byteOffset < 0 || length < 0 || byteOffset + length > buffer.byteLength) {
        throw new RangeError('The bytes to sum are outside the summer’s memory.');
      }
      return { total: sum(byteOffset, length), bytes: length - (length % SUMMED_TOGETHER) };
    },
  };
}

let compiled: object | undefined;

/**
 * Each of the four 32-bit lanes takes two words per 16 bytes (at most 2 × 65535), so a run of
 * 256 KiB adds at most 16384 × 131070 < 2^32 to a lane: the lanes are added into a 64-bit total
 * after each run, and never wrap.
 */
const RUN_BYTES = 256 * 1024;

const unsigned = (n: number): number[] => {
  const out: number[] = [];
  do {
    const low = n & 0x7f;
    n >>>= 7;
    out.push(n ? low | 0x80 : low);
  } while (n);
  return out;
};
const signed = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(low & 0x40)) || (n === -1 && low & 0x40)) return [...out, low];
    out.push(low | 0x80);
  }
};
const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...unsigned(body.length), ...body];
const name = (text: string): number[] => [...unsigned(text.length), ...[...text].map((c) => c.charCodeAt(0))];

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  select: [0x1b],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  i32Const: (n: number) => [0x41, ...signed(n)],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32And: [0x71],
  i64Add: [0x7c],
  i64ExtendI32U: [0xad],
  f64ConvertI64U: [0xba],
  /** v128.load with no alignment promised, at `offset` past the address on the stack. */
  v128Load: (offset: number) => [0xfd, 0x00, 0x00, ...unsigned(offset)],
  i32x4Splat: [0xfd, 0x11],
  i32x4ExtractLane: (lane: number) => [0xfd, 0x1b, lane],
  /** Adjacent unsigned 16-bit lanes added into 32-bit lanes. */
  i32x4ExtaddPairwiseI16x8U: [0xfd, 0x7f],
  i32x4Add: [0xfd, 0xae, 0x01],
};

// sum(at, length) -> f64: locals 0 and 1 are the parameters.
const AT = 0;
const LENGTH = 1;
const END = 2;
const RUN_END = 3;
const LANES = 4;
const TOTAL = 5;

/** The lanes of 16 bytes at `offset` past AT, added to LANES' value on the stack. */
const addSixteen = (offset: number) => [
  ...op.get(AT),
  ...op.v128Load(offset),
  ...op.i32x4ExtaddPairwiseI16x8U,
  ...op.i32x4Add,
];
const addLane = (lane: number) => [
  ...op.get(LANES),
  ...op.i32x4ExtractLane(lane),
  ...op.i64ExtendI32U,
  ...op.i64Add,
];

const body = [
  ...vector([
    [2, I32],
    [1, V128],
    [1, I64],
  ]),
  // END = AT + LENGTH rounded down to SUMMED_TOGETHER.
  ...[...op.get(AT), ...op.get(LENGTH), ...op.i32Const(-SUMMED_TOGETHER), ...op.i32And, ...op.i32Add],
  ...op.set(END),
  ...op.block,
  ...op.loop,
  ...[...op.get(AT), ...op.get(END), ...op.i32GeU, ...op.brIf(1)],
  // RUN_END = min(AT + RUN_BYTES, END); LANES = 0.
  ...[...op.get(AT), ...op.i32Const(RUN_BYTES), ...op.i32Add, ...op.tee(RUN_END)],
  ...[...op.get(END), ...op.get(RUN_END), ...op.get(END), ...op.i32LtU, ...op.select, ...op.set(RUN_END)],
  ...[...op.i32Const(0), ...op.i32x4Splat, ...op.set(LANES)],
  ...op.loop,
  ...op.get(LANES),
  ...[0, 16, 32, 48].flatMap(addSixteen),
  ...op.set(LANES),
  ...[...op.get(AT), ...op.i32Const(SUMMED_TOGETHER), ...op.i32Add, ...op.tee(AT)],
  ...[...op.get(RUN_END), ...op.i32LtU, ...op.brIf(0)],
  ...op.end,
  // TOTAL += the four lanes.
  ...op.get(TOTAL),
  ...[0, 1, 2, 3].flatMap(addLane),
  ...op.set(TOTAL),
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...[...op.get(TOTAL), ...op.f64ConvertI64U],
  ...op.end,
];

const MAX_PAGES = 65536;
const MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  // Types: (i32, i32) -> f64.
  ...section(1, vector([[0x60, ...vector([[I32], [I32]]), ...vector([[F64]])]])),
  // Imports: m.memory, a shared memory of at least one page.
  ...section(
    2,
    vector([[...name('m'), ...name('memory'), 0x02, 0x03, ...unsigned(1), ...unsigned(MAX_PAGES)]]),
  ),
  ...section(3, vector([[0]])),
  ...section(7, vector([[...name('sum'), 0x00, 0]])),
  ...section(10, vector([[...unsigned(body.length), ...body]])),
]);
