#!/usr/bin/env node
/**
 * Bundles the browser side of the pages (src/pages/client/*.page.ts and pages.css) with esbuild into
 * dist/assets/pages/, where the server serves them from. Run by `npm run build`; nothing is fetched at run time,
 * and no page carries an inline script (the CSP forbids them). CodeMirror comes from node_modules.
 */
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const client = join(root, 'src', 'pages', 'client');
/** `<name>.page.ts` → `<name>.js`, `<name>.css` → `<name>.css`. */
const entries = readdirSync(client)
  .filter((f) => f.endsWith('.page.ts') || f.endsWith('.css'))
  .map((f) => ({ in: join(client, f), out: f.replace(/\.page\.ts$/, '').replace(/\.css$/, '') }));

await build({
  entryPoints: entries,
  outdir: join(root, 'dist', 'assets', 'pages'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'none',
  logLevel: 'warning',
});
