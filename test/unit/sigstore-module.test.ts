import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../electron/core/errors';
import { firstBadBase64Field } from '../../electron/core/formats/sigstore/base64-fields';
import { statedText } from '../../electron/core/formats/sigstore/check-details';
import { matchInTotoSubject } from '../../electron/core/formats/sigstore/dsse-subject';
import { looksLikeSigstoreBundle } from '../../electron/core/formats/sigstore/media-types';
import { sigstoreModule } from '../../electron/core/formats/sigstore/module';
import { verifyPrehashed } from '../../electron/core/formats/sigstore/prehashed-verify';
import {
  findTrustedIdentity,
  type SigstoreTrustEntry,
  sigstoreEntrySchema,
} from '../../electron/core/formats/sigstore/trust-entry';
import {
  publicGoodTrustedRoot,
  trustedRootFromBytes,
  trustedRootFromJson,
} from '../../electron/core/formats/sigstore/trusted-root';
import { refuseAllPolicy, standardPolicy } from '../../electron/core/policy/verify-policy';
import { makeManagedKeyBundle, makeTestLog } from '../helpers/sigstore-managed-bundle';

const text = (s: string) => new TextEncoder().encode(s);

describe('recognising a bundle by its content', () => {
  it.each([
    [
      'v0.1',
      '{"mediaType": "application/vnd.dev.sigstore.bundle+json;version=0.1", "verificationMaterial": {}}',
    ],
    ['v0.3', '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}'],
    [
      'media type after a large certificate',
      `{"verificationMaterial":{"certificate":{"rawBytes":"${'A'.repeat(9000)}"}},"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}`,
    ],
    [
      'a byte-order mark and white space first',
      '\uFEFF \n {"mediaType" : "application/vnd.dev.sigstore.bundle+json;version=0.2"}',
    ],
    [
      'an unknown future version (parse names it)',
      '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.9+json"}',
    ],
  ])('%s', (_what, head) => {
    expect(sigstoreModule.recognise(text(head))).toBe(true);
  });

  it.each([
    ['a trusted root', '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}'],
    ['a minisign signature', 'untrusted comment: signature from minisign secret key\nRWQf6LRCGA9i5'],
    ['an SSH signature', '-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n'],
    ['JSON without a media type', '{"verificationMaterial":{}}'],
    [
      'a media type that is only mentioned in a string',
      '["\\"mediaType\\": \\"application/vnd.dev.sigstore.bundle.v0.3+json\\""]',
    ],
    ['nothing', ''],
  ])('not %s', (_what, head) => {
    expect(looksLikeSigstoreBundle(text(head))).toBe(false);
  });

  it('refuses a bundle over 1 MiB before parsing it', () => {
    const big = text(
      `{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","x":"${'A'.repeat(1024 * 1024)}"}`,
    );
    expect(() => sigstoreModule.parse(big)).toThrow(FormatError);
  });

  it('an unknown version is a plain refusal that says so', () => {
    expect(() =>
      sigstoreModule.parse(text('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.9+json"}')),
    ).toThrow(/version Signet does not read/);
  });

  it('describes itself as the registry expects', () => {
    expect(sigstoreModule.id).toBe('sigstore');
    expect(sigstoreModule.accepts).toEqual(['sigstore']);
    expect(sigstoreModule.suffixes).toEqual(['.sigstore.json', '.sigstore', '.bundle']);
  });
});

