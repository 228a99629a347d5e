import { SignetError } from '../../errors';
import { SIGSTORE_AUDIENCE } from './identity-token';

/**
 * An identity token the environment already holds, as CI gives one: `SIGSTORE_ID_TOKEN`, or GitHub
 * Actions' OIDC request variables (the job needs `id-token: write`). Undefined when there is none,
 * and then the person logs in in their browser.
 */
export async function ambientIdentityToken(
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const given = env.SIGSTORE_ID_TOKEN?.trim();
  if (given) return given;
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) return undefined;
  const url = new URL(requestUrl);
  url.searchParams.set('audience', SIGSTORE_AUDIENCE);
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${requestToken}` },
      redirect: 'error',
      signal: AbortSignal.timeout(20_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const value = ((await response.json()) as { value?: unknown }).value;
    if (typeof value === 'string' && value !== '') return value;
    throw new Error('no token in the answer');
  } catch (error) {
    throw new SignetError(
      'io',
      `GitHub Actions did not hand over an identity token (${error instanceof Error ? error.message : String(error)}); does the job have "id-token: write"? Nothing was signed.`,
    );
  }
}
