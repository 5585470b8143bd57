import { leavesOf } from './conditions.js';
import { comparedFacts, type CompactCompared } from './compact.js';
import type { RuleProgram } from './rule-program.js';
import type { Decisions, RuleOutcomes } from './score.js';
import { resolvePath } from './safe-path.js';
import type { ComparedFact, Condition, LeafCondition, TopCondition } from './types.js';

/** Which evaluator decides the rules: closures compiled from the rule JSON, or json-rules-engine itself. */
export type EngineName = 'compiled' | 'jre';
export const ENGINES: readonly EngineName[] = ['compiled', 'jre'];

type Facts = Record<string, unknown>;
/**
 * What closures read facts from: a facts object (by name), or the checker's array of values (by slot, see
 * FactChecker.values: faster to build and to read than an object of some seventy keys).
 */
type Source = Record<string | number, unknown>;
/** Where a fact is read in a source: its name or slot; undefined for a name every object inherits (read as own). */
type KeyOf = (fact: string) => string | number | undefined;

const byName: KeyOf = (fact) => (fact in Object.prototype ? undefined : fact);
/**
 * A compiled condition: true when it holds for the facts; with `out`, records every leaf's compared value and
 * result in order (the operator, value and path are the rule's own, so they are not copied).
 */
type Test = (facts: Source, out?: CompactCompared) => boolean;

/**
 * A rule's conditions compiled: `test` decides; `leaves` gives every compared leaf's value and result as
 * json-rules-engine compares them; `explain` the same as ComparedFact objects.
 */
export interface CompiledRule {
  name: string;
  test: (facts: Facts) => boolean;
  leaves: (facts: Facts) => CompactCompared;
  explain: (facts: Facts) => ComparedFact[];
}

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);
const present = (a: unknown) => a !== undefined && a !== null;
const isNumber = (a: unknown): a is number => typeof a === 'number' && Number.isFinite(a);

/**
 * The ten operators with this project's semantics for absent facts (as RuleProgram gives json-rules-engine): a
 * comparison whose fact value fails the operator's check (absent, or not a list, or not a number) is false.
 */
const OPERATORS: Record<string, (a: unknown, b: unknown) => boolean> = {
  equal: (a, b) => present(a) && a === b,
  notEqual: (a, b) => present(a) && a !== b,
  in: (a, b) => present(a) && Array.isArray(b) && b.includes(a),
  notIn: (a, b) => present(a) && Array.isArray(b) && !b.includes(a),
  contains: (a, b) => Array.isArray(a) && a.includes(b),
  doesNotContain: (a, b) => Array.isArray(a) && !a.includes(b),
  lessThan: (a, b) => isNumber(a) && a < (b as number),
  lessThanInclusive: (a, b) => isNumber(a) && a <= (b as number),
  greaterThan: (a, b) => isNumber(a) && a > (b as number),
  greaterThanInclusive: (a, b) => isNumber(a) && a >= (b as number),
};

/**
 * A fact's value as json-rules-engine's almanac gives it: undefined when absent (allowUndefinedFacts); with a
 * `path`, the value at that plain dot path when the fact is an object, else the fact's own value.
 */
function reader(fact: string, path: unknown, keyOf: KeyOf): (facts: Source) => unknown {
  // A fact named like a property every object inherits (toString, __proto__…) must be the facts' own; any other
  // name (or slot) reads directly, which gives the same (undefined when absent) and is faster.
  const key = keyOf(fact);
  const own = key === undefined ? (facts: Source) => (hasOwn(facts, fact) ? facts[fact] : undefined) : (facts: Source) => facts[key];
  if (typeof path !== 'string' || path === '') return own;
  return (facts) => {
    const value = own(facts);
    return value !== null && typeof value === 'object' ? resolvePath(value, path) : value;
  };
}

/** The value compared with: a constant, or (json-rules-engine's `{ "fact": … }` form) another fact's value. */
function operand(value: unknown, keyOf: KeyOf): (facts: Source) => unknown {
  if (value !== null && typeof value === 'object' && hasOwn(value, 'fact')) {
    const ref = value as { fact: string; path?: unknown };
    return reader(ref.fact, ref.path, keyOf);
  }
  return () => value;
}

/** Records a leaf's compared value and result. */
function record(out: CompactCompared, actual: unknown, result: boolean): void {
  out[0].push(actual ?? null);
  out[1] += result ? '1' : '0';
}

/**
 * The common leaves (a fact read directly, compared with a constant by a frequent operator) as one closure each,
 * without the reader and operator calls: the same comparison as OPERATORS, written out. Undefined for the others.
 */
