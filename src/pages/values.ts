import type { ComparedFact, FactDictionary } from '../core/types.js';
import { bi, bi2, esc } from './html.js';

const OPS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  in: '∈',
  notIn: '∉',
  contains: '∋',
  doesNotContain: '∌',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
};

/** A fact value as people read it: yes/no, labelled enum values, list items, "not supplied". */
export function factValue(dictionary: FactDictionary, fact: string, value: unknown): string {
  const def = dictionary.facts[fact];
  if (value === undefined || value === null) return `<em>${bi2('未提供', 'not supplied')}</em>`;
  if (typeof value === 'boolean') return value ? bi2('是', 'yes') : bi2('否', 'no');
  const label = (v: unknown) => {
    const l = def?.valueLabels?.[String(v)] ?? def?.items?.valueLabels?.[String(v)];
    return l ? bi(l) : esc(v);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return bi2('（无）', '(none)');
    return value.map((v) => (typeof v === 'object' && v !== null ? esc(Object.values(v).join(' · ')) : label(v))).join('、');
  }
  if (typeof value === 'number') return esc(Number.isInteger(value) ? value : Number(value.toFixed(2)));
  return label(value);
}

/** "员工总数 42 ≥ 50": a compared fact as its label, the actual value, the operator and the rule's value. */
export function comparedText(dictionary: FactDictionary, c: ComparedFact): string {
  const def = dictionary.facts[c.fact];
  const name = def ? bi(def.label) : esc(c.fact);
  const expected = Array.isArray(c.value) && c.operator !== 'contains' ? c.value.map((v) => factValue(dictionary, c.fact, v)).join(' / ') : factValue(dictionary, c.fact, c.value);
  const unit = def?.unit ? ` ${bi(def.unit)}` : '';
  return `${name} <code>${factValue(dictionary, c.fact, c.actual)}</code> ${esc(OPS[c.operator] ?? c.operator)} ${expected}${unit} <span class="${c.result ? 'ok' : 'bad'}">${c.result ? '✓' : '✗'}</span>`;
}
