import { Inject, Injectable, SetMetadata, UseGuards, applyDecorators, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse, ApiQuery, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public, type AuthedRequest } from '../auth/auth.decorators.js';
import { KeyRing } from '../auth/key-ring.js';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { roleAllows, type ApiKeyEntry, type Role } from '../config/api-keys.js';
import { APP_CONFIG } from '../config/config.module.js';

/** The cookie the login form sets (HttpOnly, SameSite=Strict): pages only. */
export const PAGE_COOKIE = 'sme_api_key';
const PAGE_ROLE = 'pageRole';

/**
 * A page a browser opens: the same keys and roles as the API, but the key may also come as `?key=` or from the
 * cookie the login form (`/login`) sets, since a browser cannot easily send a header. Only page routes (HTML and
 * file downloads) take it this way; the JSON API keeps to headers.
 */
export function PageRole(role: Role) {
  return applyDecorators(
    Public(),
    SetMetadata(PAGE_ROLE, role),
    UseGuards(PageKeyGuard),
    ApiSecurity('apiKey'),
    ApiUnauthorizedResponse({ description: '缺少或无效的 API 密钥 / Missing or unknown API key' }),
    ApiForbiddenResponse({ description: `需要 ${role} 角色 / Needs the ${role} role` }),
    ApiQuery({ name: 'key', required: false, description: 'API 密钥（仅页面；亦可用登录表单设置的 cookie）/ API key (pages only; or the cookie the login form sets)' }),
  );
}

/** Checks a page's key (header, `?key=` or cookie) against the configured keys and the page's role. */
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
    const entry = this.keys.find(pageKey(req));
    if (!entry) {
      throw new ApiError(401, 'unauthorized', {
        zh: '需要有效的 API 密钥：请先在 /login 登录，或在地址后加 ?key=',
        en: 'A valid API key is needed: log in at /login, or add ?key= to the address',
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
}

/** The key a page request presents: header first, then `?key=`, then the login cookie. */
export function pageKey(req: AuthedRequest): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1];
  const query = (req.query as Record<string, unknown> | undefined)?.key;
  if (typeof query === 'string' && query !== '') return query;
  return cookieValue(req.headers.cookie, PAGE_COOKIE);
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