function directLeaf(fact: string | number, operator: string, value: unknown): Test | undefined {
  const n = value as number;
  switch (operator) {
    case 'greaterThanInclusive':
      return (facts, out) => {
        const a = facts[fact];
        const r = typeof a === 'number' && Number.isFinite(a) && a >= n;
        if (out) record(out, a, r);
        return r;
      };
    case 'greaterThan':
      return (facts, out) => {
        const a = facts[fact];
        const r = typeof a === 'number' && Number.isFinite(a) && a > n;
        if (out) record(out, a, r);
        return r;
      };
    case 'lessThanInclusive':
      return (facts, out) => {
        const a = facts[fact];
        const r = typeof a === 'number' && Number.isFinite(a) && a <= n;
        if (out) record(out, a, r);
        return r;
      };
    case 'lessThan':
      return (facts, out) => {
        const a = facts[fact];
        const r = typeof a === 'number' && Number.isFinite(a) && a < n;
        if (out) record(out, a, r);
        return r;
      };
    case 'equal':
      return (facts, out) => {
        const a = facts[fact];
        const r = a !== undefined && a !== null && a === value;
        if (out) record(out, a, r);
        return r;
      };
    default:
      return undefined;
  }
}

function compileLeaf(leaf: LeafCondition, keyOf: KeyOf): Test {
  const op = hasOwn(OPERATORS, leaf.operator) ? OPERATORS[leaf.operator] : undefined;
  const read = reader(leaf.fact, leaf.path, keyOf);
  const rhs = operand(leaf.value, keyOf);
  if (!op) return () => false; // never runs: see `unrunnable`
  const constant = !(leaf.value !== null && typeof leaf.value === 'object' && hasOwn(leaf.value, 'fact'));
  const value = leaf.value;
  const plain = typeof leaf.path !== 'string' || leaf.path === '';
  const key = keyOf(leaf.fact);
  const direct = constant && plain && key !== undefined ? directLeaf(key, leaf.operator, value) : undefined;
  if (direct) return direct;
  return (facts, out) => {
    const actual = read(facts);
    const result = op(actual, constant ? value : rhs(facts)) === true;
    if (out) record(out, actual, result);
    return result;
  };
}

/**
 * A condition tree to one closure. Deciding (no `out`) stops at the first leaf that settles the answer; explaining
 * evaluates every leaf, as json-rules-engine does (it runs all conditions of one priority), so every leaf's
 * compared value is listed. An empty all/any holds, as in json-rules-engine.
 */
function compile(condition: Condition | TopCondition, keyOf: KeyOf): Test {
  if ('all' in condition) return group(condition.all.map((c) => compile(c, keyOf)), true);
  if ('any' in condition) return group(condition.any.map((c) => compile(c, keyOf)), false);
  if ('not' in condition) {
    const inner = compile(condition.not, keyOf);
    return (facts, out) => !inner(facts, out);
  }
  if ('condition' in condition) return () => false; // never runs: see `unrunnable`
  return compileLeaf(condition, keyOf);
}

/** Why json-rules-engine would refuse to run these conditions (an unknown operator or condition), if it would. */
function unrunnable(condition: Condition | TopCondition): string | undefined {
  if ('all' in condition) return firstOf(condition.all.map(unrunnable));
  if ('any' in condition) return firstOf(condition.any.map(unrunnable));
  if ('not' in condition) return unrunnable(condition.not);
  if ('condition' in condition) return `No condition ${String((condition as { condition: unknown }).condition)} exists`;
  return hasOwn(OPERATORS, condition.operator) ? undefined : `Unknown operator: ${condition.operator}`;
}

const firstOf = (xs: (string | undefined)[]) => xs.find((x) => x !== undefined);

function group(parts: Test[], every: boolean): Test {
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0];
  return (facts, out) => {
    if (!out) {
      for (const part of parts) if (part(facts) !== every) return !every;
      return every;
    }
    let result = every;
    for (const part of parts) if (part(facts, out) !== every) result = !every;
    return result;
  };
}

/**
 * A ruleset's rules compiled to closures at load time, to decide which rules match without json-rules-engine. No
 * eval, no `new Function`: the rule files stay data, and each closure only reads facts and compares. It decides
 * exactly as json-rules-engine does with RuleProgram's operators and path resolver (the differential tests in
 * test/engines.spec.ts and `npm run fuzz:engines` check it), so the aggregation gives byte-identical results.
 */
