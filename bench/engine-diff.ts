/**
 * The differential check between the two engines: the compiled closures against json-rules-engine, the reference.
 * Used by test/engines.spec.ts (CI) and `npm run fuzz:engines`. Three kinds of case, each compared byte for byte
 * (canonical JSON):
 * - `shipped`: a shipped category or an example scheme's ruleset, on generated valid facts: the whole result;
 * - `ruleset`: a random ruleset (random all/any/not trees to depth 5 on the shipped facts, every operator, paths,
 *   lists, boundary values, points per unit, ratings, tiers, prerequisites, vetoes, bonus) on generated valid
 *   facts with absent ones: the whole result;
 * - `wild`: random conditions on arbitrary JSON facts (wrong types, nulls, nested objects, fact references):
 *   which rules match and every leaf's compared value.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { canonicalJson, contentHash, Evaluator, loadStandard, repoRoot, type LoadedStandard } from '../src/core/index.js';
import { toOutcomes } from '../src/core/evaluator.js';
import { CompiledProgram } from '../src/core/compiled-program.js';
import { RuleProgram } from '../src/core/rule-program.js';
import type { Condition, FactDef, GateRule, Points, Ruleset, ScoringRule, TopCondition } from '../src/core/types.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';

export const OPERATOR_NAMES = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];
const PATHS = ['$.level', '$.name', '$.year', '$[0]', '$[0].level', '$[1].year', '$.n', '$.inner.n', '$.list[1]', '$', '$.__proto__', '$..level', 'level'];
const COMMITTEE = { basis: 'committee' as const, rationale: { zh: '随机', en: 'random' } };
const reason = (en: string) => ({ zh: en, en });

/** A difference between the engines: where, and the two texts. */
export interface Difference {
  kind: string;
  where: string;
  jre: string;
  compiled: string;
  input: unknown;
}

// ------------------------------------------------------------------------------------------------------------
// Whole results: shipped rulesets and random rulesets, through the Evaluator on both engines
// ------------------------------------------------------------------------------------------------------------

/**
 * Both engines' results for the same facts, compact and expanded (the expansion of each engine's compact result,
 * after a JSON round trip as stored); a Difference when their canonical JSON differs.
 */
export async function compareResults(jre: Evaluator, compiled: Evaluator, category: string, facts: unknown, kind: string): Promise<Difference | undefined> {
  const both = (e: Evaluator) =>
    settle(
      e.evaluateCompact(category, facts).then((compact) => {
        const stored = JSON.parse(JSON.stringify(compact)) as typeof compact;
        return { compact, result: e.expand(stored) };
      }),
    );
  const [a, b] = await Promise.all([both(jre), both(compiled)]);
  const [ja, jb] = [canonicalJson(a), canonicalJson(b)];
  return ja === jb ? undefined : { kind, where: category, jre: ja, compiled: jb, input: facts };
}

/** Both engines' `score` (result and matched rules) for the same facts. */
async function settle<T>(p: Promise<T>): Promise<T | { error: string }> {
  try {
    return await p;
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** An evaluator pair for a standard (one per engine). */
export function pair(standard: LoadedStandard): { jre: Evaluator; compiled: Evaluator } {
  return { jre: new Evaluator(standard, { engine: 'jre' }), compiled: new Evaluator(standard, { engine: 'compiled' }) };
}

/** The shipped standard and the example schemes, each with its evaluator pair. */
export function shippedStandards(): { name: string; standard: LoadedStandard }[] {
  const root = repoRoot();
  return [
    { name: 'shipped', standard: loadStandard({ rulesDir: join(root, 'rules'), criteriaDir: join(root, 'criteria') }) },
    { name: 'provincial', standard: loadStandard({ rulesDir: join(root, 'examples/schemes/provincial/rules'), criteriaDir: join(root, 'examples/schemes/provincial/criteria') }) },
  ];
}

/** Valid facts for a dictionary: a seed and rates of absent evidence, vetoes and failed prerequisites. */
export function factsFor(standard: LoadedStandard): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      optionalRate: fc.constantFrom(0, 0.3, 0.85, 1),
      vetoRate: fc.constantFrom(0, 0.1, 0.5),
      ineligibleRate: fc.constantFrom(0, 0.1, 0.5),
    })
    .map(({ seed, ...rates }) => new FactsGenerator(standard.criteria.facts, seededRandom(seed), rates).next());
}

