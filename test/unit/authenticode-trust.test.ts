import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anchorsOf, checkChain } from '../../electron/core/formats/authenticode/chain';
import {
  publisherPinFor,
  storedPublisherSchema,
  thumbprintOf,
} from '../../electron/core/formats/authenticode/publisher-entry';
import { pemCertificates } from '../../electron/core/formats/authenticode/system-roots';
import { standardPolicy } from '../../electron/core/policy/verify-policy';
import { run } from '../helpers/run';
import { tempDir } from '../helpers/temp-dir';
import { CA_EXTENSIONS, CODE_SIGNING_EXTENSIONS, issue, selfSigned } from '../helpers/x509-ca';

const CODE = { oid: '1.3.6.1.5.5.7.3.3', label: 'signing programs', leaf: 'the publisher’s certificate' };

describe('publisher trust entries', () => {
  it('accept a thumbprint, or a subject with its root, and nothing less', () => {
    const base = { kind: 'x509', keyId: 'acme', name: 'Acme', addedAt: '2026-01-01T00:00:00.000Z' };
    expect(storedPublisherSchema.safeParse({ ...base, thumbprintSha256: 'a'.repeat(64) }).success).toBe(true);
    expect(
      storedPublisherSchema.safeParse({ ...base, subject: 'O=Acme', rootSha256: 'b'.repeat(64) }).success,
    ).toBe(true);
    expect(storedPublisherSchema.safeParse({ ...base, subject: 'O=Acme' }).success).toBe(false);
    // As openssl prints it (upper case, colons): read as Signet writes it.
    const openssl = Array.from({ length: 32 }, () => 'AB').join(':');
    expect(storedPublisherSchema.parse({ ...base, thumbprintSha256: openssl }).thumbprintSha256).toBe(
      'ab'.repeat(32),
    );
    expect(storedPublisherSchema.safeParse({ ...base, thumbprintSha256: 'G'.repeat(64) }).success).toBe(
      false,
    );
    expect(storedPublisherSchema.safeParse(base).success).toBe(false);
  });

  it('pins a certificate by the SHA-256 of its DER, from PEM as from DER', async () => {
    const dir = await tempDir();
    const cert = await selfSigned(dir, 'pub', '/O=Pinned/CN=Pinned', {
      extensions: CODE_SIGNING_EXTENSIONS,
      key: 'ec',
    });
    const { readFile } = await import('node:fs/promises');
    const pem = await readFile(cert.cert, 'latin1');
    const der = new Uint8Array(new X509Certificate(pem).raw);
    const fromOpenssl = (
      await run('openssl', ['x509', '-in', cert.cert, '-noout', '-fingerprint', '-sha256'])
    ).stdout;
    const expected = fromOpenssl.split('=')[1]!.trim().replace(/:/g, '').toLowerCase();
    expect(thumbprintOf(der)).toBe(expected);
    expect(publisherPinFor(pem, 'Pinned', new Date(0)).thumbprintSha256).toBe(expected);
    expect(publisherPinFor(der, 'Pinned', new Date(0)).thumbprintSha256).toBe(expected);
    expect(() => publisherPinFor('not a certificate', 'x', new Date(0))).toThrow(/not a certificate/);
    expect(pemCertificates(`junk\n${pem}\nmore junk\n${pem}`)).toHaveLength(2);
  });
});

describe('chain building', () => {
  it('stops on a loop of CAs that cross-sign each other, naming where the chain ends', async () => {
    const dir = await tempDir();
    const a = await selfSigned(dir, 'a', '/CN=Loop A', { ca: true, key: 'ec' });
    const b = await issue(dir, 'b', '/CN=Loop B', a, CA_EXTENSIONS, { key: 'ec' });
    // A again, this time issued by B: A → B → A' → B … with valid signatures all the way.
    const aByB = await issue(dir, 'a2', '/CN=Loop A', b, CA_EXTENSIONS, { key: 'ec' });
    const leaf = await issue(dir, 'leaf', '/O=Loop Leaf', b, CODE_SIGNING_EXTENSIONS, { key: 'ec' });
    const load = async (p: string) =>
      new X509Certificate(await (await import('node:fs/promises')).readFile(p));
    const pool = await Promise.all([a.cert, b.cert, aByB.cert].map(load));
    const started = Date.now();
    const result = checkChain(await load(leaf.cert), pool, anchorsOf([]), CODE, new Date(), standardPolicy());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toBe('untrusted-root');
    const trusted = checkChain(
      await load(leaf.cert),
      pool,
      anchorsOf([new Uint8Array(pool[0]!.raw)]),
      CODE,
      new Date(),
      standardPolicy(),
    );
    expect(trusted.ok).toBe(true);
  });

  it('refuses an issuer that is not a CA, even when its signature is right', async () => {
    const dir = await tempDir();
    const root = await selfSigned(dir, 'root', '/CN=Root', { ca: true, key: 'ec' });
    const notCa = await issue(dir, 'not-ca', '/CN=Not A CA', root, CODE_SIGNING_EXTENSIONS, { key: 'ec' });
    const leaf = await issue(dir, 'leaf', '/O=Under Not A CA', notCa, CODE_SIGNING_EXTENSIONS, { key: 'ec' });
    const { readFile } = await import('node:fs/promises');
    const load = async (p: string) => new X509Certificate(await readFile(p));
    const rootDer = new Uint8Array((await load(root.cert)).raw);
    const result = checkChain(
      await load(leaf.cert),
      [await load(notCa.cert)],
      anchorsOf([rootDer]),
      CODE,
      new Date(),
      standardPolicy(),
    );
    expect(!result.ok && result.problem).toBe('not-a-ca');
  });
});
