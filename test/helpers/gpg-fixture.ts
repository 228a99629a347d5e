import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type OpenPgpTrustEntry, openPgpTrustEntries } from '../../electron/core/formats/openpgp/trust-entry';
import { type GpgHome, makeGpgHome } from './gpg';
import { gpgvTokens, signetCheck, sqvAccepts, type Verdict } from './gpg-oracles';

const DAY = 86_400_000;
const NOW = Date.now();
export const ago = (days: number) => new Date(NOW - days * DAY);

/** One judged case: what Signet, gpgv (status tokens) and sqv each say about one signature. */
export interface GpgCase {
  sig: string;
  data: string;
  /** Names of keys (in `fpr`/`trust`) that are trusted: Signet's trust list, gpgv's and sqv's keyring. */
  trusted: string[];
  signet: Verdict;
  /** Status tokens gpgv must print, and tokens it must not. */
  gpg: { has: string[]; not?: string[] };
  /** sqv's answer, or 'skip' where sqv cannot judge (it refuses the algorithm or the format). */
  sqv: boolean | 'skip';
}

export interface SignOptions {
  armor?: boolean;
  textmode?: boolean;
  digest?: string;
  time?: Date;
  clear?: boolean;
}

/** A gpg home with named keys, their trust entries, and the three-way comparison. */
export class GpgFixture {
  readonly fpr: Record<string, string> = {};
  readonly trust: Record<string, OpenPgpTrustEntry> = {};

  private constructor(readonly h: GpgHome) {}

  static async create(): Promise<GpgFixture> {
    return new GpgFixture(await makeGpgHome());
  }

  /** Makes a key named `name` and, unless `trusted` is false, a trust entry for it. */
  async key(
    name: string,
    algo: string,
    usage: string,
    expire: string,
    time: Date,
    trusted = true,
  ): Promise<string> {
    const fingerprint = await this.h.genKey(
      `${name} <${name.toLowerCase()}@example.org>`,
      algo,
      usage,
      expire,
      time,
    );
    this.fpr[name] = fingerprint;
    if (trusted) this.trust[name] = await this.entryFor(name, fingerprint);
    return fingerprint;
  }

  async entryFor(name: string, fingerprint: string): Promise<OpenPgpTrustEntry> {
    const cert = (await this.h.exportCert(fingerprint)) as string;
    const [entry] = await openPgpTrustEntries(cert, {
      name,
      source: 'user',
      addedAt: new Date(NOW).toISOString(),
    });
    if (!entry) throw new Error('no entry');
    return entry;
  }

  /** Re-reads a key's certificate after gpg changed it (revoked, expiry set). */
  async refresh(name: string): Promise<void> {
    this.trust[name] = await this.entryFor(name, this.fpr[name] as string);
  }

  async sign(out: string, signer: string, file: string, options: SignOptions = {}): Promise<string> {
    const path = join(this.h.dir, out);
    const args = [
      '--yes',
      '-u',
      `${signer}!`,
      ...(options.armor ? ['--armor'] : []),
      ...(options.textmode ? ['--textmode'] : []),
      ...(options.digest ? ['--digest-algo', options.digest] : []),
      '--output',
      path,
      options.clear ? '--clearsign' : '--detach-sign',
      file,
    ];
    const result = await this.h.gpg(args, { time: options.time });
    if (result.status !== 0) throw new Error(`gpg sign failed: ${result.stderr}`);
    return path;
  }

  async keyring(...names: string[]): Promise<Uint8Array> {
    const parts = await Promise.all(
      names.map((n) => this.h.exportCert(this.fpr[n] as string, false) as Promise<Uint8Array>),
    );
    return new Uint8Array(Buffer.concat(parts));
  }

  async expectCase(c: GpgCase): Promise<void> {
    const entries = c.trusted.map((k) => this.trust[k] as OpenPgpTrustEntry);
    const signet = await signetCheck(c.sig, c.data, entries);
    expect(signet.verdict, signet.check?.reason).toBe(c.signet);
    const ring = await this.keyring(...c.trusted);
    const tokens = await gpgvTokens(ring, this.h.dir, c.sig, c.data);
    for (const t of c.gpg.has) expect(tokens).toContain(t);
    for (const t of c.gpg.not ?? []) expect(tokens).not.toContain(t);
    if (c.sqv !== 'skip') {
      const certPath = join(this.h.dir, `ring-${c.trusted.join('-')}.pgp`);
      await writeFile(certPath, ring);
      expect(await sqvAccepts(certPath, c.sig, c.data)).toBe(c.sqv);
    }
  }

  close(): Promise<void> {
    return this.h.close();
  }
}
