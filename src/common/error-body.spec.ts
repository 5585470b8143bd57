import { describe, expect, it } from '@jest/globals';
import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { FactsInvalidError, RulesetInvalidError, UnknownCategoryError } from '../core/index.js';
import { ApiError } from './api-error.js';
import { toErrorBody } from './error-body.js';

describe('error bodies', () => {
  it('maps the core errors: unknown category 400, invalid facts 422 per fact, invalid rules 422 per issue without server paths', () => {
    expect(toErrorBody(new UnknownCategoryError('bank', ['comprehensive', 'other']))).toMatchObject({ statusCode: 400, code: 'unknownCategory' });
    const facts = toErrorBody(
      new FactsInvalidError([{ fact: 'staffTotal', code: 'missingRequired', message: { zh: '缺少', en: 'missing' } }]),
    );
    expect(facts).toMatchObject({ statusCode: 422, code: 'factsInvalid', details: [{ fact: 'staffTotal', code: 'missingRequired' }] });
    const rules = toErrorBody(new RulesetInvalidError([{ file: '/srv/app/rules/base.json', pointer: '/weights', message: { zh: 'x', en: 'x' } }]));
    expect(rules).toMatchObject({ statusCode: 422, code: 'rulesetInvalid', details: [{ file: 'rules/base.json', pointer: '/weights' }] });
    expect(JSON.stringify(rules)).not.toContain('/srv');
  });

  it('keeps messages written for clients and hides everything else', () => {
    expect(toErrorBody(ApiError.notFound({ zh: '机构', en: 'agency' }, 'x'))).toMatchObject({ statusCode: 404, code: 'notFound' });
    expect(toErrorBody(new NotFoundException('Cannot GET /secret/path'))).toEqual({
      statusCode: 404,
      code: 'notFound',
      message: { zh: '资源不存在', en: 'Not found' },
      details: [],
    });
    expect(toErrorBody(new PayloadTooLargeException()).statusCode).toBe(413);
    const leak = toErrorBody(Object.assign(new Error('SQLITE_ERROR: no such table: agencies at /work/main/src/x.ts:3'), { code: 'SQLITE_ERROR' }));
    expect(leak).toEqual({ statusCode: 500, code: 'internalError', message: { zh: '服务器内部错误', en: 'Internal server error' }, details: [] });
    expect(toErrorBody({ driverError: { code: '23505' } }).statusCode).toBe(409);
  });
});
