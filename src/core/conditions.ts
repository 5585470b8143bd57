import type { Condition, LeafCondition, TopCondition } from './types.js';

/** A leaf condition with its JSON pointer. */
export interface LeafAt {
  leaf: LeafCondition;
  pointer: string;
}

/** Every leaf of a condition tree, with JSON pointers relative to `pointer`. */
export function leavesOf(condition: Condition | TopCondition, pointer: string): LeafAt[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => leavesOf(c, `${pointer}/all/${i}`));
  if ('any' in condition) return condition.any.flatMap((c, i) => leavesOf(c, `${pointer}/any/${i}`));
  if ('not' in condition) return leavesOf(condition.not, `${pointer}/not`);
  return [{ leaf: condition, pointer }];
}

export const NUMERIC_OPERATORS = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
export const OPERATORS = new Set([
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  ...NUMERIC_OPERATORS,
]);

/** A numeric interval a rule requires of one fact. */
export interface Interval {
  lo: number;
  loIncl: boolean;
  hi: number;
  hiIncl: boolean;
}

const ALL: Interval = { lo: -Infinity, loIncl: false, hi: Infinity, hiIncl: false };

/**
 * What a rule requires of each fact when its conditions are a plain conjunction of numeric comparisons and
 * equalities; undefined when they are anything else (then nothing is inferred about the rule).
 */
export function constraintsOf(conditions: TopCondition): Map<string, Interval | unknown> | undefined {
  const parts = 'all' in conditions ? conditions.all : 'any' in conditions && conditions.any.length === 1 ? conditions.any : undefined;
  if (!parts) return undefined;
  const out = new Map<string, Interval | unknown>();
  for (const c of parts) {
    if (!('fact' in c) || c.path !== undefined) return undefined;
    if (c.operator === 'equal') {
      if (out.has(c.fact)) return undefined;
      out.set(c.fact, { eq: c.value });
      continue;
    }
    if (!NUMERIC_OPERATORS.has(c.operator) || typeof c.value !== 'number') return undefined;
    const current = out.get(c.fact) ?? ALL;
    if (!isInterval(current)) return undefined;
    out.set(c.fact, intersect(current, bound(c.operator, c.value)));
  }
  return out;
}

export function isInterval(value: unknown): value is Interval {
  return typeof value === 'object' && value !== null && 'lo' in value;
}

function bound(operator: string, v: number): Interval {
  switch (operator) {
    case 'lessThan':
      return { ...ALL, hi: v, hiIncl: false };
    case 'lessThanInclusive':
      return { ...ALL, hi: v, hiIncl: true };
    case 'greaterThan':
      return { ...ALL, lo: v, loIncl: false };
    default:
      return { ...ALL, lo: v, loIncl: true };
  }
}

export function intersect(a: Interval, b: Interval): Interval {
  const lo = a.lo > b.lo ? a : b.lo > a.lo ? b : { lo: a.lo, loIncl: a.loIncl && b.loIncl };
  const hi = a.hi < b.hi ? a : b.hi < a.hi ? b : { hi: a.hi, hiIncl: a.hiIncl && b.hiIncl };
  return { lo: lo.lo, loIncl: lo.loIncl, hi: hi.hi, hiIncl: hi.hiIncl };
}

export function isEmpty(i: Interval): boolean {
  return i.lo > i.hi || (i.lo === i.hi && !(i.loIncl && i.hiIncl));
}

/** True when every value in `a` is also in `b`. */
export function within(a: Interval, b: Interval): boolean {
  if (isEmpty(a)) return true;
  const loOk = a.lo > b.lo || (a.lo === b.lo && (b.loIncl || !a.loIncl));
  const hiOk = a.hi < b.hi || (a.hi === b.hi && (b.hiIncl || !a.hiIncl));
  return loOk && hiOk;
}
