import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpgHome, makeGpgHome, statusTokens } from '../helpers/gpg';
import { run, signet } from '../helpers/run';

// The CLI end to end (dist/cli/signet.mjs) on OpenPGP downloads made by the real gpg at test time,
// judged against gpg's own --status-fd tokens: a Node.js-style clearsigned SHASUMS256.txt.asc, a
// .asc beside an installer, plain lists with a detached .gpg/.sign, a revoked key, SHA-1.

let h: GpgHome;
let config: string;
const keys: Record<string, { fpr: string; cert: string }> = {};
const path = (name: string) => join(h.dir, name);

async function gpgOk(args: readonly string[]): Promise<void> {
  const r = await h.gpg(args);
  if (r.status !== 0) throw new Error(`gpg ${args.join(' ')}: ${r.stderr}`);
}

async function makeKey(name: string, algo: string): Promise<void> {
  const fpr = await h.genKey(`${name} <${name.toLowerCase()}@example.org>`, algo, 'sign', 'never');
  const cert = path(`${name}.asc`);
  await writeFile(cert, (await h.exportCert(fpr)) as string);
  keys[name] = { fpr, cert };
}

const sign = (signer: string, file: string, out: string, mode: string[]) =>
  gpgOk(['--yes', '-u', `${keys[signer]?.fpr}!`, ...mode, '--output', path(out), path(file)]);

