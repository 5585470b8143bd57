import type { Condition, Points, TopCondition } from '../core/index.js';

const SYMBOLS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: '∈',
  notIn: '∉',
  contains: 'contains',
  doesNotContain: 'does not contain',
};

/** A condition as people read it: `staffTotal ≥ 50 and crmSystem = true`. */
export function renderCondition(c: Condition | TopCondition, lang: 'zh' | 'en'): string {
  const and = lang === 'zh' ? ' 且 ' : ' and ';
  const or = lang === 'zh' ? ' 或 ' : ' or ';
  if ('all' in c) return c.all.map((x) => wrap(x, lang)).join(and);
  if ('any' in c) return c.any.map((x) => wrap(x, lang)).join(or);
  if ('not' in c) return `${lang === 'zh' ? '非' : 'not '}(${renderCondition(c.not, lang)})`;
  const op = lang === 'zh' && c.operator === 'contains' ? '包含' : lang === 'zh' && c.operator === 'doesNotContain' ? '不包含' : SYMBOLS[c.operator] ?? c.operator;
  return `${c.fact}${c.path ? c.path.slice(1) : ''} ${op} ${JSON.stringify(c.value)}`;
}

function wrap(c: Condition, lang: 'zh' | 'en'): string {
  const text = renderCondition(c, lang);
  return 'fact' in c ? text : `(${text})`;
}

/** Points as people read them: `55`, `20 per serviceChannels (at most 100)`, `rating 0–5 → 0–15`. */
export function renderPoints(p: Points, lang: 'zh' | 'en'): string {
  if (typeof p === 'number') return String(p);
  if ('perUnit' in p) {
    const cap = p.cap === undefined ? '' : lang === 'zh' ? `，最多 ${p.cap}` : ` (at most ${p.cap})`;
    return lang === 'zh' ? `每个 ${p.fact} ${p.perUnit} 分${cap}` : `${p.perUnit} per ${p.fact}${cap}`;
  }
  return lang === 'zh' ? `评分 ${p.rating} ${p.range[0]}–${p.range[1]} 折算 0–${p.max} 分` : `rating ${p.rating} ${p.range[0]}–${p.range[1]} → 0–${p.max}`;
}
