import { HttpException } from '@nestjs/common';
import { RuleTestsFailedError } from '../committee/editions.js';
import type { Difference } from '../committee/rule-tests.js';
import { CoreError, FactsInvalidError, RulesetInvalidError, UnknownCategoryError, type Text } from '../core/index.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { ApiError, type ErrorBody } from './api-error.js';

const GENERIC: Record<number, { code: string; zh: string; en: string }> = {
  400: { code: 'badRequest', zh: '请求无效', en: 'Bad request' },
  401: { code: 'unauthorized', zh: '需要有效的 API 密钥', en: 'A valid API key is required' },
  403: { code: 'forbidden', zh: '无权执行此操作', en: 'Not allowed for this key' },
  404: { code: 'notFound', zh: '资源不存在', en: 'Not found' },
  405: { code: 'methodNotAllowed', zh: '不支持该方法', en: 'Method not allowed' },
  406: { code: 'notAcceptable', zh: '无法提供所需格式', en: 'Not acceptable' },
  409: { code: 'conflict', zh: '与现有数据冲突', en: 'Conflict with existing data' },
  413: { code: 'payloadTooLarge', zh: '请求体过大', en: 'Request body too large' },
  415: { code: 'unsupportedMediaType', zh: '不支持的内容类型，请使用 application/json', en: 'Unsupported media type: send application/json' },
  422: { code: 'unprocessable', zh: '无法处理的请求', en: 'Unprocessable request' },
  429: { code: 'tooManyRequests', zh: '请求过多', en: 'Too many requests' },
  500: { code: 'internalError', zh: '服务器内部错误', en: 'Internal server error' },
  503: { code: 'unavailable', zh: '服务暂不可用', en: 'Service unavailable' },
};

function generic(status: number, details: ErrorBody['details'] = []): ErrorBody {
  const g = GENERIC[status] ?? (status >= 500 ? GENERIC[500] : GENERIC[400]);
  return { statusCode: status, code: g.code, message: { zh: g.zh, en: g.en }, details };
}

/** Fastify's own errors (body parsing, limits) carry a `statusCode` and an `FST_…` code. */
function fastifyStatus(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; code?: unknown };
  if (typeof e?.statusCode === 'number' && typeof e.code === 'string' && e.code.startsWith('FST_')) return e.statusCode;
  return undefined;
}

/**
 * Maps any thrown value to the stable error body. Only messages written for clients pass through: unknown errors
 * become a plain 500, so no stack, SQL or file path ever reaches an answer.
 */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof ApiError) {
    return { statusCode: err.status, code: err.code, message: err.text, details: err.details };
  }
  if (err instanceof UnknownCategoryError) {
    return { statusCode: 400, code: err.code, message: err.text, details: [{ field: 'category', message: err.text }] };
  }
  if (err instanceof FactsInvalidError) {
    const details = err.issues.map((i) => ({ fact: i.fact, code: i.code, message: i.message }));
    return { statusCode: 422, code: err.code, message: err.text, details };
  }
  if (err instanceof RulesetInvalidError) {
    // Rules the committee wrote (an upload or a reload): every issue by its file in the rules folder and JSON pointer.
    return { statusCode: 422, code: err.code, message: err.text, details: err.issues.map((i) => ({ file: inRulesFolder(i.file), pointer: i.pointer, message: i.message })) };
  }
  if (err instanceof RuleTestsFailedError) {
    return { statusCode: 422, code: err.code, message: err.text, details: err.failures.map((f) => ({ file: `${inRulesFolder(err.folder)}/${f.file}`, message: f.error ?? failureText(f.differences) })) };
  }
  if (err instanceof CoreError) {
    return { statusCode: 400, code: err.code, message: err.text, details: [] };
  }
  if (err instanceof HttpException) {
    const cause = err.cause as { code?: string } | undefined;
    if (cause instanceof SyntaxError || cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || cause?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return { ...generic(400), code: 'invalidJson', message: { zh: '请求体不是有效的 JSON', en: 'The body is not valid JSON' } };
    }
    return generic(err.getStatus());
  }
  if (isUniqueViolation(err)) return generic(409);
  const status = fastifyStatus(err);
  if (status !== undefined && status >= 400 && status < 500) return generic(status);
  return generic(500);
}

/** A file named relative to the rules or criteria folder; never a path on the server. */
function inRulesFolder(file: string): string {
  return file.startsWith('/') ? file.split('/').slice(-2).join('/') : file;
}

function failureText(differences: Difference[]): Text {
  return {
    zh: differences.map((d) => `${d.field} 应为 ${JSON.stringify(d.expected)}，实为 ${JSON.stringify(d.actual)}`).join('；'),
    en: differences.map((d) => `${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`).join('; '),
  };
}
