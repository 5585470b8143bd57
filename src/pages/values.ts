import type { ComparedFact, FactDictionary } from '../core/types.js';
import { bi, bi2, esc } from './html.js';

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
    return value.map((v) => (typeof v === 'object' && v !== null ? esc(Object.values(v).join(' · ')) : label(v))).join(bi2('、', ', '));
  }
  if (typeof value === 'number') return esc(Number.isInteger(value) ? value : Number(value.toFixed(2)));
  return label(value);
}

/**
 * What a fact was for the agency, in words: "人员总数 58 人", "具有独立法人资格：是". The reason of the rule says what
 * it asks; this says what the agency has, with no operator and no tick (a fired veto is not a success).
 */
export function factInWords(dictionary: FactDictionary, fact: string, value: unknown): string {
  const def = dictionary.facts[fact];
  const name = def ? bi(def.label) : esc(fact);
  if (value === undefined || value === null) return `${name}：<em>${bi2('未提供', 'not supplied')}</em>`;
  if (typeof value === 'boolean') return `${name}：${factValue(dictionary, fact, value)}`;
  const scale = def?.type === 'rating' && def.max !== undefined ? ` / ${esc(def.max)}` : '';
  return `${name} <b>${factValue(dictionary, fact, value)}</b>${scale}${def?.unit ? ` ${bi(def.unit)}` : ''}`;
}

/** The facts a rule read, once each, in words (`compared` as the core reports them). */
export function basisInWords(dictionary: FactDictionary, compared: Pick<ComparedFact, 'fact' | 'actual'>[]): string {
  const seen = new Set<string>();
  return compared
    .filter((c) => !seen.has(c.fact) && seen.add(c.fact))
    .map((c) => factInWords(dictionary, c.fact, c.actual))
    .join(bi2('；', '; '));
}