/** Values worth comparing a fact with: its bounds, either side of them, zero, fractions, its allowed values. */
function valuesFor(def: FactDef): unknown[] {
  const lo = def.min ?? 0;
  const hi = def.max ?? 100;
  const numbers = [lo - 1, lo, lo + 0.5, lo + 1, Math.floor((lo + hi) / 2), hi - 1, hi, hi + 1, 0, 1, 2.5];
  const values = def.values ?? def.items?.values ?? [];
  return [...numbers, ...values, true, false, 'nope'];
}

/** A random condition tree on the shipped facts, all/any/not nested to `depth` levels. */
function conditionOn(standard: LoadedStandard, depth: number): fc.Arbitrary<Condition> {
  const facts = Object.entries(standard.criteria.facts.facts);
  const leaf = fc
    .record({
      fact: fc.constantFrom(...facts),
      operator: fc.constantFrom(...OPERATOR_NAMES),
      pick: fc.nat(),
      list: fc.array(fc.nat(), { maxLength: 4 }),
      path: fc.option(fc.constantFrom(...PATHS), { freq: 6 }),
    })
    .map(({ fact: [fact, def], operator, pick, list, path }) => {
      const pool = valuesFor(def);
      const value = operator === 'in' || operator === 'notIn' ? list.map((i) => pool[i % pool.length]) : pool[pick % pool.length];
      const out: Condition = { fact, operator, value };
      if (path !== null && (def.type === 'list' || path === '$')) out.path = path;
      return out;
    });
  const tree = fc.letrec<{ node: Condition }>((tie) => ({
    node: fc.oneof(
      { maxDepth: depth, depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
      tie('node').map((not) => ({ not })),
    ),
  }));
  return tree.node;
}

function top(c: fc.Arbitrary<Condition>): fc.Arbitrary<TopCondition> {
  return fc.oneof(
    fc.array(c, { minLength: 1, maxLength: 4 }).map((all) => ({ all })),
    fc.array(c, { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
    c.map((not) => ({ not })),
  );
}

/** A random ruleset for the first category of a standard: its tree and weights, every rule random. */
export function randomRuleset(standard: LoadedStandard): fc.Arbitrary<Ruleset> {
  const base = Object.values(standard.rulesets)[0].ruleset;
  const facts = Object.entries(standard.criteria.facts.facts);
  const counts = facts.filter(([, d]) => d.type === 'list' || d.type === 'integer' || d.type === 'number').map(([id]) => id);
  const ratings = facts.filter(([, d]) => d.type === 'rating').map(([id]) => id);
  const conditions = top(conditionOn(standard, 5));
  const points: fc.Arbitrary<Points> = fc.oneof(
    fc.constantFrom(0, 1, 5, 10, 12.5, 40, 100, 150),
    fc.record({ perUnit: fc.constantFrom(0.5, 2, 5, 20), fact: fc.constantFrom(...counts), cap: fc.option(fc.constantFrom(10, 30, 100), { nil: undefined }) }).map((p) => {
      if (p.cap === undefined) delete p.cap;
      return p;
    }),
    fc.record({ rating: fc.constantFrom(...ratings), range: fc.constantFrom<[number, number]>([0, 5], [1, 5], [2, 4], [0, 100]), max: fc.constantFrom(10, 50, 100) }),
  );
  const scoring = fc.record({ conditions, points, tier: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) }).map(({ conditions, points, tier }, ) => {
    const rule: ScoringRule = { ...COMMITTEE, reason: reason('random rule'), conditions, points };
    if (tier !== undefined) rule.tier = tier;
    return rule;
  });
  const gate: fc.Arbitrary<GateRule> = conditions.map((conditions) => ({ basis: 'standard', clause: '5', reason: reason('random gate'), conditions }));
  const keyed = <T>(arb: fc.Arbitrary<T>, prefix: string, max: number) =>
    fc.array(arb, { maxLength: max }).map((xs) => Object.fromEntries(xs.map((x, i) => [`${prefix}${i}`, x])));
  const indicatorIds = Object.keys(base.indicators);
  return fc
    .record({
      indicators: fc.tuple(...indicatorIds.map(() => fc.record({ max: fc.constantFrom(10, 20, 100), rules: keyed(scoring, 'r', 2) }))),
      prerequisites: keyed(gate, 'p', 2),
      vetoes: keyed(gate, 'v', 2),
      bonus: keyed(scoring, 'b', 2),
      cap: fc.constantFrom(100, 105, 110),
    })
    .map((r) => ({
      ...base,
      indicators: Object.fromEntries(indicatorIds.map((id, i) => [id, r.indicators[i]])),
      prerequisites: r.prerequisites,
      vetoes: r.vetoes,
      bonus: { ...base.bonus, cap: r.cap, items: r.bonus },
    }));
}

/** The standard with `ruleset` as its only category (as a stored snapshot would give it). */
export function withRuleset(standard: LoadedStandard, ruleset: Ruleset): LoadedStandard {
  const snapshot = { ruleset, facts: standard.criteria.facts, indicators: standard.criteria.indicators };
  return { ...standard, rulesets: { [ruleset.category]: { ruleset, hash: contentHash(snapshot), snapshot, ruleFiles: {} } } } as LoadedStandard;
}

// ------------------------------------------------------------------------------------------------------------
// Wild facts: random conditions on arbitrary JSON, compared rule by rule
// ------------------------------------------------------------------------------------------------------------

const WILD_FACTS = ['a', 'b', 'c', 'list', 'obj', 'absent'];
const scalar = fc.oneof(
  fc.constantFrom(-1, 0, 1, 2, 2.5, 10, -0, 1e9, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: -5, max: 15 }),
  fc.constantFrom('x', 'y', '', 'level'),
  fc.boolean(),
  fc.constant(null),
);
const wildValue = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.record({ level: tie('v'), n: tie('v'), inner: tie('v'), list: tie('v') }, { requiredKeys: [], noNullPrototype: true }),
  ),
})).v;

