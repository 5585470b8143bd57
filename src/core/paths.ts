import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { StandardDirs } from './load.js';

/** The repository root: the nearest folder above this file holding package.json (works from src/ and dist/). */
export function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** The shipped `rules/` and `criteria/` folders. */
export function defaultDirs(): StandardDirs {
  const root = repoRoot();
  return { rulesDir: resolve(root, 'rules'), criteriaDir: resolve(root, 'criteria') };
}
