import type { CompiledRule } from '../core/compiled-program.js';
import { canonicalJson, round2, type EvaluationResult, type Evaluator } from '../core/index.js';
import { calibrate, type Calibration } from './calibration.js';

/** An agency's latest submission, with its stored rule outcomes under the active ruleset when there are any. */
export interface ImpactAgency {
  id: string;
  name?: string;
  category: string;
  facts: Record<string, unknown>;
}

/** How a category was re-scored under the candidate. */
export type RescoreMode =
  | 'regrade' // only weights, points, caps or bands changed: stored outcomes re-aggregated, no rule decided again
  | 'partial' // some conditions changed: the compiled engine re-runs only the changed rules
  | 'rescore'; // the fact dictionary or the indicator tree changed: every rule runs again

export interface GradeTransition {
  from: string;
  to: string;
  count: number;
}

export interface CategoryImpact {
  category: string;
  agencies: number;
  mode: RescoreMode;
  transitions: GradeTransition[];
  meanBefore: number;
  meanAfter: number;
  meanShift: number;
  medianBefore: number;
  medianAfter: number;
  medianShift: number;
  becameIneligible: string[];
  becameVetoed: string[];
}

export interface AffectedAgency {
  id: string;
  name?: string;
  category: string;
  before: { total: number; grade: string };
  after: { total: number; grade: string };
  delta: number;
  /** The indicators whose weighted contribution moved most. */
  indicators: { id: string; before: number; after: number; delta: number }[];
}

export interface ImpactReport {
  agencies: number;
  categories: CategoryImpact[];
  mostAffected: AffectedAgency[];
  calibration: { active: Calibration; candidate: Calibration };
}

/** What the impact report reads of a result (kept small: 100,000 of them are held at once). */
export interface ResultSummary {
  category: string;
  total: number;
  grade: string;
  eligible: boolean;
  vetoed: boolean;
  nodes: { id: string; score: number }[];
  indicators: { id: string; points: number; contribution: number }[];
}

export function summarize(r: EvaluationResult): ResultSummary {
  return {
    category: r.category,
    total: r.total,
    grade: r.grade,
    eligible: r.eligible,
    vetoed: r.vetoed,
    nodes: r.nodes.map((d) => ({ id: d.id, score: d.score })),
    indicators: r.indicators.map((i) => ({ id: i.id, points: i.points, contribution: i.contribution })),
  };
}

/** Stored outcome of an agency under the active ruleset: what re-grading needs. */
interface Baseline {
  agency: ImpactAgency;
  result: ResultSummary;
  facts: Record<string, unknown>;
  matched: string[];
}

export interface ImpactOptions {
  /** Called now and then with the agencies done so far. */
  onProgress?: (done: number, total: number) => void;
  /** How many most-affected agencies to list (default 20). */
  top?: number;
}

/**
 * Keeps each agency's rule outcomes under the active ruleset, so a candidate can be compared against it quickly:
 * a change of weights, points, caps or bands re-aggregates the stored outcomes; a change of conditions re-runs
 * only the changed rules.
 */
export class ImpactBase {
  private constructor(
    readonly active: Evaluator,
    readonly baselines: Baseline[],
  ) {}

  /** Scores every agency under the active ruleset once (the slow part, done when the submissions are loaded). */
  static async build(active: Evaluator, agencies: ImpactAgency[], options: ImpactOptions = {}): Promise<ImpactBase> {
    const baselines: Baseline[] = [];
    for (const [i, agency] of agencies.entries()) {
      const scored = active.scoreNow(agency.category, agency.facts);
      baselines.push({ agency, result: summarize(scored.result), facts: scored.facts, matched: scored.matched });
      if (i % 1000 === 999 || due()) await tick(options, i + 1, agencies.length);
    }
    return new ImpactBase(active, baselines);
  }

  /** Every agency's result under the candidate, in the order of the baselines, and how each category was done. */
  async rescoreAll(candidate: Evaluator, options: ImpactOptions = {}): Promise<{ after: ResultSummary[]; modes: Map<string, RescoreMode> }> {
    const plans = new Map(candidate.categories().map((c) => [c, planFor(this.active, candidate, c)]));
    const after: ResultSummary[] = [];
    for (const [i, b] of this.baselines.entries()) {
      after.push(summarize(rescore(candidate, b, plans.get(b.agency.category)!)));
      if (i % 1000 === 999 || due()) await tick(options, i + 1, this.baselines.length);
    }
    options.onProgress?.(this.baselines.length, this.baselines.length);
    return { after, modes: new Map([...plans].map(([c, p]) => [c, p.mode])) };
  }

  /** The candidate's effect on every agency, against the active ruleset. */
  async compare(candidate: Evaluator, options: ImpactOptions = {}): Promise<ImpactReport> {
    const { after, modes } = await this.rescoreAll(candidate, options);
    const before = this.baselines.map((b) => b.result);
    return {
      agencies: this.baselines.length,
      categories: candidate.categories().filter((c) => this.baselines.some((b) => b.agency.category === c)).map((c) =>
        categoryImpact(c, modes.get(c)!, this.baselines, after),
      ),
      mostAffected: mostAffected(this.baselines, after, options.top ?? 20),
      calibration: { active: calibrate(before), candidate: calibrate(after) },
    };
  }
}