/** Arbitrary facts: any of a few names, any JSON value. */
export const wildFacts: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(fc.constantFrom(...WILD_FACTS.slice(0, -1)), wildValue), { maxLength: 6 })
  .map((entries) => Object.fromEntries(entries));

const wildLeaf: fc.Arbitrary<Condition> = fc
  .record({
    fact: fc.constantFrom(...WILD_FACTS),
    operator: fc.constantFrom(...OPERATOR_NAMES),
    value: fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 3, arbitrary: fc.array(scalar, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.record({ fact: fc.constantFrom(...WILD_FACTS), path: fc.constantFrom(...PATHS) }, { requiredKeys: ['fact'], noNullPrototype: true }) }),
    path: fc.option(fc.constantFrom(...PATHS), { freq: 3, nil: undefined }),
  })
  .map((l) => {
    if (l.path === undefined) delete l.path;
    return l;
  });

const wildTree = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 5, depthSize: 'small', withCrossShrink: true },
    wildLeaf,
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((all) => ({ all })),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

/** A few random gates (their conditions are all the wild check needs). */
export const wildGates: fc.Arbitrary<TopCondition[]> = fc.array(top(wildTree), { minLength: 1, maxLength: 6 });

/** A rule program whose rules are the given conditions (as prerequisites), on a standard's tree. */
export function wildProgram(standard: LoadedStandard, gates: TopCondition[]): RuleProgram {
  const base = Object.values(standard.rulesets)[0].ruleset;
  const ruleset: Ruleset = {
    ...base,
    indicators: Object.fromEntries(Object.entries(base.indicators).map(([id, ind]) => [id, { max: ind.max, rules: {} }])),
    prerequisites: Object.fromEntries(gates.map((conditions, i) => [`g${i}`, { basis: 'standard', clause: '5', reason: reason('wild'), conditions }])),
    vetoes: {},
    bonus: { ...base.bonus, items: {} },
  };
  return new RuleProgram(ruleset, standard.criteria);
}

