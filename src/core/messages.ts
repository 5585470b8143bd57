import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from './errors.js';
import { PROVENANCE_PROBLEMS } from './provenance.js';
import type { Text } from './types.js';

/** Builds an issue for a file and JSON pointer. */
export function issue(file: string, pointer: string, zh: string, en: string): ValidationIssue {
  return { file, pointer: pointer || '/', message: { zh, en } };
}

/** Turns one JSON Schema error into words a committee member understands, in zh and en. */
export function schemaErrorText(error: ErrorObject): Text {
  const p = error.params as Record<string, unknown>;
  const provenance = provenanceText(error);
  if (provenance) return provenance;
  if (error.instancePath.endsWith('/operator') && error.keyword === 'enum') {
    return {
      zh: `未知的运算符“${String(error.data)}”，应为：${(p.allowedValues as unknown[]).join('、')}`,
      en: `unknown operator "${String(error.data)}"; use one of: ${(p.allowedValues as unknown[]).join(', ')}`,
    };
  }
  if (error.instancePath.endsWith('/path') && error.keyword === 'pattern') {
    return {
      zh: `不安全或不支持的路径“${String(error.data)}”：只允许 $.a.b 或 $.list[0] 形式`,
      en: `unsafe or unsupported path "${String(error.data)}": only plain paths like $.a.b or $.list[0] are allowed`,
    };
  }
  switch (error.keyword) {
    case 'required':
      return { zh: `缺少必填字段“${p.missingProperty}”`, en: `missing required field "${p.missingProperty}"` };
    case 'additionalProperties':
      return {
        zh: `不允许的字段“${p.additionalProperty}”（可能拼写有误）`,
        en: `field "${p.additionalProperty}" is not allowed here (misspelt?)`,
      };
    case 'type':
      return { zh: `类型应为 ${p.type}`, en: `should be of type ${p.type}` };
    case 'enum':
      return {
        zh: `取值应为以下之一：${(p.allowedValues as unknown[]).join('、')}`,
        en: `should be one of: ${(p.allowedValues as unknown[]).join(', ')}`,
      };
    case 'const':
      return { zh: `取值应为 ${JSON.stringify(p.allowedValue)}`, en: `should be ${JSON.stringify(p.allowedValue)}` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return { zh: `数值应 ${p.comparison} ${p.limit}`, en: `should be ${p.comparison} ${p.limit}` };
    case 'pattern':
      return { zh: `格式不符合要求（${p.pattern}）`, en: `does not match the expected format (${p.pattern})` };
    case 'minItems':
    case 'minProperties':
      return { zh: `至少应有 ${p.limit} 项`, en: `should have at least ${p.limit} item(s)` };
    case 'maxItems':
      return { zh: `至多应有 ${p.limit} 项`, en: `should have at most ${p.limit} item(s)` };
    case 'minLength':
      return { zh: `不能为空`, en: `should not be empty` };
    case 'oneOf':
    case 'anyOf':
      return { zh: `不符合任何一种允许的写法`, en: `does not match any of the allowed forms` };
    default:
      return { zh: `不符合规范（${error.keyword}）：${error.message ?? ''}`, en: `${error.message ?? error.keyword}` };
  }
}

/** A provenance error in the words the semantic check uses too, so the two are reported once. */
function provenanceText(error: ErrorObject): Text | undefined {
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  if (error.keyword === 'required' && missing === 'basis') return PROVENANCE_PROBLEMS.basis;
  if (!error.schemaPath.includes('/provenance/')) return undefined;
  if (error.keyword === 'required') return missing === 'clause' ? PROVENANCE_PROBLEMS.clause : PROVENANCE_PROBLEMS.rationale;
  if (error.keyword === 'not') return (error.data as { basis?: string }).basis === 'standard' ? PROVENANCE_PROBLEMS.standardRationale : PROVENANCE_PROBLEMS.committeeClause;
  return undefined;
}