interface Plan {
  mode: RescoreMode;
  /** Candidate rules whose conditions are new or changed (partial mode). */
  changed: Set<string>;
  /** Candidate rules the stored outcomes still answer for. */
  unchanged: Set<string>;
  /** The changed rules, compiled (partial mode). */
  rules?: CompiledRule[];
}

function planFor(active: Evaluator, candidate: Evaluator, category: string): Plan {
  const a = active.ruleset(category);
  const b = candidate.ruleset(category);
  const same = (x: unknown, y: unknown) => canonicalJson(x) === canonicalJson(y);
  if (!same(a.snapshot.facts, b.snapshot.facts) || !same(a.snapshot.indicators, b.snapshot.indicators)) return { mode: 'rescore', changed: new Set(), unchanged: new Set() };
  const before = new Map(active.program(category).rules.map((r) => [r.name, canonicalJson(r.def.conditions)]));
  const changed = new Set<string>();
  const unchanged = new Set<string>();
  for (const rule of candidate.program(category).rules) {
    (before.get(rule.name) === canonicalJson(rule.def.conditions) ? unchanged : changed).add(rule.name);
  }
  if (changed.size === 0) return { mode: 'regrade', changed, unchanged };
  return { mode: 'partial', changed, unchanged, rules: candidate.closures(category).rules.filter((r) => changed.has(r.name)) };
}

/** An agency under the candidate, on the compiled engine: in full, or re-aggregated with only the changed rules run. */
function rescore(candidate: Evaluator, b: Baseline, plan: Plan): EvaluationResult {
  const category = b.agency.category;
  if (plan.mode === 'rescore') return candidate.scoreNow(category, b.agency.facts).result;
  const matched = b.matched.filter((name) => plan.unchanged.has(name));
  if (plan.mode === 'partial') for (const rule of plan.rules!) if (rule.test(b.facts)) matched.push(rule.name);
  return candidate.regrade(category, b.facts, matched);
}

function categoryImpact(category: string, mode: RescoreMode, baselines: Baseline[], after: ResultSummary[]): CategoryImpact {
  const idx = baselines.map((b, i) => (b.agency.category === category ? i : -1)).filter((i) => i >= 0);
  const transitions = new Map<string, number>();
  const becameIneligible: string[] = [];
  const becameVetoed: string[] = [];
  for (const i of idx) {
    const x = baselines[i].result;
    const y = after[i];
    const key = `${x.grade}\u0000${y.grade}`;
    transitions.set(key, (transitions.get(key) ?? 0) + 1);
    if (x.eligible && !y.eligible) becameIneligible.push(baselines[i].agency.id);
    if (!x.vetoed && y.vetoed) becameVetoed.push(baselines[i].agency.id);
  }
  const totalsBefore = idx.map((i) => baselines[i].result.total);
  const totalsAfter = idx.map((i) => after[i].total);
  const stats = { meanBefore: mean(totalsBefore), meanAfter: mean(totalsAfter), medianBefore: median(totalsBefore), medianAfter: median(totalsAfter) };
  return {
    category,
    agencies: idx.length,
    mode,
    transitions: [...transitions].map(([key, count]) => {
      const [from, to] = key.split('\u0000');
      return { from, to, count };
    }).sort((p, q) => q.count - p.count),
    ...stats,
    meanShift: round2(stats.meanAfter - stats.meanBefore),
    medianShift: round2(stats.medianAfter - stats.medianBefore),
    becameIneligible,
    becameVetoed,
  };
}

function mostAffected(baselines: Baseline[], after: ResultSummary[], top: number): AffectedAgency[] {
  return baselines
    .map((b, i) => ({ b, y: after[i], delta: round2(after[i].total - b.result.total) }))
    .filter((x) => x.delta !== 0 || x.b.result.grade !== x.y.grade)
    .sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta))
    .slice(0, top)
    .map(({ b, y, delta }) => ({
      id: b.agency.id,
      name: b.agency.name,
      category: b.agency.category,
      before: { total: b.result.total, grade: b.result.grade },
      after: { total: y.total, grade: y.grade },
      delta,
      indicators: y.indicators
        .map((ind, k) => ({ id: ind.id, before: b.result.indicators[k].contribution, after: ind.contribution, delta: round2(ind.contribution - b.result.indicators[k].contribution) }))
        .filter((m) => m.delta !== 0)
        .sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta))
        .slice(0, 3),
    }));
}

let lastTick = performance.now();

/** Whether 100 ms have passed since the last tick: timers (heartbeats, health checks) then get their turn. */
function due(): boolean {
  return performance.now() - lastTick > 100;
}

function tick(options: ImpactOptions, done: number, total: number): Promise<void> {
  lastTick = performance.now();
  options.onProgress?.(done, total);
  return new Promise((resolve) => setImmediate(resolve));
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : round2(xs.reduce((s, x) => s + x, 0) / xs.length));
function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return round2(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
}
