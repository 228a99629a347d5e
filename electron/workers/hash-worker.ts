// worker_threads entry for hashing off the main thread; bundled to dist/workers/hash-worker.cjs.
import { parentPort } from 'node:worker_threads';
import { serveHashRequests } from '../core/hashing/hash-worker-service';

if (!parentPort) throw new Error('hash-worker must run as a worker thread.');
serveHashRequests(parentPort);