/** Both engines on one program and facts: a Difference when a rule's match or its compared leaves differ. */
export async function compareWild(program: RuleProgram, closures: CompiledProgram, facts: Record<string, unknown>, engine = program.createEngine()): Promise<Difference | undefined> {
  let reference: ReturnType<typeof toOutcomes> | { error: string };
  try {
    reference = toOutcomes(await engine.run(facts));
  } catch (error) {
    reference = { error: String(error) };
  }
  let mine: ReturnType<CompiledProgram['run']> | { error: string };
  try {
    mine = closures.run(facts);
  } catch (error) {
    mine = { error: String(error) };
  }
  const view = (o: typeof reference | typeof mine) => {
    if ('error' in o) return o;
    try {
      return program.rules.map((r) => ({ rule: r.name, matched: o.matched.has(r.name), compared: o.compared(r.name) }));
    } catch (error) {
      return { error: String(error) };
    }
  };
  const [a, b] = [canonicalJson(view(reference)), canonicalJson(view(mine))];
  return a === b ? undefined : { kind: 'wild', where: program.rules.map((r) => r.name).join(','), jre: a, compiled: b, input: { facts, gates: program.rules.map((r) => r.def.conditions) } };
}

// ------------------------------------------------------------------------------------------------------------
// A run: N cases from one seed
// ------------------------------------------------------------------------------------------------------------

export interface FuzzReport {
  cases: number;
  byKind: Record<string, number>;
  differences: Difference[];
}

/** Facts compared per generated ruleset (a ruleset costs more to build than a case to run). */
const PER_GROUP = 25;

/**
 * Runs `cases` comparisons from `seed` (the same seed gives the same cases): a fifth on the shipped rulesets and
 * the example scheme, a fifth on random rulesets, three fifths on wild facts. Stops collecting after 10
 * differences. `stop` ends the run early (between groups of cases); the report then counts the cases compared.
 */
export async function fuzzEngines(
  cases: number,
  seed: number,
  onProgress?: (done: number) => void,
  stop: () => boolean = () => false,
  onDifference?: (d: Difference) => void,
): Promise<FuzzReport> {
  const standards = shippedStandards();
  const shipped = standards[0].standard;
  const pairs = standards.flatMap(({ standard }) => Object.keys(standard.rulesets).map((category) => ({ category, standard, ...pair(standard) })));
  const report: FuzzReport = { cases: 0, byKind: { shipped: 0, ruleset: 0, wild: 0 }, differences: [] };
  const note = (kind: string, d: Difference | undefined) => {
    report.cases++;
    report.byKind[kind]++;
    if (d && report.differences.length < 10) {
      report.differences.push(d);
      onDifference?.(d);
    }
    if (onProgress && report.cases % 10_000 === 0) onProgress(report.cases);
  };
  // Between groups the event loop gets a turn, so a signal handler (the CLI's `stop`) can run.
  const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
  const quota = { shipped: Math.round(cases / 5), ruleset: Math.round(cases / 5) };
  quota.ruleset = Math.min(quota.ruleset, cases - quota.shipped);
  const wildQuota = cases - quota.shipped - quota.ruleset;
  for (let group = 0; report.byKind.shipped < quota.shipped && !stop(); group++) {
    await breathe();
    const p = pairs[group % pairs.length];
    const n = Math.min(PER_GROUP, quota.shipped - report.byKind.shipped);
    for (const facts of fc.sample(factsFor(p.standard), { seed: seed + group * 7919, numRuns: n })) {
      note('shipped', await compareResults(p.jre, p.compiled, p.category, facts, 'shipped'));
    }
  }
  for (let group = 0; report.byKind.ruleset < quota.ruleset && !stop(); group++) {
    await breathe();
    const [ruleset] = fc.sample(randomRuleset(shipped), { seed: seed + 1 + group * 7919, numRuns: 1 });
    const { jre, compiled } = pair(withRuleset(shipped, ruleset));
    const n = Math.min(PER_GROUP, quota.ruleset - report.byKind.ruleset);
    for (const facts of fc.sample(factsFor(shipped), { seed: seed + 2 + group * 7919, numRuns: n })) {
      const d = await compareResults(jre, compiled, ruleset.category, facts, 'ruleset');
      note('ruleset', d && { ...d, input: { ruleset, facts } });
    }
  }
  for (let group = 0; report.byKind.wild < wildQuota && !stop(); group++) {
    await breathe();
    const [gates] = fc.sample(wildGates, { seed: seed + 3 + group * 7919, numRuns: 1 });
    const program = wildProgram(shipped, gates);
    const closures = new CompiledProgram(program);
    const engine = program.createEngine();
    const n = Math.min(PER_GROUP, wildQuota - report.byKind.wild);
    for (const facts of fc.sample(wildFacts, { seed: seed + 4 + group * 7919, numRuns: n })) note('wild', await compareWild(program, closures, facts, engine));
  }
  return report;
}