describe('trusted roots', () => {
  it('the public-good root ships with the app and is dated by its newest key', () => {
    const root = publicGoodTrustedRoot();
    expect(root.root.tlogs.length).toBeGreaterThan(0);
    expect(root.root.certificateAuthorities.length).toBeGreaterThan(0);
    expect(root.source).toContain('public-good');
    const starts = [
      ...root.root.tlogs.map((t) => t.publicKey?.validFor?.start),
      ...root.root.certificateAuthorities.map((c) => c.validFor?.start),
    ].map((d) => d?.getTime() ?? 0);
    expect(root.newestKeyFrom.getTime()).toBeGreaterThanOrEqual(Math.max(...starts));
  });

  it('a root from a file replaces it; one without a start of validity is refused', () => {
    const json = makeTestLog(new Date('2026-01-02T00:00:00Z')).trustedRootJson as {
      tlogs: { publicKey: { validFor: object } }[];
    };
    const loaded = trustedRootFromJson(json, 'my-root.json');
    expect(loaded.newestKeyFrom.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    const first = json.tlogs[0];
    if (first) first.publicKey.validFor = {};
    expect(() => trustedRootFromJson(json, 'my-root.json')).toThrow(/without a start of validity/);
  });

  it.each([
    ['not JSON', '{'],
    ['a bundle instead', '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}'],
    [
      'wrong field types',
      '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":5}',
    ],
  ])('%s is a one-line refusal', (_what, body) => {
    expect(() => trustedRootFromBytes(text(body), 'root.json')).toThrow(FormatError);
  });
});

describe('identity and trust entries', () => {
  const stored = {
    kind: 'sigstore',
    keyId: 'sigstore:0123456789abcdef',
    identity: 'https://github.com/org/repo/.github/workflows/release.yml@refs/tags/v1',
    issuer: 'https://token.actions.githubusercontent.com',
    name: 'org releases',
    addedAt: '2026-12-01T10:00:00.000Z',
  };
  const entry: SigstoreTrustEntry = { ...sigstoreEntrySchema.parse(stored), source: 'user' };

  it('matches only the exact identity and issuer', () => {
    expect(findTrustedIdentity({ identity: entry.identity, issuer: entry.issuer }, [entry])).toBe(entry);
    for (const stated of [
      { identity: `${entry.identity}x`, issuer: entry.issuer },
      { identity: entry.identity.slice(1), issuer: entry.issuer },
      { identity: 'https://github.com/org/repo', issuer: entry.issuer },
      { identity: entry.identity, issuer: `${entry.issuer}/` },
      { identity: entry.identity },
      {},
    ]) {
      expect(findTrustedIdentity(stated, [entry])).toBeUndefined();
    }
  });

  it('an entry treats pattern characters as plain text', () => {
    const pattern = { ...entry, identity: 'https://github.com/org/.*' };
    expect(
      findTrustedIdentity({ identity: 'https://github.com/org/evil', issuer: entry.issuer }, [pattern]),
    ).toBeUndefined();
  });

  it.each([
    ['no issuer', { issuer: undefined }],
    ['an empty identity', { identity: '' }],
    ['another kind', { kind: 'minisign' }],
  ])('the schema refuses %s', (_what, change) => {
    expect(sigstoreEntrySchema.safeParse({ ...stored, ...change }).success).toBe(false);
  });
});

describe('verifying a signature over a digest computed while streaming', () => {
  const message = Buffer.from('the artifact, streamed once');
  const sha256 = createHash('sha256').update(message).digest();
  const sha512 = createHash('sha512').update(message).digest();

  it.each([
    ['P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' })],
    ['P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' })],
    ['RSA-2048', generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ])('%s: what Node signs over the message verifies against its digest, and nothing else', (_what, pair) => {
    const sig256 = sign('sha256', message, pair.privateKey);
    const sig512 = sign('sha512', message, pair.privateKey);
    expect(verifyPrehashed(pair.publicKey, 'sha256', sha256, sig256)).toBe(true);
    expect(verifyPrehashed(pair.publicKey, 'sha512', sha512, sig512)).toBe(true);
    const wrong = Buffer.from(sha256);
    wrong[0] = (wrong[0] ?? 0) ^ 1;
    expect(verifyPrehashed(pair.publicKey, 'sha256', wrong, sig256)).toBe(false);
    expect(verifyPrehashed(pair.publicKey, 'sha256', sha256, sig512)).toBe(false);
    expect(verifyPrehashed(pair.publicKey, 'sha256', sha256, Buffer.from('garbage'))).toBe(false);
  });

  it('a key that signs whole messages (Ed25519) is not guessed at', () => {
    const pair = generateKeyPairSync('ed25519');
    const signature = sign(null, message, pair.privateKey);
    expect(verifyPrehashed(pair.publicKey, 'sha256', sha256, signature)).toBeUndefined();
  });
});

describe('in-toto subjects', () => {
  const digest = createHash('sha256').update('a.txt contents').digest();
  const envelope = (statement: unknown, payloadType = 'application/vnd.in-toto+json') => ({
    payload: Buffer.from(JSON.stringify(statement)),
    payloadType,
    signatures: [],
  });

  it('covers the file only when a subject carries its SHA-256', () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'other', digest: { sha256: '00'.repeat(32) } },
        { name: 'a.txt', digest: { sha256: digest.toString('hex') } },
      ],
      predicateType: 'x',
    };
    expect(matchInTotoSubject(envelope(statement), digest)).toEqual({
      ok: true,
      subjectName: 'a.txt',
      predicateType: 'x',
    });
    expect(matchInTotoSubject(envelope({ ...statement, subject: [statement.subject[0]] }), digest)).toEqual({
      ok: false,
      why: 'no-matching-subject',
      // The names it does carry: a statement about another file is told apart from a changed one.
      names: ['other'],
    });
    expect(matchInTotoSubject(envelope(statement, 'text/plain'), digest)).toEqual({
      ok: false,
      why: 'not-in-toto',
    });
    expect(matchInTotoSubject(envelope({ ...statement, _type: 'x' }), digest)).toEqual({
      ok: false,
      why: 'not-in-toto',
    });
  });
});

