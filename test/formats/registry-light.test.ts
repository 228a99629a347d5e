import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

// `import … from '…'` and `export … from '…'` at the start of a line, not type-only: what loads at
// run time. `await import(…)` (a descriptor's load) is not matched, as it loads only when called.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

/** Every file and package the registry loads before any format module is asked for. */
function staticGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(join(ROOT, file), 'utf8').matchAll(STATIC_IMPORT)) {
      if (!specifier?.startsWith('.')) {
        packages.add(specifier ?? '');
        continue;
      }
      const base = join(dirname(file), specifier);
      const found = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(join(ROOT, p)));
      if (!found) throw new Error(`${file}: cannot resolve ${specifier}`);
      visit(relative(ROOT, join(ROOT, found)));
    }
  };
  visit(entry);
  return { files: [...files], packages: [...packages] };
}

describe('the format registry stays light', () => {
  const graph = staticGraph('electron/core/formats/registry.ts');

  it('loads no library but Node’s own until a format module is needed', () => {
    expect(graph.packages.filter((p) => !p.startsWith('node:'))).toEqual([]);
  });

  it('loads no format module, only descriptors', () => {
    expect(graph.files.filter((f) => f.endsWith('/module.ts'))).toEqual([]);
    expect(graph.files.filter((f) => f.endsWith('/descriptor.ts')).length).toBeGreaterThan(0);
  });

  it('would see a library a module loads', () => {
    expect(staticGraph('electron/core/formats/authenticode/module.ts').packages).toContain('pkijs');
  });
});
