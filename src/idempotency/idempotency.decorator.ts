import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/index.js';
import { ApiError } from '../common/api-error.js';
import type { AuthedRequest } from '../auth/auth.decorators.js';

/** What identifies a retried POST: the key (scoped to the caller) and a fingerprint of the request. */
export interface IdempotencyContext {
  key: string;
  fingerprint: string;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Reads the `Idempotency-Key` header into an {@link IdempotencyContext}, or undefined when absent. */
export function idempotencyFromRequest(req: AuthedRequest): IdempotencyContext | undefined {
  const header = req.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw ApiError.badRequest(
      'invalidIdempotencyKey',
      { zh: 'Idempotency-Key 应为 1–200 个可见 ASCII 字符', en: 'Idempotency-Key must be 1–200 visible ASCII characters' },
      [{ field: 'Idempotency-Key', message: { zh: '格式不正确', en: 'malformed' } }],
    );
  }
  // A spreadsheet upload arrives as bytes: those are hashed as they are (canonical JSON is for parsed bodies).
  const body: unknown = req.body;
  const fingerprint = createHash('sha256')
    .update(`${req.method} ${req.url}\n`)
    .update(Buffer.isBuffer(body) ? body : canonicalJson(body ?? null))
    .digest('hex');
  return { key: `${req.principal?.principal ?? 'anonymous'}:${header}`, fingerprint };
}

/** The request's idempotency context (handler parameter). */
export const Idempotency = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  idempotencyFromRequest(ctx.switchToHttp().getRequest<AuthedRequest>()),
);

/** OpenAPI note for handlers that honour the header. */
export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: KEY.source },
    description:
      '重试安全：相同密钥与相同请求体返回相同结果且只写入一次；相同密钥、不同请求体返回 422。/ Safe retries: the same key and body give the same answer and one row; the same key with another body is refused with 422.',
  });
