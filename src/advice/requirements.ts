import { constraintsOf, isEmpty, isInterval, type Interval } from '../core/conditions.js';
import { derivedCount } from '../core/facts.js';
import type { Condition, FactDef, FactDictionary, LeafCondition, TopCondition } from '../core/types.js';

/**
 * What a condition tree asks of the facts, as alternatives: each alternative is a conjunction of leaves, and any one
 * alternative makes the condition hold. Pure: no engine, no framework.
 */
export type Alternative = LeafCondition[];

const NEGATED: Record<string, string> = {
  equal: 'notEqual',
  notEqual: 'equal',
  in: 'notIn',
  notIn: 'in',
  contains: 'doesNotContain',
  doesNotContain: 'contains',
  lessThan: 'greaterThanInclusive',
  lessThanInclusive: 'greaterThan',
  greaterThan: 'lessThanInclusive',
  greaterThanInclusive: 'lessThan',
};

/** At most this many alternatives per condition (a product of `any`s can grow fast). */
const MAX_ALTERNATIVES = 16;

/**
 * The alternatives that make `condition` hold (or, with `negate`, fail). Leaves with a `path` are left out: the
 * advice does not invent values inside objects.
 */
export function alternativesOf(condition: Condition | TopCondition, negate = false): Alternative[] {
  if ('all' in condition || 'any' in condition) {
    const conjunctive = 'all' in condition !== negate;
    const parts = ('all' in condition ? condition.all : condition.any).map((c) => alternativesOf(c, negate));
    if (!conjunctive) return parts.flat().slice(0, MAX_ALTERNATIVES);
    return parts.reduce<Alternative[]>(
      (acc, part) => acc.flatMap((a) => part.map((b) => [...a, ...b])).slice(0, MAX_ALTERNATIVES),
      [[]],
    );
  }
  if ('not' in condition) return alternativesOf(condition.not, !negate);
  if (condition.path !== undefined) return [];
  const operator = negate ? NEGATED[condition.operator] : condition.operator;
  return operator ? [[{ fact: condition.fact, operator, value: condition.value }]] : [];
}

/** A fact's value as rules see it: a derived count is computed from its list, as the core computes it. */
export function valueOf(facts: Record<string, unknown>, fact: string, dictionary: FactDictionary): unknown {
  const derive = dictionary.facts[fact]?.derive;
  if (!derive) return facts[fact];
  const list = facts[derive.count];
  return Array.isArray(list) ? derivedCount(derive, dictionary.facts[derive.count], list) : undefined;
}

export function matchesWhere(item: unknown, where: { field: string; values: string[] }): boolean {
  return typeof item === 'object' && item !== null && where.values.includes((item as Record<string, unknown>)[where.field] as string);
}

/** The smallest step between two values of a fact: 1 for integers, 0.5 for ratings, 0.01 for other numbers. */
export function stepOf(def: FactDef): number {
  return def.type === 'integer' || def.derive ? 1 : def.type === 'rating' ? 0.5 : 0.01;
}

/** The value nearest to `current` inside the interval and the fact's own range, or undefined when there is none. */
export function nearestIn(interval: Interval, current: number | undefined, def: FactDef): number | undefined {
  const step = stepOf(def);
  const lo = Math.max(interval.lo, def.min ?? -Infinity);
  const hi = Math.min(interval.hi, def.max ?? Infinity);
  const loIncl = interval.lo >= (def.min ?? -Infinity) ? interval.loIncl : true;
  const hiIncl = interval.hi <= (def.max ?? Infinity) ? interval.hiIncl : true;
  const low = loIncl ? lo : snap(lo + step, step);
  const high = hiIncl ? hi : snap(hi - step, step);
  if (isEmpty({ lo: low, loIncl: true, hi: high, hiIncl: true })) return undefined;
  if (current === undefined) return Number.isFinite(low) ? low : Number.isFinite(high) ? high : 0;
  if (current < low) return low;
  if (current > high) return high;
  return current;
}

const snap = (x: number, step: number) => Math.round(x / step) * step;

/**
 * The nearest values of each fact that satisfy one alternative: fact → new value, or undefined when the alternative
 * cannot be met by changing facts (contradictory, or a value the dictionary does not allow). Facts already satisfied
 * are left out. List facts are changed whole (items added or removed).
 */
export function solve(alternative: Alternative, facts: Record<string, unknown>, dictionary: FactDictionary): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  const byFact = new Map<string, LeafCondition[]>();
  for (const leaf of alternative) byFact.set(leaf.fact, [...(byFact.get(leaf.fact) ?? []), leaf]);
  for (const [fact, leaves] of byFact) {
    const def = dictionary.facts[fact];
    if (!def) return undefined;
    const current = valueOf(facts, fact, dictionary);
    let value: unknown;
    if (def.type === 'list') value = solveList(leaves, current, def);
    else if (def.type === 'enum' || def.type === 'boolean') value = solveChoice(leaves, current, def);
    else value = solveNumber(leaves, current, def);
    if (value === undefined) return undefined;
    if (value === SAME) continue;
    if (def.derive) {
      const list = resizeList(facts, def, value as number, dictionary);
      if (!list) return undefined;
      out.set(def.derive.count, list);
    } else out.set(fact, value);
  }
  return out;
}

