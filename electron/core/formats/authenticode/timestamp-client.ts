import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { plainMessage, SignetError } from '../../errors';
import { asSequence, parseDer } from './der';
import { NULL, octetString, oid, seq, smallInteger, tlv } from './der-write';
import { OID } from './oids';
import { encoding, readSignerData } from './signed-data';

const SHA256 = '2.16.840.1.101.3.4.2.1';
/** A reply is a token of a few KiB with its chain; far more is not a time-stamping server. */
const MAX_REPLY = 256 * 1024;
const DEFAULT_TIMEOUT_MS = 20_000;

export interface TimestampOptions {
  /** Per server; a server that does not answer in time counts as failing. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Checks a token as a verifier will (its signature, the authority's chain to a trusted root and
   * its time-stamping usage); returns why not, or undefined when it is good.
   */
  check(token: Uint8Array): string | undefined;
}

/** Why each server failed, in order, when none gave a usable timestamp. */
export class TimestampFailure extends SignetError {
  constructor(readonly failures: readonly { url: string; reason: string }[]) {
    super(
      'io',
      `No time-stamping server gave a usable timestamp, so nothing was signed. ${failures
        .map((f) => `${f.url}: ${f.reason}`)
        .join('; ')}.`,
    );
    this.name = 'TimestampFailure';
  }
}

/**
 * An RFC 3161 timestamp over `signatureValue` (the SignerInfo's signature, as Authenticode has it
 * stamped): a SHA-256 request with a random nonce asking for the authority's certificates, sent to
 * each URL in turn until one answers with a token whose status, imprint and nonce are right and
 * which `check` accepts. Returns the token (a ContentInfo, DER).
 */
export async function requestTimestamp(
  signatureValue: Uint8Array,
  urls: readonly string[],
  options: TimestampOptions,
): Promise<{ token: Uint8Array; url: string }> {
  const imprint = createHash('sha256').update(signatureValue).digest();
  const failures: { url: string; reason: string }[] = [];
  for (const url of urls) {
    const nonce = randomBytes(8);
    nonce[0] = (nonce[0]! & 0x7f) | 0x01;
    const request = seq(
      smallInteger(1),
      seq(seq(oid(SHA256), NULL), octetString(imprint)),
      tlv(0x02, nonce),
      new Uint8Array([0x01, 0x01, 0xff]),
    );
    try {
      const reply = await post(url, request, options);
      const token = tokenOf(reply);
      const problem = checkReply(token, imprint, nonce) ?? options.check(token);
      if (problem) throw new Error(problem);
      return { token, url };
    } catch (error) {
      if (options.signal?.aborted) throw error;
      failures.push({ url, reason: reasonOf(error) });
    }
  }
  throw new TimestampFailure(failures);
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'it did not answer in time';
  if (error instanceof Unreachable) return 'it could not be reached';
  return error instanceof Error && !('code' in error) ? error.message : plainMessage(error);
}

/** The connection failed before any answer (refused, reset, no such host). */
class Unreachable extends Error {}

/** The module `post` will use for the first server, loaded on a later turn of the loop (signing calls this before its copy). */
export function preloadHttpClient(urls: readonly string[]): void {
  const first = urls[0];
  if (first === undefined) return;
  // Node loads its HTTP client on first use: some milliseconds otherwise spent after the digest.
  setImmediate(() => {
    (/^https:/i.test(first) ? import('node:https') : import('node:http')).catch(() => {});
  });
}

/**
 * One POST through node:http(s), not fetch: Node's fetch loads undici on first use, ~35 ms of CPU
 * and ~50 ms of waiting right where signing waits for the stamp (measured on a loopback server).
 * Redirects are not followed, as fetch with `redirect: 'error'` did not.
 */
async function post(url: string, body: Uint8Array, options: TimestampOptions): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(url)) throw new Error('it is not an http or https address');
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const { request } = /^https:/i.test(url) ? await import('node:https') : await import('node:http');
  return new Promise<Uint8Array>((resolve, reject) => {
    let answered = false;
    const fail = (error: unknown) => {
      // Whatever the socket says once the signal fired, the reason is the signal's (timeout or cancel).
      if (signal.aborted) reject(signal.reason);
      else reject(answered || !(error instanceof Error) ? error : new Unreachable(error.message));
    };
    const sent = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/timestamp-query',
          accept: 'application/timestamp-reply',
          'content-length': body.length,
        },
        signal,
      },
      (response) => {
        answered = true;
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          response.destroy();
          reject(new Error(`it answered HTTP ${status}`));
          return;
        }
        const parts: Buffer[] = [];
        let total = 0;
        response.on('data', (part: Buffer) => {
          total += part.length;
          if (total > MAX_REPLY) {
            response.destroy();
            reject(new Error('its answer is too large to be a timestamp'));
            return;
          }
          parts.push(part);
        });
        response.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
        response.on('error', fail);
        response.on('aborted', () => fail(new Error('its answer was cut short')));
      },
    );
    sent.on('error', fail);
    sent.end(body);
  });
}

/** TimeStampResp: the status must be granted (0) or granted with modifications (1). */
function tokenOf(reply: Uint8Array): Uint8Array {
  const what = 'time-stamping server’s answer';
  let fields: asn1js.AsnType[];
  try {
    fields = asSequence(parseDer(reply, what), what);
  } catch {
    throw new Error('its answer is not a timestamp reply');
  }
  const [statusInfo, token] = fields;
  const [status] = asSequence(statusInfo, what);
  const code = status instanceof asn1js.Integer ? status.valueBlock.valueDec : -1;
  if (code !== 0 && code !== 1) throw new Error(`it refused the request (status ${code})`);
  if (!token) throw new Error('its answer holds no timestamp');
  return encoding(token);
}

function checkReply(token: Uint8Array, imprint: Uint8Array, nonce: Uint8Array): string | undefined {
  const data = readSignerData(token, OID.tstInfo, 'timestamp', 3);
  const content = data.signedData.encapContentInfo.eContent;
  if (!(content instanceof asn1js.OctetString)) return 'its timestamp is damaged';
  const tst = new pkijs.TSTInfo({ schema: parseDer(new Uint8Array(content.getValue()), 'timestamp') });
  if (tst.messageImprint.hashAlgorithm.algorithmId !== SHA256)
    return 'it stamped with another hash than SHA-256';
  const stamped = new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!Buffer.from(stamped).equals(imprint)) return 'it stamped something other than this signature';
  const answered = tst.nonce ? new Uint8Array(tst.nonce.valueBlock.valueHexView) : undefined;
  if (!answered || !Buffer.from(answered).equals(nonce))
    return 'its answer does not carry the request’s nonce';
  return undefined;
}
