import type { ConditionProperties, RuleResult } from 'json-rules-engine';
import { FactChecker } from './facts.js';
import { UnknownCategoryError } from './errors.js';
import { contentHash } from './canonical.js';
import type { CompiledRuleset, LoadedStandard, RulesetSnapshot } from './load.js';
import { CompiledProgram, type EngineName } from './compiled-program.js';
import { EnginePool, RuleProgram } from './rule-program.js';
import type { CompactResult } from './compact.js';
import { expand, gradeOf } from './expand.js';
import { decisionsOf, lowestOfCompact, scoreCompact, scoresOf, type Decisions, type FactSource, type RuleOutcomes } from './score.js';
import { type ComparedFact, type Criteria, type EvaluationResult, type Provenance, type Text } from './types.js';

/** An evaluation with what re-grading needs later: the checked facts and the names of the rules that matched. */
export interface Scored {
  result: EvaluationResult;
  facts: Record<string, unknown>;
  matched: string[];
}

interface Prepared {
  compiled: CompiledRuleset;
  program: RuleProgram;
  /** The rules as closures (engine "compiled"). */
  closures: CompiledProgram;
  /** json-rules-engine engines (engine "jre"), created when first used. */
  pool: EnginePool;
}

export interface EvaluatorOptions {
  /** Which engine decides the rules: "compiled" (the default) or "jre", the reference it is checked against. */
  engine?: EngineName;
  /** json-rules-engine engines kept per category (engine "jre"). */
  poolSize?: number;
}

/**
 * The scoring core: category + facts + loaded ruleset → result. Facts are checked against the dictionary first,
 * the engine decides which rules match, and the aggregation turns that into scores, total and grade. The rules are
 * json-rules-engine rules: engine "jre" runs them on json-rules-engine (each run borrows an Engine of its own),
 * engine "compiled" (the default) runs the closures compiled from them at load time, which give identical results.
 */
export class Evaluator {
  private readonly prepared = new Map<string, Prepared>();
  private readonly checker: FactChecker;
  private readonly criteria: Criteria;
  /** The decisions of values scored by `compactValues`, for changes of them scored after. */
  private readonly decisionsOf = new WeakMap<unknown[], { category: string; matched: ArrayLike<number> }>();
  /** The engine that decides the rules. */
  readonly engine: EngineName;

  constructor(standard: LoadedStandard, options: EvaluatorOptions = {}) {
    this.criteria = standard.criteria;
    this.engine = options.engine ?? 'compiled';
    this.checker = new FactChecker(standard.criteria.facts);
    for (const [category, compiled] of Object.entries(standard.rulesets)) {
      const program = new RuleProgram(compiled.ruleset, standard.criteria);
      this.prepared.set(category, { compiled, program, closures: new CompiledProgram(program, this.checker.slots), pool: new EnginePool(program, options.poolSize ?? 8) });
    }
  }

  /**
   * An evaluator for exactly one stored ruleset snapshot (its category only), to reproduce an evaluation. The
   * snapshot was validated when it was stored; its hash is recomputed, so a changed snapshot shows a changed hash.
   */
  static fromSnapshot(snapshot: RulesetSnapshot, criteria: Pick<Criteria, 'classification'>, engine: EngineName = 'compiled'): Evaluator {
    const compiled: CompiledRuleset = { ruleset: snapshot.ruleset, hash: contentHash(snapshot), snapshot, ruleFiles: {} };
    const standard = {
      criteria: { classification: criteria.classification, facts: snapshot.facts, indicators: snapshot.indicators },
      rulesets: { [snapshot.ruleset.category]: compiled },
    } as LoadedStandard;
    return new Evaluator(standard, { engine, poolSize: 2 });
  }

  /** The categories this evaluator scores. */
  categories(): string[] {
    return [...this.prepared.keys()];
  }

  /** The ruleset (with its hash) used for a category. */
  ruleset(category: string): CompiledRuleset {
    return this.get(category).compiled;
  }

  /** The rules of a category as closures (the compiled engine). */
  closures(category: string): CompiledProgram {
    return this.get(category).closures;
  }

  /** The program of a category's rules (for coverage and explanations). */
  program(category: string): RuleProgram {
    return this.get(category).program;
  }

  /** Throws FactsInvalidError listing every problem with the facts; returns when they are valid. */
  checkFacts(category: string, facts: unknown): void {
    this.get(category);
    this.checker.prepare(facts);
  }

