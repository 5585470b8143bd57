import { Engine, Operator, type RuleProperties } from 'json-rules-engine';
import { leavesOf } from './conditions.js';
import { resolvePath } from './safe-path.js';
import { IndicatorIndex, nodeWeights, type NodeWeights } from './tree.js';
import type { Criteria, GateRule, Ruleset, ScoringRule, TopCondition } from './types.js';

export type RuleKind = 'score' | 'prerequisite' | 'veto' | 'bonus';

/** One rule of a ruleset as the engine runs it: `name` is its id in results and traces. */
export interface ProgramRule {
  name: string;
  kind: RuleKind;
  key: string;
  /** The indicator a scoring rule belongs to. */
  indicator?: string;
  def: ScoringRule | GateRule;
  /** Facts the rule reads (conditions and points); a derived fact is named by the list it counts. */
  facts: string[];
}

/**
 * A ruleset turned into json-rules-engine rules, with the operators and path resolver every engine uses.
 * Operators reject an absent fact: a condition on a missing fact is false (json-rules-engine's own `notEqual`
 * would be true), so missing evidence never earns points and never fires a veto.
 */
export class RuleProgram {
  readonly rules: ProgramRule[] = [];
  readonly byName = new Map<string, ProgramRule>();
  /** Scoring rules per indicator, in file order. */
  readonly byIndicator = new Map<string, ProgramRule[]>();
  /** The facts each indicator's rules read ("bonus" for the bonus items). */
  readonly factsOf = new Map<string, string[]>();
  readonly prerequisites: ProgramRule[] = [];
  readonly vetoes: ProgramRule[] = [];
  readonly bonus: ProgramRule[] = [];
  /** The rules as json-rules-engine takes them. */
  readonly engineRules: RuleProperties[];
  /** The indicator tree the ruleset weighs. */
  readonly tree: IndicatorIndex;
  /** Every node's weight, as a share of its parent and of the total. */
  readonly weights: NodeWeights;

  constructor(
    readonly ruleset: Ruleset,
    private readonly criteria: Pick<Criteria, 'facts' | 'indicators'>,
  ) {
    this.tree = new IndicatorIndex(criteria.indicators);
    this.weights = nodeWeights(this.tree, ruleset.weights);
    for (const [indicator, ind] of Object.entries(ruleset.indicators)) {
      for (const [key, def] of Object.entries(ind.rules)) this.add({ name: `${indicator}.${key}`, kind: 'score', key, indicator, def });
    }
    for (const [key, def] of Object.entries(ruleset.prerequisites)) this.add({ name: `prerequisite.${key}`, kind: 'prerequisite', key, def });
    for (const [key, def] of Object.entries(ruleset.vetoes)) this.add({ name: `veto.${key}`, kind: 'veto', key, def });
    for (const [key, def] of Object.entries(ruleset.bonus.items)) this.add({ name: `bonus.${key}`, kind: 'bonus', key, def });
    for (const rule of this.rules) {
      if (rule.kind === 'prerequisite') this.prerequisites.push(rule);
      if (rule.kind === 'veto') this.vetoes.push(rule);
      if (rule.kind === 'bonus') this.bonus.push(rule);
      const group = rule.indicator ?? (rule.kind === 'bonus' ? 'bonus' : undefined);
      if (group) this.factsOf.set(group, [...new Set([...(this.factsOf.get(group) ?? []), ...rule.facts])]);
    }
    this.engineRules = this.rules.map((r) => ({
      name: r.name,
      conditions: r.def.conditions as RuleProperties['conditions'],
      event: { type: r.kind },
    }));
  }

  /**
   * A fresh engine for this program, or for only the named rules. Engines are not safe to share between concurrent
   * runs.
   */
  createEngine(only?: ReadonlySet<string>): Engine {
    const rules = only ? this.engineRules.filter((r) => only.has(r.name!)) : this.engineRules;
    const engine = new Engine(rules, {
      allowUndefinedFacts: true,
      pathResolver: resolvePath as (value: object, path: string) => unknown,
      replaceFactsInEventParams: false,
    });
    for (const operator of OPERATORS) engine.addOperator(operator);
    return engine;
  }

  private add(rule: Omit<ProgramRule, 'facts'>): void {
    const read = leavesOf(rule.def.conditions as TopCondition, '').map((l) => l.leaf.fact);
    const points = (rule.def as ScoringRule).points;
    if (points !== undefined && typeof points === 'object') read.push('perUnit' in points ? points.fact : points.rating);
    const facts = [...new Set(read.map((f) => this.criteria.facts.facts[f]?.derive?.count ?? f))];
    const full = { ...rule, facts };
    this.rules.push(full);
    this.byName.set(full.name, full);
    if (full.indicator) this.byIndicator.set(full.indicator, [...(this.byIndicator.get(full.indicator) ?? []), full]);
  }
}

const present = (a: unknown) => a !== undefined && a !== null;
const isNumber = (a: unknown) => typeof a === 'number' && Number.isFinite(a);

const OPERATORS = [
  new Operator('equal', (a, b) => a === b, present),
  new Operator('notEqual', (a, b) => a !== b, present),
  new Operator('in', (a, b: unknown[]) => Array.isArray(b) && b.includes(a), present),
  new Operator('notIn', (a, b: unknown[]) => Array.isArray(b) && !b.includes(a), present),
  new Operator('contains', (a: unknown[], b) => a.includes(b), Array.isArray),
  new Operator('doesNotContain', (a: unknown[], b) => !a.includes(b), Array.isArray),
  new Operator('lessThan', (a: number, b: number) => a < b, isNumber),
  new Operator('lessThanInclusive', (a: number, b: number) => a <= b, isNumber),
  new Operator('greaterThan', (a: number, b: number) => a > b, isNumber),
  new Operator('greaterThanInclusive', (a: number, b: number) => a >= b, isNumber),
];

/**
 * A bounded set of engines for one program: each run borrows one for itself, so N evaluations in flight give
 * exactly the sequential results (one shared Engine does not: its run status is shared).
 */
export class EnginePool {
  private readonly idle: Engine[] = [];
  private readonly waiting: ((engine: Engine) => void)[] = [];
  private created = 0;

  constructor(
    private readonly program: RuleProgram,
    private readonly size = 8,
  ) {}

  /** Runs `work` with an engine no other run is using. */
  use<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const run = (engine: Engine) =>
      work(engine).then(
        (value) => {
          this.release(engine);
          return value;
        },
        (error: unknown) => {
          this.release(engine);
          throw error;
        },
      );
    const engine = this.idle.pop() ?? (this.created < this.size ? this.create() : undefined);
    return engine ? run(engine) : new Promise<Engine>((resolve) => this.waiting.push(resolve)).then(run);
  }

  private create(): Engine {
    this.created++;
    return this.program.createEngine();
  }

  private release(engine: Engine): void {
    const next = this.waiting.shift();
    if (next) next(engine);
    else this.idle.push(engine);
  }
}
