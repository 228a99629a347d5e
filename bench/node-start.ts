import { spawnSync } from 'node:child_process';
import { median } from './sizes';

/**
 * When this machine sets NODE_EXTRA_CA_CERTS, every Node process (Signet, the floors, `node -e 0`)
 * reads and parses that file before its first line runs, and the C tools compared do not: the
 * report says what it costs here, `node -e 0` with and without it (medians of 7, alternating).
 */
export function extraCaCertsNote(): string | undefined {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  const withIt: number[] = [];
  const without: number[] = [];
  const { NODE_EXTRA_CA_CERTS: _set, NODE_OPTIONS: _options, ...clean } = process.env;
  const time = (env: NodeJS.ProcessEnv) => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let round = 0; round < 7; round++) {
    withIt.push(time({ ...clean, NODE_EXTRA_CA_CERTS: file }));
    without.push(time(clean));
  }
  return `- NODE_EXTRA_CA_CERTS is set here (${file}): Node parses it at every start, before any of Signet's code runs; \`node -e 0\` takes ${median(withIt).toFixed(1)} ms with it and ${median(without).toFixed(1)} ms without (medians of 7). Every Node process in these rows (Signet, its floors, \`node -e 0\`) pays it; the C tools do not.`;
}
