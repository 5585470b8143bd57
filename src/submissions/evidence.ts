import type { FactDictionary } from '../core/index.js';
import type { ErrorDetail } from '../common/api-error.js';

/** Checks evidence references: known fact ids, each a list of at most 20 strings of 1–500 characters. */
export function checkEvidence(dictionary: FactDictionary, evidence: Record<string, unknown> | undefined): ErrorDetail[] {
  if (!evidence) return [];
  return Object.entries(evidence).flatMap(([fact, refs]): ErrorDetail[] => {
    if (!Object.hasOwn(dictionary.facts, fact)) {
      return [{ field: `evidence.${fact}`, code: 'unknownFact', message: { zh: `事实字典中没有“${fact}”`, en: `No fact "${fact}" in the dictionary` } }];
    }
    const ok = Array.isArray(refs) && refs.length <= 20 && refs.every((r) => typeof r === 'string' && r.length >= 1 && r.length <= 500);
    return ok
      ? []
      : [{ field: `evidence.${fact}`, code: 'invalidEvidence', message: { zh: '应为至多 20 个、每个 1–500 字符的字符串列表', en: 'must be a list of at most 20 strings of 1–500 characters' } }];
  });
}