describe('text a certificate states', () => {
  it('is shown on one line, hidden characters escaped as everywhere else, and length capped', () => {
    expect(statedText('a\nb\u0007c\u2028d\u202Ee', '-')).toBe('a\\u{A}b\\u{7}c\\u{2028}d\\u{202E}e');
    expect(statedText(undefined, '(none)')).toBe('(none)');
    expect(statedText('x'.repeat(1000), '-')).toHaveLength(301);
  });
});

describe('policy', () => {
  it('the module asks the policy about its hash before the artifact is read', () => {
    const parsed = { digestAlgorithm: 'sha256' } as Parameters<
      NonNullable<typeof sigstoreModule.precheck>
    >[0];
    expect(sigstoreModule.precheck?.(parsed, standardPolicy())).toEqual({ ok: true });
    expect(sigstoreModule.precheck?.(parsed, refuseAllPolicy)).toMatchObject({
      ok: false,
      rule: 'weak-hash',
    });
  });
});

describe('bytes fields must be base64', () => {
  it.each([
    ['standard, padded', { messageSignature: { signature: 'MEUCIQ==' } }, undefined],
    ['URL-safe, unpadded', { dsseEnvelope: { payload: 'eyJf-_8' } }, undefined],
    [
      'wrapped at 76 columns as `base64` prints it',
      { x: { signedTimestamp: `${'A'.repeat(76)}\n${'A'.repeat(4)}` } },
      undefined,
    ],
    [
      'junk characters',
      { messageSignature: { signature: 'INVALID!!!BASE64====' } },
      'messageSignature.signature',
    ],
    [
      'a space inside',
      { verificationMaterial: { tlogEntries: [{ logId: { keyId: 'AAAA AAAA' } }] } },
      'verificationMaterial.tlogEntries[0].logId.keyId',
    ],
    ['one bad hash in a list', { inclusionProof: { hashes: ['AAAA', 'A'] } }, 'inclusionProof.hashes'],
  ])('%s', (_what, json, bad) => {
    expect(firstBadBase64Field(json)).toBe(bad);
  });
});

describe('the module with the trust material a job gives it', () => {
  const log = makeTestLog();
  const signer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const artifact = Buffer.from('release notes\n');
  const publicKeyPem = signer.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const bundle = makeManagedKeyBundle({
    log,
    artifact,
    signature: sign('sha256', artifact, signer.privateKey),
    publicKeyPem,
  });
  const parsed = sigstoreModule.parse(Buffer.from(JSON.stringify(bundle)));
  const facts = {
    size: artifact.length,
    digests: { sha256: createHash('sha256').update(artifact).digest() },
    suffixed: [],
  };
  const run = (material: Parameters<typeof sigstoreModule.check>[2]['material']) =>
    sigstoreModule.check(parsed, facts, { trust: [], material, policy: standardPolicy(), what: 'The file' });
  const root = { json: log.trustedRootJson, source: 'test-root.json' };

  it('verifies with the given root and key, named by where the key came from', async () => {
    const result = await run({
      caRoots: [],
      sigstoreTrustedRoot: root,
      sigstorePublicKey: { key: Buffer.from(publicKeyPem), source: 'release key' },
    });
    expect(result).toMatchObject({
      outcome: 'valid',
      signerName: 'release key',
      signedAtSource: 'transparency-log',
    });
    const details = Object.fromEntries((result.details ?? []).map((d) => [d.label, d.value]));
    expect(details['Trust root']).toBe('test-root.json');
    expect(details['Transparency log index']).toBe('0');
  });

  it('refuses a trusted root or key it cannot read, in one plain sentence', async () => {
    const badRoot = await run({
      caRoots: [],
      sigstoreTrustedRoot: { json: { mediaType: 'nope' }, source: 'bad-root.json' },
    });
    expect(badRoot).toMatchObject({ outcome: 'refused' });
    expect(badRoot.reason).toBe('The trusted root bad-root.json is not a Sigstore trusted root.');
    const badKey = await run({
      caRoots: [],
      sigstoreTrustedRoot: root,
      sigstorePublicKey: { key: Buffer.from('garbage'), source: 'k.pub' },
    });
    expect(badKey).toMatchObject({
      outcome: 'refused',
      reason: 'The key given (k.pub) is not a public key.',
    });
  });

  it('never verifies when the digest it needs is missing', async () => {
    const result = await sigstoreModule.check(
      parsed,
      { size: 0, digests: {}, suffixed: [] },
      {
        trust: [],
        material: {
          caRoots: [],
          sigstoreTrustedRoot: root,
          sigstorePublicKey: { key: Buffer.from(publicKeyPem), source: 'k' },
        },
        policy: standardPolicy(),
        what: 'The file',
      },
    );
    expect(result.outcome).toBe('invalid');
  });
});
