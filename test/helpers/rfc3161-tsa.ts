import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { run } from './run';
import type { Issued } from './x509-ca';

/**
 * How a test time-stamping server answers: 'good' (openssl ts -reply for the request), 'garbage'
 * (random bytes), 'other-digest' (a real token for some other data), 'silent' (never answers).
 */
export type TsaBehaviour = 'good' | 'garbage' | 'other-digest' | 'silent';

/**
 * An RFC 3161 time-stamping server on loopback: `openssl ts -reply` signs with the given TSA
 * certificate and chain. The test closes it.
 */
export async function startRfc3161Tsa(
  dir: string,
  tsa: Issued,
  chain: readonly string[],
  behaviour: TsaBehaviour = 'good',
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const config = join(dir, 'tsa.cnf');
  await writeFile(
    config,
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${join(dir, 'tsaserial')}`,
      'crypto_device = builtin',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'tsaserial'), '01\n', { flag: 'a' });
  const chainFile = join(dir, 'tsa-chain.pem');
  await writeFile(chainFile, (await Promise.all(chain.map((p) => readFile(p, 'latin1')))).join(''));
  let count = 0;
  const reply = async (query: Buffer): Promise<Buffer> => {
    const n = ++count;
    const queryFile = join(dir, `tsa-${n}-${randomBytes(3).toString('hex')}.tsq`);
    if (behaviour === 'other-digest') {
      const other = `${queryFile}.data`;
      await writeFile(other, randomBytes(32));
      const made = await run('openssl', [
        'ts',
        '-query',
        '-data',
        other,
        '-sha256',
        '-cert',
        '-out',
        queryFile,
      ]);
      if (made.status !== 0) throw new Error(made.stderr);
    } else {
      await writeFile(queryFile, query);
    }
    const out = `${queryFile}.tsr`;
    const args = ['ts', '-reply', '-config', config, '-queryfile', queryFile, '-signer', tsa.cert];
    args.push('-inkey', tsa.key, '-out', out, ...(chain.length ? ['-chain', chainFile] : []));
    const result = await run('openssl', args);
    if (result.status !== 0) throw new Error(result.stderr);
    return readFile(out);
  };
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (d: Buffer) => body.push(d));
    req.on('end', async () => {
      if (behaviour === 'silent') return;
      try {
        const answer = behaviour === 'garbage' ? randomBytes(200) : await reply(Buffer.concat(body));
        res.setHeader('content-type', 'application/timestamp-reply');
        res.end(answer);
      } catch {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
