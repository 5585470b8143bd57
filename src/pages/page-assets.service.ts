import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../common/api-error.js';
import { repoRoot } from '../core/index.js';

/** A bundle as served: its bytes, type and a content hash for revalidation. */
export interface PageAsset {
  body: Buffer;
  type: string;
  etag: string;
}

const NAME = /^[a-z][a-z0-9-]*\.(js|css)$/;
const TYPES: Record<string, string> = { js: 'application/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * The pages' scripts and stylesheet, bundled at build time (`npm run build:assets`, esbuild, from node_modules) into
 * `dist/assets/pages/`. Read once each; nothing is fetched or bundled at run time.
 */
@Injectable()
export class PageAssets implements OnModuleInit {
  private readonly logger = new Logger(PageAssets.name);
  private readonly dir = join(repoRoot(), 'dist', 'assets', 'pages');
  private readonly cache = new Map<string, PageAsset>();

  onModuleInit(): void {
    if (!existsSync(join(this.dir, 'common.js'))) this.logger.warn('page bundles are missing: run `npm run build` (dist/assets/pages/)');
  }

  /** One bundle by file name (404 for any other name or a missing file). */
  get(name: string): PageAsset {
    const held = this.cache.get(name);
    if (held) return held;
    const full = join(this.dir, name);
    if (!NAME.test(name) || !existsSync(full)) throw ApiError.notFound({ zh: '页面资源', en: 'page asset' }, name);
    const body = readFileSync(full);
    const asset = { body, type: TYPES[name.slice(name.lastIndexOf('.') + 1)], etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    this.cache.set(name, asset);
    return asset;
  }
}
