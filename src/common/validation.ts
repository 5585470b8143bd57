import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, type ErrorDetail } from './api-error.js';

const ZH: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isString: '应为字符串',
  isInt: '应为整数',
  isBoolean: '应为布尔值',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  isObject: '应为对象',
  isArray: '应为数组',
  isNotEmpty: '不能为空',
  isDefined: '必填',
  isUuid: '应为 UUID',
  maxLength: '过长',
  minLength: '过短',
  min: '过小',
  max: '过大',
  matches: '格式不正确',
  arrayMaxSize: '条目过多',
  arrayMinSize: '条目过少',
  isCreditCode: '统一社会信用代码无效（GB 32100 校验位不符）',
};

/** Flattens class-validator errors into one detail per field and constraint (`items.3.submissionId`). */
export function validationDetails(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, en]) => ({
      field,
      code,
      message: { zh: `字段 ${field}：${ZH[code] ?? '无效'}`, en },
    }));
    return [...own, ...validationDetails(e.children ?? [], field + '.')];
  });
}

/** The global pipe: whitelist, forbid unknown fields, transform; failures are 400 `validationFailed`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) =>
      ApiError.badRequest(
        'validationFailed',
        { zh: '请求参数校验失败', en: 'Request validation failed' },
        validationDetails(errors),
      ),
  });
}
