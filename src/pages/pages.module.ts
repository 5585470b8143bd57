import { Global, Module } from '@nestjs/common';
import { PageAssetsController } from './page-assets.controller.js';
import { PageAssets } from './page-assets.service.js';
import { PageKeyGuard } from './page-auth.guard.js';
import { PagesController } from './pages.controller.js';
import { PagesService } from './pages.service.js';

/** Browser pages' shared parts: a key header or the login session, the login form, the bundled charting library and page scripts. */
@Global()
@Module({ controllers: [PagesController, PageAssetsController], providers: [PageKeyGuard, PagesService, PageAssets], exports: [PageKeyGuard] })
export class PagesModule {}
