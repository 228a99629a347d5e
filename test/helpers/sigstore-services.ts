import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RFC3161Timestamp } from '@sigstore/core';
import {
  fulcioHandler,
  type HandlerFn,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
} from '@sigstore/mock';

/** What a service does when asked: answer as the mock does, or fail in one of the ways tests need. */
type Fault = 'none' | 'down' | 'refuse' | 'garbage';

export interface SigstoreServices {
  fulcioUrl: string;
  rekorUrl: string;
  tsaUrl: string;
  /** The instance's trusted root (CA, CT log, Rekor, TSA), as a trusted_root.json document. */
  trustedRoot: Record<string, unknown>;
  /** The signing configuration naming these services and the given OIDC issuer. */
  signingConfig(oidcUrl: string, options?: { tsa?: boolean }): Record<string, unknown>;
  faults: { fulcio: Fault; rekor: Fault; tsa: Fault };
  /** Requests each service answered, to show a refusal sent nothing further. */
  calls: { fulcio: number; rekor: number; tsa: number };
  close(): Promise<void>;
}

/**
 * Fulcio, Rekor and a timestamp authority from @sigstore/mock, each served by node:http on
 * 127.0.0.1 (the mock's own helpers intercept requests in-process; these are real sockets, as
 * the app and the CLI reach them). `logClock` sets the log's time, for a clock far from it.
 */
export async function startSigstoreServices(options: { logClock?: Date } = {}): Promise<SigstoreServices> {
  const key = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ctKeys = key();
  const ctlog = await initializeCTLog(ctKeys);
  const ca = await initializeCA(key(), ctlog);
  const faults: SigstoreServices['faults'] = { fulcio: 'none', rekor: 'none', tsa: 'none' };
  const calls: SigstoreServices['calls'] = { fulcio: 0, rekor: 0, tsa: 0 };
  const servers: Server[] = [];
  const serve = async (name: keyof typeof faults, handler: () => { path: string; fn: HandlerFn }) => {
    const server = createServer((req, res) => answer(req, res, name, handler(), faults, calls));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  // The log's origin (in its checkpoints) is its address, so the log is made once the port is known.
  let rekorFn: { path: string; fn: HandlerFn } | undefined;
  const rekorKeys = key();
  const rekorUrl = await serve('rekor', () => rekorFn!);
  const tlog = await initializeTLog(rekorUrl, rekorKeys, options.logClock);
  rekorFn = rekorHandler(tlog);
  const fulcioFn = fulcioHandler(ca, { subjectClaim: 'email' });
  const fulcioUrl = await serve('fulcio', () => fulcioFn);
  const tsa = await initializeTSA(key());
  const tsaFn = tsaHandler(tsa);
  const tsaUrl = `${await serve('tsa', () => tsaFn)}/api/v1/timestamp`;
  const start = new Date(Date.now() - 24 * 3600_000).toISOString();
  const spki = (k: { publicKey: KeyObject }) => k.publicKey.export({ format: 'der', type: 'spki' });
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: rekorUrl,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: b64(spki(rekorKeys)),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start },
        },
        logId: { keyId: b64(createHash('sha256').update(spki(rekorKeys)).digest()) },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: fulcioUrl,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate as Uint8Array) }] },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: fulcioUrl,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: b64(spki(ctKeys)),
          keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          validFor: { start },
        },
        logId: { keyId: b64(ctlog.logID as Uint8Array) },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore-tsa' },
        uri: tsaUrl,
        certChain: {
          certificates: [
            { rawBytes: b64(tsa.intCertificate as Uint8Array) },
            { rawBytes: b64(tsa.rootCertificate as Uint8Array) },
          ],
        },
        validFor: { start },
      },
    ],
  };
  const service = (url: string) => ({
    url,
    majorApiVersion: 1,
    validFor: { start },
    operator: 'signet.test',
  });
  return {
    fulcioUrl,
    rekorUrl,
    tsaUrl,
    trustedRoot,
    signingConfig: (oidcUrl, { tsa: withTsa = true } = {}) => ({
      mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
      caUrls: [service(fulcioUrl)],
      oidcUrls: [service(oidcUrl)],
      rekorTlogUrls: [service(rekorUrl)],
      tsaUrls: withTsa ? [service(tsaUrl)] : [],
      rekorTlogConfig: { selector: 'ANY' },
      ...(withTsa ? { tsaConfig: { selector: 'ANY' } } : {}),
    }),
    faults,
    calls,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

/**
 * The mock's timestamp drops trailing zeros of its milliseconds (".64Z"), which sigstore-js reads
 * as no time at all, one time in ten: such an answer is made again, as a real TSA's never has it.
 */
async function readableTimestamp(fn: HandlerFn, body: string): ReturnType<HandlerFn> {
  for (let attempt = 0; ; attempt++) {
    const answer = await fn(body);
    if (answer.statusCode !== 201 || attempt === 20) return answer;
    try {
      void RFC3161Timestamp.parse(Buffer.from(answer.response as unknown as Uint8Array)).signingTime;
      return answer;
    } catch {
      // made again below
    }
  }
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  name: keyof SigstoreServices['faults'],
  handler: { path: string; fn: HandlerFn },
  faults: SigstoreServices['faults'],
  calls: SigstoreServices['calls'],
): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    calls[name]++;
    const fault = faults[name];
    if (fault === 'down') {
      req.socket.destroy();
      return;
    }
    if (fault === 'refuse') {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"refused"}');
      return;
    }
    if (fault === 'garbage') {
      res
        .writeHead(201, { 'content-type': 'application/timestamp-reply' })
        .end(Buffer.from('not a timestamp at all'));
      return;
    }
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== handler.path) {
      res.writeHead(404).end();
      return;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    (name === 'tsa' ? readableTimestamp(handler.fn, body) : handler.fn(body))
      .then(({ statusCode, response, contentType }) => {
        res.writeHead(statusCode, { 'content-type': contentType ?? 'text/plain' }).end(response);
      })
      .catch(() => res.writeHead(500).end());
  });
}