/** gpg's verdict, from its status tokens, not its exit code. */
async function gpgSays(sig: string, data?: string): Promise<string[]> {
  const r = await h.gpg(['--status-fd', '1', '--verify', path(sig), ...(data ? [path(data)] : [])]);
  return statusTokens(r.stdout);
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

beforeAll(async () => {
  h = await makeGpgHome();
  config = path('config');
  await run('mkdir', ['-p', config]);
  await makeKey('Node', 'ed25519');
  await makeKey('Tor', 'rsa3072');
  await makeKey('Stranger', 'ed25519');
  await makeKey('Revoked', 'ed25519');
}, 120_000);

afterAll(() => h?.close());

describe('a Node.js-style clearsigned SHASUMS256.txt.asc', () => {
  beforeAll(async () => {
    await writeFile(path('node-v1.0.0.tar.gz'), 'node tarball\n'.repeat(5000));
    await writeFile(path('node-v1.0.0-x64.msi'), 'node installer\n'.repeat(5000));
    const sums = await run(
      'sh',
      ['-c', 'sha256sum node-v1.0.0.tar.gz node-v1.0.0-x64.msi > SHASUMS256.txt'],
      {
        cwd: h.dir,
      },
    );
    expect(sums.status, sums.stderr).toBe(0);
    await sign('Node', 'SHASUMS256.txt', 'SHASUMS256.txt.asc', ['--clearsign']);
    await sign('Node', 'SHASUMS256.txt', 'SHASUMS256.txt.sig', ['--detach-sign']);
  });

  it('verify finds the list beside the tarball: verified with the given certificate (exit 0)', async () => {
    expect(await gpgSays('SHASUMS256.txt.asc')).toContain('GOODSIG');
    const r = await signet(
      ['verify', path('node-v1.0.0.tar.gz'), '--pubkey', keys.Node!.cert, '--json'],
      config,
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ verdict: 'verified', format: 'checksum-list' });
    expect(json(r).keyId.replaceAll(' ', '')).toBe(keys.Node!.fpr);
    // A certificate given for this check alone is "the key you gave", never the trust list.
    expect(json(r)).toMatchObject({
      code: 'verified-through-list',
      vouchedBy: 'The key you gave',
      facts: {
        kind: 'checksum-list',
        list: 'SHASUMS256.txt.asc',
        signature: { kind: 'openpgp', givenKey: true },
      },
    });
    const human = await signet(['verify', path('node-v1.0.0.tar.gz'), '--pubkey', keys.Node!.cert], config);
    expect(human.stdout).toMatch(/Confirmed by\s+The key you gave/);
    expect(human.stdout).not.toContain('Your trust list');
  });

  it('check reads the entries from the signed text and checks every file (exit 0)', async () => {
    const r = await signet(
      ['check', path('SHASUMS256.txt.asc'), '--pubkey', keys.Node!.cert, '--json'],
      config,
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const result = json(r);
    expect(result.verdict).toBe('verified');
    expect(result.entries.map((e: { status: string }) => e.status)).toEqual(['ok', 'ok']);
  });

  it('the clearsigned file checked on its own verifies itself and says what it holds', async () => {
    const r = await signet(
      ['verify', path('SHASUMS256.txt.asc'), '--pubkey', keys.Node!.cert, '--json'],
      config,
    );
    expect(r.status, r.stdout).toBe(0);
    const result = json(r);
    expect(result.verdict).toBe('verified');
    expect(result.signedMessage.description).toBe('a checksum list of 2 files');
  });

  it('lines written above the armor are not entries: only the verified text counts', async () => {
    await writeFile(path('evil.bin'), 'evil\n');
    const evilHash = (await run('sha256sum', [path('evil.bin')])).stdout.split(' ')[0];
    const signed = await readFile(path('SHASUMS256.txt.asc'), 'utf8');
    await writeFile(path('SHASUMS256.txt.asc'), `${evilHash}  evil.bin\n${signed}`);
    try {
      const r = await signet(['verify', path('evil.bin'), '--pubkey', keys.Node!.cert, '--json'], config);
      expect(json(r).verdict).not.toBe('verified');
      expect(r.status).not.toBe(0);
    } finally {
      await writeFile(path('SHASUMS256.txt.asc'), signed);
    }
  });

  it('a changed line in the signed text is tampered (exit 1), as gpg says BADSIG', async () => {
    const signed = await readFile(path('SHASUMS256.txt.asc'), 'utf8');
    const changed = signed.replace(/^[0-9a-f]/m, (c) => (c === '0' ? '1' : '0'));
    await writeFile(path('changed.asc'), changed);
    expect(await gpgSays('changed.asc')).toContain('BADSIG');
    const r = await signet(['check', path('changed.asc'), '--pubkey', keys.Node!.cert, '--json'], config);
    expect(r.status).toBe(1);
    expect(json(r).verdict).toBe('tampered');
  });

  it('a changed plain SHASUMS256.txt is not vouched for by the clearsigned .asc beside it', async () => {
    const plain = await readFile(path('SHASUMS256.txt'), 'utf8');
    await writeFile(path('SHASUMS256.txt'), `${plain}${'0'.repeat(64)}  extra.bin\n`);
    try {
      expect(await gpgSays('SHASUMS256.txt.sig', 'SHASUMS256.txt')).toContain('BADSIG');
      const r = await signet(
        ['check', path('SHASUMS256.txt'), '--pubkey', keys.Node!.cert, '--json'],
        config,
      );
      expect(json(r).verdict).toBe('tampered');
      expect(r.status).toBe(1);
      // With only the clearsigned file beside it, the changed plain list is unsigned, never verified.
      await run('mv', [path('SHASUMS256.txt.sig'), path('SHASUMS256.txt.sig.away')]);
      const alone = await signet(
        ['check', path('SHASUMS256.txt'), '--pubkey', keys.Node!.cert, '--json'],
        config,
      );
      expect(json(alone).verdict).toBe('no-signature');
      expect(alone.status).toBe(1);
    } finally {
      await run('mv', [path('SHASUMS256.txt.sig.away'), path('SHASUMS256.txt.sig')]);
      await writeFile(path('SHASUMS256.txt'), plain);
    }
  });
});

describe('a .asc beside a Windows installer, and the trust list', () => {
  beforeAll(async () => {
    await writeFile(path('torbrowser-install.exe'), Buffer.alloc(300_000, 7));
    await sign('Tor', 'torbrowser-install.exe', 'torbrowser-install.exe.asc', ['--armor', '--detach-sign']);
  });

  it('is unknown-signer (exit 1) before its certificate is trusted', async () => {
    const r = await signet(['verify', path('torbrowser-install.exe'), '--json'], config);
    expect(r.status).toBe(1);
    expect(json(r)).toMatchObject({
      verdict: 'unknown-signer',
      code: 'key-not-trusted',
      format: 'openpgp-detached',
      facts: { kind: 'openpgp', userIds: [] },
    });
    // The key the signature names, said once: never "key key ID".
    expect(json(r).facts.issuer).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4})+$/);
    const human = await signet(['verify', path('torbrowser-install.exe')], config);
    expect(human.stdout).not.toMatch(/\bkey key\b/);
  });

  it('trust add of the certificate, then verify: verified with the trust list’s name, the User ID as a claim', async () => {
    expect(await gpgSays('torbrowser-install.exe.asc', 'torbrowser-install.exe')).toContain('GOODSIG');
    const add = await signet(['trust', 'add', keys.Tor!.cert, '--name', 'Tor Project (checked)'], config);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain(keys.Tor!.fpr);
    const r = await signet(['verify', path('torbrowser-install.exe'), '--json'], config);
    expect(r.status, r.stdout).toBe(0);
    const result = json(r);
    expect(result).toMatchObject({ verdict: 'verified', signerName: 'Tor Project (checked)' });
    expect(result.details).toContainEqual({ label: 'The key says', value: 'Tor <tor@example.org>' });
    expect(result.facts).toMatchObject({
      kind: 'openpgp',
      userIds: ['Tor <tor@example.org>'],
      givenKey: false,
    });
    const list = await signet(['trust', 'list', '--json'], config);
    expect(json(list).signers).toContainEqual(
      expect.objectContaining({ kind: 'openpgp', keyId: keys.Tor!.fpr }),
    );
  });

  it('one changed byte is tampered (exit 1), as gpg says BADSIG', async () => {
    const bytes = await readFile(path('torbrowser-install.exe'));
    bytes[1000] = (bytes[1000] ?? 0) ^ 1;
    await writeFile(path('torbrowser-changed.exe'), bytes);
    await writeFile(path('torbrowser-changed.exe.asc'), await readFile(path('torbrowser-install.exe.asc')));
    expect(await gpgSays('torbrowser-changed.exe.asc', 'torbrowser-changed.exe')).toContain('BADSIG');
    const r = await signet(['verify', path('torbrowser-changed.exe'), '--json'], config);
    expect(r.status).toBe(1);
    expect(json(r).verdict).toBe('tampered');
  });

  it('a binary certificate with two keys: trust add takes both', async () => {
    const ring = path('two.gpg');
    await gpgOk(['--yes', '--output', ring, '--export', keys.Stranger!.fpr, keys.Revoked!.fpr]);
    const add = await signet(['trust', 'add', ring, '--name', 'Two Keys'], config);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain(keys.Stranger!.fpr);
    expect(add.stdout).toContain(keys.Revoked!.fpr);
    for (const k of ['Stranger', 'Revoked'])
      expect((await signet(['trust', 'remove', keys[k]!.fpr], config)).status).toBe(0);
  });
});

