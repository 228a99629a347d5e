import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/run';

// Probe files written into the tree for one run, then removed: each breaks a process boundary the
// way a real mistake would, and Biome or the process's own tsconfig must refuse it.
const root = resolve(__dirname, '../..');
const written: string[] = [];
afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
});

function probe(dir: string, text: string): string {
  const path = join(root, dir, `probe-boundary-${process.pid}-${written.length}.ts`);
  writeFileSync(path, text);
  written.push(path);
  return path;
}

async function lint(file: string): Promise<{ status: number; output: string }> {
  const r = await run(join(root, 'node_modules/.bin/biome'), ['lint', file], { cwd: root });
  return { status: r.status, output: r.stdout + r.stderr };
}

async function typecheck(project: string, file: string): Promise<{ status: number; output: string }> {
  const r = await run(join(root, 'node_modules/.bin/tsc'), ['-p', project], { cwd: root });
  return {
    status: r.status,
    output: r.stdout
      .split('\n')
      .filter((l) => l.includes(file))
      .join('\n'),
  };
}

describe('process boundaries (Biome noRestrictedImports)', () => {
  it.each([
    [
      'renderer/components/verdict-details',
      "import { verifyArtifact } from '../../../electron/core/verify/verify-artifact';",
    ],
    ['renderer', "import { plainMessage } from '../electron/core/errors';"],
    ['renderer/lib', "import { readFile } from 'node:fs/promises';"],
    ['shared/ipc', "import { plainMessage } from '../../electron/core/errors';"],
    ['shared', "import { bridge } from '../renderer/lib/bridge';"],
    ['shared', "import { createHash } from 'node:crypto';"],
    ['shared', "import { useState } from 'react';"],
  ])('a file in %s may not say %s', async (dir, line) => {
    const file = probe(dir, `${line}\nexport const probe = 1;\n`);
    const { status, output } = await lint(file);
    expect(status).not.toBe(0);
    expect(output).toContain('noRestrictedImports');
  });

  it('the renderer may import shared/', async () => {
    const file = probe(
      'renderer/lib',
      "import { printable } from '../../shared/printable';\nexport const probe = printable;\n",
    );
    expect((await lint(file)).status).toBe(0);
  });
});

describe('process globals (one tsconfig per process)', () => {
  it('Node globals fail in the renderer and in shared/, the DOM fails in electron/', async () => {
    probe('renderer/lib', "export const probe = Buffer.from('x').length + process.pid;\n");
    probe('shared', 'export const probe = document.title;\n');
    probe('electron/core', 'export const probe = window.location.href;\n');
    const [r, s, c] = await Promise.all([
      typecheck('tsconfig.renderer.json', 'renderer/lib/probe-boundary'),
      typecheck('tsconfig.shared.json', 'shared/probe-boundary'),
      typecheck('tsconfig.electron.json', 'electron/core/probe-boundary'),
    ]);
    expect(r.output).toMatch(/Cannot find name 'Buffer'/);
    expect(r.output).toMatch(/Cannot find name 'process'/);
    expect(s.output).toMatch(/Cannot find name 'document'/);
    expect(c.output).toMatch(/Cannot find name 'window'/);
  }, 120_000);
});
