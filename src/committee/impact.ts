import type { EvaluationResult, Evaluator } from '../core/index.js';
import type { Calibration } from './calibration.js';
import { ImpactComparison, pack, RuleDecider } from './impact-comparison.js';


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

/** What the impact report reads of a result. */
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

/** An agency's stored outcome under the active rules: its facts as submitted, and which active rules matched. */
export interface StoredOutcome {
  agency: ImpactAgency;
  /** A bitset over the active program's rules of the agency's category (see OutcomePlan). */
  matched: Uint8Array;
  /** The scores under the active rules, packed (see `pack`); worked out from `matched` when absent. */
  scores?: Float64Array;
}

export interface ImpactOptions {
  /** Called now and then with the agencies done so far. */
  onProgress?: (done: number, total: number) => void;
  /** How many most-affected agencies to list (default 20). */
  top?: number;
}

/**
 * Each agency's rule outcomes under the active ruleset, kept compact (a bitset of matched rules beside the facts as
 * given, no result objects and no second copy of the facts), so a candidate can be compared against them quickly: a
 * change of weights, points, caps or bands re-aggregates the stored outcomes; a change of conditions re-runs only
 * the changed rules.
 */
export class ImpactBase {
  constructor(
    readonly active: Evaluator,
    readonly outcomes: StoredOutcome[],
  ) {}

  /** Scores every agency under the active ruleset once (the slow part, done when the submissions are loaded). */
  static async build(active: Evaluator, agencies: ImpactAgency[], options: ImpactOptions = {}): Promise<ImpactBase> {
    const decide = new RuleDecider(active);
    const outcomes: StoredOutcome[] = [];
    for (const [i, agency] of agencies.entries()) {
      const matched = decide.matched(agency.category, agency.facts);
      outcomes.push({ agency, matched, scores: pack(decide.plan(agency.category).score(matched, agency.facts)) });
      if (i % 1000 === 999 || due()) await tick(options, i + 1, agencies.length);
    }
    return new ImpactBase(active, outcomes);
  }

  /** Every agency's result under the candidate, in the order of the outcomes, and how each category was done. */
  async rescoreAll(candidate: Evaluator, options: ImpactOptions = {}): Promise<{ after: ResultSummary[]; modes: Map<string, RescoreMode> }> {
    const comparison = new ImpactComparison(this.active, candidate);
    const after: ResultSummary[] = [];
    for (const [i, o] of this.outcomes.entries()) {
      after.push(comparison.after(o.agency, o.matched));
      if (i % 1000 === 999 || due()) await tick(options, i + 1, this.outcomes.length);
    }
    options.onProgress?.(this.outcomes.length, this.outcomes.length);
    return { after, modes: comparison.modes() };
  }

  /** The candidate's effect on every agency, against the active ruleset. */
  async compare(candidate: Evaluator, options: ImpactOptions = {}): Promise<ImpactReport> {
    const comparison = new ImpactComparison(this.active, candidate, options.top);
    for (const [i, o] of this.outcomes.entries()) {
      comparison.add(o.agency, o.matched, o.scores);
      if (i % 1000 === 999 || due()) await tick(options, i + 1, this.outcomes.length);
    }
    options.onProgress?.(this.outcomes.length, this.outcomes.length);
    return comparison.report();
  }
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
