import { Inject, Injectable, SetMetadata, UseGuards, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public, type AuthedRequest } from '../auth/auth.decorators.js';
import { KeyRing } from '../auth/key-ring.js';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { roleAllows, type ApiKeyEntry, type Role } from '../config/api-keys.js';
import { APP_CONFIG } from '../config/config.module.js';

const PAGE_ROLE = 'pageRole';
/** The session field holding the logged-in key's name (never the key). */
export const SESSION_PRINCIPAL = 'principal';

/**
 * A page a browser opens: the same keys and roles as the API, but the caller may also be the key name held by the
 * encrypted session the login form (`/login`) starts, since a browser cannot easily send a header. Only page
 * routes (HTML and file downloads) take it this way; the JSON API keeps to headers. No key is ever taken from the
 * address (it would end up in browser history and proxy logs).
 */
export function PageRole(role: Role) {
  return applyDecorators(
    Public(),
    SetMetadata(PAGE_ROLE, role),
    UseGuards(PageKeyGuard),
    ApiSecurity('apiKey'),
    ApiUnauthorizedResponse({ description: '缺少或无效的 API 密钥 / Missing or unknown API key' }),
    ApiForbiddenResponse({ description: `需要 ${role} 角色 / Needs the ${role} role` }),
  );
}

/** Checks a page's caller (key header, or the login session's key name) against the configured keys and the page's role. */
@Injectable()
export class PageKeyGuard implements CanActivate {
  private readonly keys: KeyRing;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = new KeyRing(config.apiKeys);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const needed = this.reflector.getAllAndOverride<Role>(PAGE_ROLE, [ctx.getHandler(), ctx.getClass()]) ?? 'admin';
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const entry = this.caller(req);
    if (!entry) {
      throw new ApiError(401, 'unauthorized', {
        zh: '需要有效的 API 密钥：请先在 /login 登录，或在请求头 x-api-key 中提供',
        en: 'A valid API key is needed: log in at /login, or send it in the x-api-key header',
      });
    }
    if (!roleAllows(entry.role, needed)) {
      throw new ApiError(403, 'forbidden', { zh: `此页面需要 ${needed} 角色，当前密钥为 ${entry.role}`, en: `This page needs the ${needed} role; the key has ${entry.role}` });
    }
    req.principal = entry;
    return true;
  }

  /** The entry for a key (the login form checks keys with it); undefined when unknown. */
  find(presented: string | undefined): ApiKeyEntry | undefined {
    return this.keys.find(presented);
  }

  /** The caller of a page request (key header or login session), without a role check; undefined when none. */
  caller(req: AuthedRequest): ApiKeyEntry | undefined {
    return this.keys.find(headerKey(req)) ?? this.keys.named(sessionPrincipal(req));
  }
}

/** The key a page request presents in a header (x-api-key or Authorization: Bearer), if any. */
export function headerKey(req: AuthedRequest): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** The key name the login session holds (undefined without a valid, unexpired session). */
export function sessionPrincipal(req: FastifyRequest): string | undefined {
  const name = (req as FastifyRequest & { session?: { get(k: string): unknown } }).session?.get(SESSION_PRINCIPAL);
  return typeof name === 'string' ? name : undefined;
}
