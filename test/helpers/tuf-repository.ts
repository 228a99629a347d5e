import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A TUF repository made at test time and served on loopback: root, timestamp, snapshot and targets
 * metadata signed here with Ed25519 keys (Node's crypto), holding one `trusted_root.json` target,
 * as Sigstore's public-good repository does. Each publish makes a new version of every role but
 * root; tests can serve stale, expired or wrongly signed metadata to see the client refuse it.
 */

type Role = 'root' | 'targets' | 'snapshot' | 'timestamp';

interface TufKey {
  id: string;
  privateKey: KeyObject;
  json: { keytype: 'ed25519'; scheme: 'ed25519'; keyval: { public: string } };
}

export interface PublishOptions {
  /** When every new role expires (default: in 30 days). */
  expires?: Date;
  /** Which role is signed by a key the root does not name. */
  badSignature?: Role;
}

/** OLPC canonical JSON as TUF signs it: sorted keys, no spaces (the values here are plain ASCII). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function makeKey(): TufKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const json = { keytype: 'ed25519' as const, scheme: 'ed25519' as const, keyval: { public: raw } };
  return { id: createHash('sha256').update(canonical(json)).digest('hex'), privateKey, json };
}

function signRole(body: Record<string, unknown>, key: TufKey): Buffer {
  const sig = sign(null, Buffer.from(canonical(body)), key.privateKey).toString('hex');
  return Buffer.from(JSON.stringify({ signatures: [{ keyid: key.id, sig }], signed: body }));
}

const iso = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export class TufRepository {
  private readonly keys: Record<Role, TufKey> = {
    root: makeKey(),
    targets: makeKey(),
    snapshot: makeKey(),
    timestamp: makeKey(),
  };
  private readonly stranger = makeKey();
  /** What the server answers, by URL path. */
  readonly files = new Map<string, Buffer>();
  /** Every path asked for, in order. */
  readonly requests: string[] = [];
  /** Every version's metadata, so a test can serve an older one again. */
  readonly published: Map<string, Buffer>[] = [];
  private version = 0;
  /** Every root.json published, by its version. */
  private readonly roots = new Map<number, Buffer>();
  private server: Server | undefined;
  /** When set, the server takes requests and never answers them. */
  silent = false;
  url = '';

  /** Writes the first root.json, the client's seed, and returns its path. */
  writeSeed(dir: string): string {
    const file = path.join(dir, 'tuf-seed-root.json');
    this.roots.set(1, this.rootMetadata(1, this.keys.root));
    writeFileSync(file, this.roots.get(1)!);
    return file;
  }

  /**
   * A new root.json that names a new timestamp key, signed by the root key (or, with `badSignature`,
   * by a key the trusted root does not name). Served from the next publish on.
   */
  rotateTimestampKey(options: { badSignature?: boolean } = {}): void {
    const version = Math.max(...this.roots.keys()) + 1;
    const previous = this.keys.timestamp;
    this.keys.timestamp = makeKey();
    this.roots.set(
      version,
      this.rootMetadata(version, options.badSignature ? this.stranger : this.keys.root),
    );
    // A refused root leaves the old timestamp key in force: keep the repository honest about it.
    if (options.badSignature) this.keys.timestamp = previous;
  }

  /** Takes back the newest root.json (one the client refused), so a good one can take its version. */
  withdrawNewestRoot(): void {
    this.roots.delete(Math.max(...this.roots.keys()));
  }

  private rootMetadata(version: number, signer: TufKey): Buffer {
    const role = (r: Role) => ({ keyids: [this.keys[r].id], threshold: 1 });
    const body = {
      _type: 'root',
      spec_version: '1.0.31',
      version,
      expires: iso(new Date(Date.now() + 365 * 24 * 3600_000)),
      consistent_snapshot: false,
      keys: Object.fromEntries(Object.values(this.keys).map((k) => [k.id, k.json])),
      roles: {
        root: role('root'),
        targets: role('targets'),
        snapshot: role('snapshot'),
        timestamp: role('timestamp'),
      },
    };
    return signRole(body, signer);
  }

  /** A new version of targets, snapshot and timestamp naming `trustedRoot` as the target. */
  publish(trustedRoot: unknown, options: PublishOptions = {}): void {
    this.version++;
    const version = this.version;
    const expires = iso(options.expires ?? new Date(Date.now() + 30 * 24 * 3600_000));
    const keyFor = (r: Role) => (options.badSignature === r ? this.stranger : this.keys[r]);
    const target = Buffer.from(JSON.stringify(trustedRoot));
    const targets = signRole(
      {
        _type: 'targets',
        spec_version: '1.0.31',
        version,
        expires,
        targets: {
          'trusted_root.json': {
            length: target.length,
            hashes: { sha256: createHash('sha256').update(target).digest('hex') },
          },
        },
      },
      keyFor('targets'),
    );
    const snapshot = signRole(
      {
        _type: 'snapshot',
        spec_version: '1.0.31',
        version,
        expires,
        meta: { 'targets.json': { version } },
      },
      keyFor('snapshot'),
    );
    const timestamp = signRole(
      {
        _type: 'timestamp',
        spec_version: '1.0.31',
        version,
        expires,
        meta: { 'snapshot.json': { version } },
      },
      keyFor('timestamp'),
    );
    const files = new Map<string, Buffer>([
      ...[...this.roots].map(([v, root]) => [`/${v}.root.json`, root] as [string, Buffer]),
      ['/timestamp.json', timestamp],
      ['/snapshot.json', snapshot],
      ['/targets.json', targets],
      ['/targets/trusted_root.json', target],
    ]);
    this.published.push(files);
    this.serve(files);
  }

  /** Serves these files (a version published earlier: a rollback). */
  serve(files: Map<string, Buffer>): void {
    this.files.clear();
    for (const [k, v] of files) this.files.set(k, v);
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.requests.push(request.url ?? '');
      if (this.silent) return;
      const body = this.files.get(request.url ?? '');
      if (!body) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