describe('plain lists with a detached signature, and several signers', () => {
  beforeAll(async () => {
    await run('mkdir', ['-p', path('ubuntu')]);
    await writeFile(path('ubuntu/ubuntu.iso'), 'iso image\n'.repeat(10_000));
    await run('sh', ['-c', 'sha256sum ubuntu.iso > SHA256SUMS && sha512sum ubuntu.iso > SHA512SUMS'], {
      cwd: path('ubuntu'),
    });
    await sign('Node', 'ubuntu/SHA256SUMS', 'ubuntu/SHA256SUMS.gpg', ['--detach-sign']);
    await sign('Node', 'ubuntu/SHA512SUMS', 'ubuntu/SHA512SUMS.sign', ['--detach-sign']);
  });

  it('SHA256SUMS + .gpg and SHA512SUMS + .sign are found beside the file and checked', async () => {
    const r = await signet(
      ['verify', path('ubuntu/ubuntu.iso'), '--pubkey', keys.Node!.cert, '--json'],
      config,
    );
    expect(r.status, r.stdout).toBe(0);
    expect(json(r)).toMatchObject({ verdict: 'verified', format: 'checksum-list' });
    for (const list of ['SHA256SUMS', 'SHA512SUMS']) {
      const c = await signet(
        ['check', path(`ubuntu/${list}`), '--pubkey', keys.Node!.cert, '--json'],
        config,
      );
      expect(c.status, c.stdout).toBe(0);
      expect(json(c).verdict).toBe('verified');
    }
  });

  it('a file signed by a stranger and by a trusted key verifies, the other listed in details', async () => {
    await writeFile(path('multi.tar'), 'multi\n'.repeat(1000));
    await sign('Stranger', 'multi.tar', 'multi-1.sig', ['--detach-sign']);
    await sign('Node', 'multi.tar', 'multi-2.sig', ['--detach-sign']);
    const both = Buffer.concat([await readFile(path('multi-1.sig')), await readFile(path('multi-2.sig'))]);
    await writeFile(path('multi.tar.sig'), both);
    const tokens = await gpgSays('multi.tar.sig', 'multi.tar');
    expect(tokens.filter((t) => t === 'GOODSIG')).toHaveLength(2);
    const r = await signet(['verify', path('multi.tar'), '--pubkey', keys.Node!.cert, '--json'], config);
    expect(r.status, r.stdout).toBe(0);
    const result = json(r);
    expect(result.verdict).toBe('verified');
    expect(result.details.some((d: { label: string }) => d.label === 'Signature 1 of 2')).toBe(true);
  });
});

