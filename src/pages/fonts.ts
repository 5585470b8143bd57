import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the pages' stylesheet loads the font from. */
export const FONT_CSS_URL = '/assets/fonts/noto-sans-sc.css';

/** The weights the pages use (600 falls to 700). */
const WEIGHTS = ['400', '700'];

/**
 * The pages' CJK font, Noto Sans SC from `@fontsource/noto-sans-sc`, served from node_modules so pages look and
 * print the same on any machine, with no system font. Fontsource's CSS splits each weight into ~100 subsets by
 * `unicode-range`, so a browser fetches only the subsets a page's characters need. Plain fastify routes like the
 * docs' assets (src/docs/docs.ts), outside the API's guards: a font is no secret.
 */
export function setupFonts(app: NestFastifyApplication): void {
  const root = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));
  const css = WEIGHTS.map((w) => readFileSync(join(root, `${w}.css`), 'utf8'))
    .join('\n')
    .replace(/, url\(\.\/files\/[^)]+\.woff\) format\('woff'\)/g, '')
    .replace(/url\(\.\/files\//g, `url(${dirname(FONT_CSS_URL)}/`);
  const known = new Set([...css.matchAll(/url\([^)]*\/([^/)]+\.woff2)\)/g)].map((m) => m[1]));
  const files = new Map<string, Buffer>();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(FONT_CSS_URL, (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(css));
  fastify.get<{ Params: { file: string } }>(`${dirname(FONT_CSS_URL)}/:file`, (req, reply) => {
    const name = req.params.file;
    if (!known.has(name)) return reply.status(404).send({ statusCode: 404, code: 'notFound', message: { zh: '资源不存在', en: 'Not found' }, details: [] });
    let body = files.get(name);
    if (!body) {
      body = readFileSync(join(root, 'files', name));
      files.set(name, body);
    }
    return reply.type('font/woff2').header('cache-control', 'public, max-age=604800, immutable').send(body);
  });
}
