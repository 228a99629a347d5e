import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from './measure';

/** One thread's share of a floor: these digests, each over `bytes` bytes already in memory. */
export interface FloorLane {
  algorithms: string[];
  bytes: number;
}

/**
 * The floor of a row (issue 21): the least any Node program can take for the same digests — Node's
 * start-up, then Node's own hash primitives over one 1 MiB buffer fed as many times as the file
 * has MiB, no file read at all. The first lane runs on the main thread, every other lane on its
 * own worker thread started at once (what a row that hashes on two cores needs as well).
 */
const FLOOR_SCRIPT = `'use strict';
const { createHash } = require('node:crypto');
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const MIB = 1024 * 1024;
function lane({ algorithms, bytes }) {
  const chunk = Buffer.alloc(MIB, 0x5a);
  const hashes = algorithms.map((algorithm) => createHash(algorithm));
  for (let done = 0; done < bytes; done += MIB) {
    const piece = bytes - done >= MIB ? chunk : chunk.subarray(0, bytes - done);
    for (const hash of hashes) hash.update(piece);
  }
  for (const hash of hashes) hash.digest();
}
if (isMainThread) {
  const lanes = JSON.parse(process.argv[2]);
  for (const other of lanes.slice(1)) new Worker(__filename, { workerData: other });
  lane(lanes[0]);
} else {
  lane(workerData);
}
`;

/** The command that times a floor; the script is written once into the bench's data folder. */
export function floorCommand(dataDir: string, lanes: FloorLane[]): Command {
  const dir = join(dataDir, 'harness');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'floor.cjs');
  writeFileSync(script, FLOOR_SCRIPT);
  return {
    file: process.execPath,
    args: [script, JSON.stringify(lanes)],
    env: { ...process.env, NODE_OPTIONS: undefined },
  };
}

/** A floor of one lane: `algorithms` over `bytes`, on the main thread. */
export const oneLane = (algorithms: string[], bytes: number): FloorLane[] => [{ algorithms, bytes }];

/** A floor with each digest on its own thread, as Signet spreads several digests of a large file. */
export const lanePerDigest = (algorithms: string[], bytes: number): FloorLane[] =>
  algorithms.map((algorithm) => ({ algorithms: [algorithm], bytes }));
