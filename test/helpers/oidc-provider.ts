import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OidcProvider {
  /** The issuer URL (http://127.0.0.1:PORT), as tokens name it and the signing configuration lists it. */
  issuer: string;
  /** What the login page does when the browser opens it. */
  mode: 'approve' | 'deny' | 'ignore';
  /** Claims of the next token it hands out (email, aud, exp …), over the defaults. */
  claims: Record<string, unknown>;
  /** Each authorization request's query, as the browser opened it. */
  requests: URLSearchParams[];
  /** A signed token with these claims, as CI's ambient token would be. */
  mint(claims?: Record<string, unknown>): string;
  close(): Promise<void>;
}

/**
 * A small OIDC provider on loopback: discovery, an authorization endpoint that "logs the person
 * in" by redirecting at once to the given loopback redirect (or answers access_denied, or never
 * answers), and a token endpoint that checks the PKCE verifier against the challenge before it
 * hands over an ES256-signed identity token.
 */
export async function startOidcProvider(defaults: { email?: string } = {}): Promise<OidcProvider> {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const codes = new Map<string, { challenge: string; redirectUri: string; nonce: string | null }>();
  const provider: OidcProvider = {
    issuer: '',
    mode: 'approve',
    claims: {},
    requests: [],
    mint(claims = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        iss: provider.issuer,
        sub: 'user-1234',
        email: defaults.email ?? 'alice@signet.test',
        email_verified: true,
        aud: 'sigstore',
        iat: now,
        exp: now + 600,
        ...provider.claims,
        ...claims,
      };
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signed = `${part({ alg: 'ES256', typ: 'JWT', kid: 'test' })}.${part(payload)}`;
      const signature = sign('sha256', Buffer.from(signed), {
        key: keys.privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return `${signed}.${signature.toString('base64url')}`;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', provider.issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: provider.issuer,
          authorization_endpoint: `${provider.issuer}/auth`,
          token_endpoint: `${provider.issuer}/token`,
        }),
      );
      return;
    }
    if (url.pathname === '/auth') {
      const query = url.searchParams;
      provider.requests.push(query);
      if (provider.mode === 'ignore') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Sign in here (no one will).</p>');
        return;
      }
      const back = new URL(query.get('redirect_uri') ?? '');
      back.searchParams.set('state', query.get('state') ?? '');
      if (provider.mode === 'deny') back.searchParams.set('error', 'access_denied');
      else {
        const code = randomBytes(16).toString('hex');
        codes.set(code, {
          challenge: query.get('code_challenge') ?? '',
          redirectUri: query.get('redirect_uri') ?? '',
          nonce: query.get('nonce'),
        });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const issued = codes.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const ok =
          issued !== undefined &&
          form.get('grant_type') === 'authorization_code' &&
          form.get('redirect_uri') === issued.redirectUri &&
          createHash('sha256').update(verifier).digest('base64url') === issued.challenge;
        if (!ok) {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
          return;
        }
        codes.delete(form.get('code') ?? '');
        const token = provider.mint(issued.nonce ? { nonce: issued.nonce } : {});
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id_token: token, access_token: 'unused', token_type: 'bearer' }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}

/** What a browser does with the login URL: follows the redirects, to the app's loopback listener. */
export async function browserOpens(url: string): Promise<void> {
  await fetch(url, { redirect: 'follow' }).then((response) => response.text());
}
