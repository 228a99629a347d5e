import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** Product source files (electron/, renderer/, shared/) as [path from the root, text]. */
function productSources(): [string, string][] {
  const found: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) found.push([relative(ROOT, path), readFileSync(path, 'utf8')]);
    }
  };
  for (const top of ['electron', 'renderer', 'shared']) walk(join(ROOT, top));
  return found;
}

/** The product files whose text matches `pattern`. */
export function sourcesMatching(pattern: RegExp): string[] {
  return productSources()
    .filter(([, text]) => pattern.test(text))
    .map(([path]) => path);
}
