import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { run } from './run';
import type { Issued } from './x509-ca';

/**
 * A local stand-in for an Authenticode (pre-RFC 3161) time-stamping server, for
 * `osslsigncode sign -t URL`. The request is base64 of TimeStampRequest
 * { 1.3.6.1.4.1.311.3.2.1, ContentInfo { data, [0] OCTET STRING signature } }; the answer is base64
 * of a PKCS#7 SignedData over those signature bytes, which `openssl cms -sign` makes (with the
 * signingTime, contentType and messageDigest attributes a countersignature carries).
 */
export async function startLegacyTsa(
  dir: string,
  tsa: Issued,
  chain: string[],
): Promise<{ url: string; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (d: Buffer) => body.push(d));
    req.on('end', async () => {
      try {
        const request = asn1js.fromBER(Buffer.from(Buffer.concat(body).toString('latin1'), 'base64'));
        const content = (request.result as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
        const wrapped = content.valueBlock.value[1] as asn1js.Constructed;
        const signature = (wrapped.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView;
        const input = join(dir, `legacy-ts-${++count}.bin`);
        await writeFile(input, signature);
        const output = `${input}.p7`;
        const certfile = `${input}.chain.pem`;
        await writeFile(certfile, (await Promise.all(chain.map((p) => readFile(p, 'latin1')))).join(''));
        const args = [
          'cms',
          '-sign',
          '-binary',
          '-nodetach',
          '-in',
          input,
          '-signer',
          tsa.cert,
          '-inkey',
          tsa.key,
        ];
        args.push(
          '-outform',
          'DER',
          '-md',
          'sha256',
          '-out',
          output,
          ...(chain.length ? ['-certfile', certfile] : []),
        );
        const signed = await run('openssl', args);
        if (signed.status !== 0) throw new Error(signed.stderr);
        res.setHeader('content-type', 'application/octet-stream');
        res.end((await readFile(output)).toString('base64'));
      } catch {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
