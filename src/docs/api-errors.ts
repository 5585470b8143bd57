import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ref } from './schemas.js';

/** What each error status means across the API; a handler may say more for its own case. */
export const ERROR_MEANING: Record<number, string> = {
  400: '请求无效：字段、参数或 JSON 不符合文档中的约束（details 逐项列出）/ Bad request: a field, parameter or the JSON breaks a limit of this document (details name each)',
  401: '缺少或无效的 API 密钥 / Missing or unknown API key',
  403: '密钥的角色不够 / The key\'s role is not enough',
  404: '资源不存在 / Not found',
  409: '与现有数据冲突 / Conflict with existing data',
  413: '请求体过大 / Request body too large',
  415: '不支持的内容类型 / Unsupported media type',
  422: '无法处理（details 逐项列出）/ Unprocessable (details name each problem)',
  429: '请求过多，稍后再试（见 Retry-After）/ Too many requests; retry later (see Retry-After)',
  503: '服务暂不可用 / Service unavailable',
};

/**
 * The error answers a handler can give, each in the shared error body (src/common/api-error.ts):
 * `@ApiErrors(404, [422, 'Facts do not match'])`. A number takes the common meaning above; a pair gives the
 * handler's own description.
 */
export function ApiErrors(...errors: (number | [number, string])[]) {
  return applyDecorators(
    ...errors.map((e) => {
      const [status, description] = typeof e === 'number' ? [e, ERROR_MEANING[e]] : e;
      return ApiResponse({ status, description, schema: ref('ErrorBody') });
    }),
  );
}

/** The success body of a handler as one of the schemas in schemas.ts. */
export function ApiSuccess(status: number, schema: string, description = '') {
  return ApiResponse({ status, description, schema: ref(schema) });
}