describe('keys and hashes that are never verified', () => {
  it('a revoked key (gpg’s own revocation certificate) gives unknown-signer, exit 1', async () => {
    await writeFile(path('old.tar'), 'old release\n');
    await sign('Revoked', 'old.tar', 'old.tar.sig', ['--detach-sign']);
    // gpg writes a revocation certificate for every new key, its armor line disarmed with a ':'.
    const rev = await readFile(join(h.dir, 'openpgp-revocs.d', `${keys.Revoked!.fpr}.rev`), 'utf8');
    const imported = await h.gpg(['--import'], { input: rev.replace(/^:-----/m, '-----') });
    expect(imported.status, imported.stderr).toBe(0);
    expect(await gpgSays('old.tar.sig', 'old.tar')).toContain('REVKEYSIG');
    const cert = path('revoked-cert.asc');
    await writeFile(cert, (await h.exportCert(keys.Revoked!.fpr)) as string);
    const r = await signet(['verify', path('old.tar'), '--pubkey', cert, '--json'], config);
    expect(r.status, r.stdout).toBe(1);
    const result = json(r);
    expect(result.verdict).toBe('unknown-signer');
    expect(result.code).toBe('key-revoked');
    expect(result.reason).toMatch(/withdr|revoked/i);
    // No "get their public key": adding the key again would not help.
    const human = await signet(['verify', path('old.tar'), '--pubkey', cert], config);
    expect(human.stdout).toContain('Ask the publisher for a copy signed with the key they use now.');
  });

  it('a SHA-1 signature is malformed, exit 2, and the reason names SHA-1', async () => {
    await writeFile(path('legacy.zip'), 'legacy\n');
    await sign('Node', 'legacy.zip', 'legacy.zip.asc', ['--armor', '--digest-algo', 'SHA1', '--detach-sign']);
    expect(await gpgSays('legacy.zip.asc', 'legacy.zip')).toContain('GOODSIG');
    const r = await signet(['verify', path('legacy.zip'), '--pubkey', keys.Node!.cert, '--json'], config);
    expect(r.status, r.stdout).toBe(2);
    const result = json(r);
    expect(result.verdict).toBe('malformed');
    expect(result.reason).toMatch(/SHA-1/);
  });

  it('a secret key given as --pubkey is refused with a sentence, exit 2', async () => {
    const secret = path('secret.asc');
    await gpgOk(['--yes', '--armor', '--output', secret, '--export-secret-keys', keys.Node!.fpr]);
    const r = await signet(['verify', path('legacy.zip'), '--pubkey', secret, '--json'], config);
    expect(r.status).toBe(2);
    expect(json(r).reason).toMatch(/secret key/);
  });
});
