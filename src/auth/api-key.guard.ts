import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '../config/app-config.js';
import { roleAllows, type Role } from '../config/api-keys.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ApiError } from '../common/api-error.js';
import { PUBLIC_KEY, ROLE_KEY, type AuthedRequest } from './auth.decorators.js';
import { KeyRing } from './key-ring.js';

/** Checks `x-api-key` (or `Authorization: Bearer …`) against the configured keys and the handler's role. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: KeyRing;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = new KeyRing(config.apiKeys);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const needed = this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'admin';
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const entry = this.keys.find(presentedKey(req));
    if (!entry) {
      throw new ApiError(401, 'unauthorized', {
        zh: '需要有效的 API 密钥（请求头 x-api-key 或 Authorization: Bearer）',
        en: 'A valid API key is required (header x-api-key or Authorization: Bearer)',
      });
    }
    if (!roleAllows(entry.role, needed)) {
      throw new ApiError(403, 'forbidden', {
        zh: `此操作需要 ${needed} 角色，当前密钥为 ${entry.role}`,
        en: `This needs the ${needed} role; the key has ${entry.role}`,
      });
    }
    req.principal = entry;
    return true;
  }
}

function presentedKey(req: AuthedRequest): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return m?.[1];
}
