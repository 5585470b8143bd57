import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyEntry, Role } from '../config/api-keys.js';

export const ROLE_KEY = 'requiredRole';
export const PUBLIC_KEY = 'publicRoute';

/** The weakest role allowed to call the handler (admin ⊇ assessor ⊇ viewer), with its OpenAPI notes. */
export function RequireRole(role: Role) {
  return applyDecorators(
    SetMetadata(ROLE_KEY, role),
    ApiSecurity('apiKey'),
    ApiUnauthorizedResponse({ description: '缺少或无效的 API 密钥 / Missing or unknown API key' }),
    ApiForbiddenResponse({ description: `需要 ${role} 角色 / Needs the ${role} role` }),
  );
}

/** A handler anyone may call (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthedRequest = FastifyRequest & { principal?: ApiKeyEntry };

/** The caller's key entry, set by the guard. */
export const Principal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal as ApiKeyEntry;
});
