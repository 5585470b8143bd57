import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { PageAssets } from './page-assets.service.js';

/** Serves the pages' bundled scripts and stylesheet (revalidated by ETag). */
@ApiExcludeController()
@Controller('assets/pages')
export class PageAssetsController {
  constructor(private readonly assets: PageAssets) {}

  @Get(':file')
  @Public()
  file(@Param('file') file: string, @Headers('if-none-match') seen: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const asset = this.assets.get(file);
    void reply.header('content-type', asset.type).header('etag', asset.etag).header('cache-control', 'no-cache');
    if (seen === asset.etag) {
      void reply.status(304);
      return '';
    }
    return asset.body;
  }
}