  /** Evaluates one agency. Throws UnknownCategoryError or FactsInvalidError on bad input. */
  evaluate(category: string, facts: unknown): Promise<EvaluationResult> {
    return this.evaluateCompact(category, facts).then((compact) => this.expand(compact));
  }

  /**
   * Evaluates one agency to the compact result (what evaluations store; `expand` gives the full one). Throws
   * UnknownCategoryError or FactsInvalidError on bad input.
   */
  evaluateCompact(category: string, facts: unknown): Promise<CompactResult> {
    try {
      if (this.engine === 'compiled') return Promise.resolve(this.compactNow(category, facts));
      return this.run(category, facts).then((r) => r.compact);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The full result of a compact one scored on a ruleset of this evaluator (the same hash): labels, reasons,
   * provenance and compared facts read from the ruleset. Throws UnknownCategoryError for a category it does not
   * score.
   */
  expand(compact: CompactResult): EvaluationResult {
    return expand(this.get(compact.category).program, this.criteria, compact);
  }

  /** Evaluates and also returns what a later re-grade needs (see `regrade`). */
  async score(category: string, facts: unknown): Promise<Scored> {
    const { compact, prepared, matched } = await this.run(category, facts);
    return { result: this.expand(compact), facts: prepared, matched };
  }

  /**
   * `score` without a promise, on the compiled engine whatever this evaluator's engine is: for bulk paths (impact,
   * re-evaluation) that score many agencies in a loop. Throws as `evaluate` rejects.
   */
  scoreNow(category: string, facts: unknown): Scored {
    const { program, closures } = this.get(category);
    const prepared = this.checker.prepare(facts);
    const decisions = closures.decide(prepared);
    return { result: this.expand(this.compactOf(category, prepared, decisions, true)), facts: prepared, matched: matchedNames(program, decisions) };
  }

  /**
   * The compact result on the compiled engine, without a promise: with `explain` false, without compared values
   * and missing evidence (for paths that try many fact changes, such as advice). Throws as `evaluate` rejects.
   */
  compactNow(category: string, facts: unknown, explain = true): CompactResult {
    this.get(category);
    // The facts as an array of values by slot: faster to build and to read than a checked copy of the object.
    return this.compactValues(category, this.checker.values(facts), explain);
  }

  /** The facts checked, as an array of values by slot (derived ones added): what `compactValues` scores. */
  values(facts: unknown): unknown[] {
    return this.checker.values(facts);
  }

  /**
   * `values({ ...given, ...changes })` when `values` is `values(given)`, checking only the changed facts (for
   * advice, which tries many changes of one agency's facts).
   */
  valuesChanged(given: Record<string, unknown>, values: unknown[], changes: Record<string, unknown>): unknown[] {
    return this.checker.valuesChanged(given, values, changes);
  }

  /** `valuesChanged` without `given`, or undefined where it throws (a change the dictionary refuses). */
  valuesChangedIfValid(values: unknown[], changes: Record<string, unknown>): unknown[] | undefined {
    return this.checker.valuesChangedIfValid(values, changes);
  }

  /**
   * `compactNow` of the values `values` or `valuesChanged` gave (not checked again). With `from` (the values these
   * were changed from, and the names of the facts changed), only the rules reading changed facts are decided again.
   */
  compactValues(category: string, values: unknown[], explain = true, from?: { values: unknown[]; changed: Iterable<string> }): CompactResult {
    const { compiled, program, closures } = this.get(category);
    const decisions = from ? closures.decideChanged(values, this.decided(category, from.values), from.changed) : closures.decideValues(values);
    if (!from) this.decisionsOf.set(values, { category, matched: decisions.matched });
    return scoreCompact(program, values as unknown as FactSource, decisions, compiled.hash, explain, this.checker.slots);
  }

  /** Which rules hold for values of a category, by rule index (kept as long as the values are). */
  private decided(category: string, values: unknown[]): ArrayLike<number> {
    const held = this.decisionsOf.get(values);
    if (held?.category === category) return held.matched;
    const matched = this.get(category).closures.decideValues(values).matched;
    this.decisionsOf.set(values, { category, matched });
    return matched;
  }

  /** A grade of a category's ruleset: its label, whether it passes and where it comes from (null: not a band). */
  grade(category: string, id: string): { label: Text; passing: boolean; basis: Provenance | null } {
    return gradeOf(this.get(category).program, id);
  }

  /** The node scores and indicator points of a compact result, rounded as the full result gives them. */
  scores(compact: CompactResult): ReturnType<typeof scoresOf> {
    return scoresOf(this.get(compact.category).program, compact);
  }

  /** The lowest score (%) of the nodes of one tree level that count in the total, from a compact result. */
  lowestAt(compact: CompactResult, level: number): number {
    return lowestOfCompact(this.get(compact.category).program, compact, level);
  }

  /**
   * The scores only, on the compiled engine: the same totals, grade, node and indicator scores and deciding rules as
   * `evaluate`, without the compared values and the missing evidence. Throws on bad input as `evaluate` rejects.
   */
  scoresNow(category: string, facts: unknown): EvaluationResult {
    return this.expand(this.compactNow(category, facts, false));
  }

  /** Checks the facts (throws synchronously on bad input), runs the engine, scores. */
  private run(category: string, facts: unknown): Promise<{ compact: CompactResult; prepared: Record<string, unknown>; matched: string[] }> {
    const { program, closures, pool } = this.get(category);
    const prepared = this.checker.prepare(facts);
    if (this.engine === 'compiled') {
      const decisions = closures.decide(prepared);
      return Promise.resolve({ compact: this.compactOf(category, prepared, decisions, true), prepared, matched: matchedNames(program, decisions) });
    }
    return pool
      .use((engine) => engine.run(prepared))
      .then((run) => {
        const outcomes = toOutcomes(run);
        return { compact: this.compactOf(category, prepared, decisionsOf(program, outcomes), true), prepared, matched: [...outcomes.matched.keys()] };
      });
  }

  /**
   * Scores checked facts given as an object (json-rules-engine's runs, re-grades): read as an array of values like
   * every other path, so the scoring's code only ever sees one form (a second made V8 optimise it less well).
   */
  private compactOf(category: string, facts: Record<string, unknown>, decisions: Decisions, explain: boolean): CompactResult {
    const { compiled, program } = this.get(category);
    return scoreCompact(program, this.checker.valuesOf(facts) as unknown as FactSource, decisions, compiled.hash, explain, this.checker.slots);
  }

  /**
   * Scores again from stored rule outcomes, without deciding any rule: right when only weights, points, caps,
   * bonus limits or grade bands changed (the conditions of the matched rules are the same). Traces carry no
   * compared values and missing evidence is not listed.
   */
  regrade(category: string, facts: Record<string, unknown>, matched: Iterable<string>): EvaluationResult {
    return this.expand(this.regradeCompact(category, facts, matched));
  }

  /** `regrade` to the compact result. */
  regradeCompact(category: string, facts: Record<string, unknown>, matched: Iterable<string>): CompactResult {
    const { program } = this.get(category);
    const set = new Set(matched);
    return this.compactOf(category, facts, decisionsOf(program, { matched: set, compared: () => [] }), false);
  }

  private get(category: string): Prepared {
    const prepared = this.prepared.get(category);
    if (!prepared) throw new UnknownCategoryError(category, this.categories());
    return prepared;
  }
}

/** The names of the rules that held, in file order. */
function matchedNames(program: RuleProgram, decisions: Decisions): string[] {
  const out: string[] = [];
  for (let i = 0; i < program.rules.length; i++) if (decisions.matched[i]) out.push(program.rules[i].name);
  return out;
}

/** Which rules matched, with the compared values read from json-rules-engine's results only when asked for (exported for the differential tests). */
export function toOutcomes(run: { results: RuleResult[]; failureResults: RuleResult[] }): RuleOutcomes & { matched: Map<string, RuleResult> } {
  const matched = new Map<string, RuleResult>();
  for (const result of run.results) matched.set(result.name, result);
  const resultOf = (rule: string) => matched.get(rule) ?? run.failureResults.find((r) => r.name === rule);
  return { matched, compared: (rule) => leaves(resultOf(rule)?.conditions) };
}

type EvaluatedCondition = ConditionProperties & { factResult?: unknown; result?: boolean; all?: unknown[]; any?: unknown[]; not?: unknown };

function leaves(condition: unknown, out: ComparedFact[] = []): ComparedFact[] {
  if (!condition) return out;
  const c = condition as EvaluatedCondition;
  if (Array.isArray(c.all)) c.all.forEach((child) => leaves(child, out));
  else if (Array.isArray(c.any)) c.any.forEach((child) => leaves(child, out));
  else if (c.not !== undefined) leaves(c.not, out);
  else if (c.fact !== undefined) {
    const fact: ComparedFact = { fact: c.fact, operator: c.operator, value: c.value, actual: c.factResult ?? null, result: c.result === true };
    if (c.path !== undefined) fact.path = c.path;
    out.push(fact);
  }
  return out;
}
