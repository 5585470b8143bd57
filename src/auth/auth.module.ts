import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';

/** API-key authentication with roles, applied to every route (handlers opt out with `@Public()`). */
@Module({ providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }] })
export class AuthModule {}
