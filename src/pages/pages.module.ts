import { Global, Module } from '@nestjs/common';
import { PageKeyGuard } from './page-auth.guard.js';
import { PagesController } from './pages.controller.js';
import { PagesService } from './pages.service.js';

/** Browser pages' shared parts: key by query or cookie, the login form, the bundled charting library. */
@Global()
@Module({ controllers: [PagesController], providers: [PageKeyGuard, PagesService], exports: [PageKeyGuard] })
export class PagesModule {}