const SAME = Symbol('unchanged');

function solveNumber(leaves: LeafCondition[], current: unknown, def: FactDef): unknown {
  const c = constraintsOf({ all: leaves });
  const interval = c?.get(leaves[0].fact);
  if (!c || !isInterval(interval)) return undefined;
  const now = typeof current === 'number' ? current : undefined;
  const target = nearestIn(interval, now, def);
  if (target === undefined) return undefined;
  return target === now ? SAME : Math.round(target * 100) / 100;
}

/** Booleans and enums: the allowed value nearest to the current one in the dictionary's order. */
function solveChoice(leaves: LeafCondition[], current: unknown, def: FactDef): unknown {
  const domain: unknown[] = def.type === 'boolean' ? [false, true] : (def.values ?? []);
  const ok = (v: unknown) => leaves.every((l) => choiceHolds(l, v));
  if (current !== undefined && ok(current)) return SAME;
  const at = Math.max(0, domain.indexOf(current));
  const ranked = domain
    .map((v, i) => ({ v, d: i >= at ? i - at : at - i + 0.5 }))
    .filter(({ v }) => ok(v))
    .sort((a, b) => a.d - b.d);
  return ranked.length > 0 ? ranked[0].v : undefined;
}

function choiceHolds(leaf: LeafCondition, v: unknown): boolean {
  switch (leaf.operator) {
    case 'equal':
      return v === leaf.value;
    case 'notEqual':
      return v !== leaf.value;
    case 'in':
      return Array.isArray(leaf.value) && leaf.value.includes(v);
    case 'notIn':
      return Array.isArray(leaf.value) && !leaf.value.includes(v);
    default:
      return false;
  }
}

function solveList(leaves: LeafCondition[], current: unknown, def: FactDef): unknown {
  const list = Array.isArray(current) ? [...(current as unknown[])] : [];
  let changed = !Array.isArray(current);
  for (const leaf of leaves) {
    if (leaf.operator === 'contains' && !list.includes(leaf.value)) {
      if (def.items?.type === 'enum' && !def.items.values?.includes(leaf.value as string)) return undefined;
      list.push(leaf.value);
      changed = true;
    } else if (leaf.operator === 'doesNotContain' && list.includes(leaf.value)) {
      list.splice(list.indexOf(leaf.value), 1);
      changed = true;
    } else if (leaf.operator !== 'contains' && leaf.operator !== 'doesNotContain') return undefined;
  }
  return changed ? list : SAME;
}

/**
 * The list behind a derived count, with items added (new enum values in dictionary order, from a group not yet
 * counted when groups count, or placeholder objects whose `where` field has its first allowed value) or removed
 * until the count is `target`.
 */
export function resizeList(facts: Record<string, unknown>, def: FactDef, target: number, dictionary: FactDictionary): unknown[] | undefined {
  const derive = def.derive!;
  const listDef = dictionary.facts[derive.count];
  const list = Array.isArray(facts[derive.count]) ? [...(facts[derive.count] as unknown[])] : [];
  const count = () => derivedCount(derive, listDef, list);
  const counts = (item: unknown) => !derive.where || matchesWhere(item, derive.where);
  while (count() > target) list.splice(list.findLastIndex(counts), 1);
  while (count() < target) {
    const item = newItem(listDef, list, derive.where, derive.distinct === 'group');
    if (item === undefined) return undefined;
    list.push(item);
  }
  return list;
}

/**
 * One more item for a list fact (with `newGroup`, one of a group the list does not have yet), or undefined when every
 * allowed value (group) is already there.
 */
export function newItem(listDef: FactDef | undefined, list: unknown[], where?: { field: string; values: string[] }, newGroup = false): unknown {
  const items = listDef?.items;
  if (!items) return undefined;
  if (items.type === 'enum') {
    const groupOf = (v: unknown) => (newGroup ? (items.groups?.[v as string] ?? v) : v);
    const have = new Set(list.map(groupOf));
    return items.values?.find((v) => !have.has(groupOf(v)));
  }
  const item: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(items.fields ?? {})) {
    if (where?.field === name) item[name] = where.values[0];
    else if (field.type === 'enum') item[name] = field.values?.[field.values.length - 1];
    else if (field.type === 'integer') item[name] = field.max !== undefined && field.min !== undefined ? Math.min(field.max, Math.max(field.min, new Date().getUTCFullYear())) : (field.min ?? 0);
    else item[name] = `(${field.label.zh} / ${field.label.en})`;
  }
  return item;
}