export class CompiledProgram {
  readonly rules: CompiledRule[];
  private readonly tests: Test[];
  /** The same rules reading the checker's array of values (when constructed with its slots). */
  private readonly slotTests?: Test[];
  private readonly byName = new Map<string, CompiledRule>();
  /** For each fact, the rules whose decision may change with it (see `decideChanged`). */
  private readonly readers = new Map<string, number[]>();
  /** Rules decided again whatever changed: those comparing with another fact's value, and those that cannot run. */
  private readonly always: number[] = [];

  /** With `slots` (FactChecker.slots), the rules also compile to read an array of values (`decideValues`). */
  constructor(program: RuleProgram, slots?: ReadonlyMap<string, number>) {
    const compileAll = (keyOf: KeyOf) =>
      program.rules.map((rule): Test => {
        const broken = unrunnable(rule.def.conditions);
        // json-rules-engine fails the whole run on an unknown operator, whichever leaf decides: so does this.
        return broken
          ? () => {
              throw new Error(broken);
            }
          : compile(rule.def.conditions, keyOf);
      });
    this.tests = compileAll(byName);
    // A fact outside the dictionary has no slot: it reads the one past the last, always empty.
    if (slots) this.slotTests = compileAll((fact) => slots.get(fact) ?? slots.size);
    this.rules = program.rules.map((rule, i) => {
      const test = this.tests[i];
      const leaves = leavesOf(rule.def.conditions, '').map((l) => l.leaf);
      const compared = (facts: Facts): CompactCompared => {
        const out: CompactCompared = [[], ''];
        test(facts, out);
        return out;
      };
      return { name: rule.name, test: (facts: Facts) => test(facts), leaves: compared, explain: (facts: Facts) => comparedFacts(leaves, compared(facts)) };
    });
    for (const rule of this.rules) this.byName.set(rule.name, rule);
    program.rules.forEach((rule, i) => {
      const leaves = leavesOf(rule.def.conditions, '').map((l) => l.leaf);
      const refers = leaves.some((l) => l.value !== null && typeof l.value === 'object' && hasOwn(l.value, 'fact'));
      if (refers || unrunnable(rule.def.conditions) !== undefined) return void this.always.push(i);
      // The facts its leaves read, and (rule.facts) the list each derived count is of.
      for (const fact of new Set([...leaves.map((l) => l.fact), ...rule.facts])) this.readers.set(fact, [...(this.readers.get(fact) ?? []), i]);
    });
  }

  /**
   * Which rules match these (checked) facts, by index in the program's rules: the fast path the scoring takes.
   * Compared values are worked out only for the rules a result shows, when asked for.
   */
  decide(facts: Facts): Decisions {
    return decideWith(this.tests, facts);
  }

  /**
   * `decideValues` of values that differ from those `base` was decided on only in the `changed` facts (supplied
   * facts: a changed list changes its derived counts too): only the rules that read them are decided again. The
   * same decisions as `decideValues(values)`, for paths that try many small changes of one agency's facts (advice).
   */
  decideChanged(values: unknown[], base: ArrayLike<number>, changed: Iterable<string>): Decisions {
    if (!this.slotTests) throw new Error('compiled without fact slots');
    const tests = this.slotTests;
    const facts = values as unknown as Source;
    const matched = new Uint8Array(base); // a copy (Uint8Array.from would go through the iterator, several times slower)
    for (const fact of changed) for (const i of this.readers.get(fact) ?? []) matched[i] = tests[i](facts) ? 1 : 0;
    for (const i of this.always) matched[i] = tests[i](facts) ? 1 : 0;
    return { matched, compared: comparedWith(tests, facts) };
  }

  /** `decide` on the checker's array of values (FactChecker.values); needs the slots it was constructed with. */
  decideValues(values: unknown[]): Decisions {
    if (!this.slotTests) throw new Error('compiled without fact slots');
    return decideWith(this.slotTests, values as unknown as Source);
  }

  /** The rules that match these (checked) facts, in file order; compared values are worked out when asked for. */
  run(facts: Facts): RuleOutcomes & { matched: Set<string> } {
    const matched = new Set<string>();
    for (const rule of this.rules) if (rule.test(facts)) matched.add(rule.name);
    return { matched, compared: (name) => this.byName.get(name)?.explain(facts) ?? [] };
  }
}

function decideWith(tests: Test[], facts: Source): Decisions {
  const matched = new Uint8Array(tests.length);
  for (let i = 0; i < tests.length; i++) matched[i] = tests[i](facts) ? 1 : 0;
  return { matched, compared: comparedWith(tests, facts) };
}

/** Rule i's compared leaves on these facts, worked out when asked for (explaining runs every leaf). */
function comparedWith(tests: Test[], facts: Source): Decisions['compared'] {
  return (i) => {
    const out: CompactCompared = [[], ''];
    tests[i](facts, out);
    return out;
  };
}
