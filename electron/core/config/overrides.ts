/**
 * Environment variables that exist for tests and portable use. A packaged app honours none of them:
 * SIGNET_HASH_WORKER would load any JavaScript into the main process (a worker has full Node, which
 * defeats the runAsNode and NODE_OPTIONS fuses), and SIGNET_CONFIG_DIR / SIGNET_MANAGED_TRUST_FILE
 * would swap the trust list a person or their organisation set up.
 */
export interface TestOverrides {
  configDir?: string;
  managedTrustFile?: string;
  hashWorker?: string;
}

export interface RunContext {
  /** Electron's `app.isPackaged`; the CLI run by Node is never packaged. */
  packaged: boolean;
}

type Env = Record<string, string | undefined>;

/** What the environment may change in this run: nothing at all when packaged. */
export function applicableOverrides(context: RunContext, env: Env): TestOverrides {
  if (context.packaged) return {};
  const overrides: TestOverrides = {};
  if (env.SIGNET_CONFIG_DIR) overrides.configDir = env.SIGNET_CONFIG_DIR;
  if (env.SIGNET_MANAGED_TRUST_FILE) overrides.managedTrustFile = env.SIGNET_MANAGED_TRUST_FILE;
  if (env.SIGNET_HASH_WORKER) overrides.hashWorker = env.SIGNET_HASH_WORKER;
  return overrides;
}

/**
 * Until the Electron glue says otherwise, code running inside Electron counts as packaged: a
 * forgotten declaration then leaves the overrides off, never on.
 */
let current: RunContext = { packaged: 'electron' in process.versions };

/** Called once by the Electron main process, before anything reads a path: `app.isPackaged`. */
export function declareRunContext(context: RunContext): void {
  current = { packaged: context.packaged };
}

export function runContext(): RunContext {
  return current;
}

/** The overrides that apply to this process, read from its environment now. */
export function activeOverrides(env: Env = process.env): TestOverrides {
  return applicableOverrides(current, env);
}
