import type { CompiledRule } from '../core/compiled-program.js';
import { FactChecker } from '../core/facts.js';
import { canonicalJson, round2, type Evaluator } from '../core/index.js';
import { factsRead, OutcomePlan, preparedAgain, setBit, type CompactOutcome } from '../core/outcome-plan.js';
import { CalibrationSums } from './calibration.js';
import type { AffectedAgency, CategoryImpact, ImpactAgency, ImpactReport, RescoreMode, ResultSummary } from './impact.js';

/** Decides every rule of an agency's category on the compiled engine, with its facts checked as `evaluate` checks them. */
export class RuleDecider {
  private readonly plans = new Map<string, OutcomePlan>();
  private readonly checker: FactChecker;

  constructor(readonly evaluator: Evaluator) {
    this.checker = new FactChecker(evaluator.ruleset(evaluator.categories()[0]).snapshot.facts);
  }

  /** The plan of a category's rules (bit order). */
  plan(category: string): OutcomePlan {
    let plan = this.plans.get(category);
    if (!plan) this.plans.set(category, (plan = new OutcomePlan(this.evaluator.program(category), this.evaluator.ruleset(category).snapshot.facts)));
    return plan;
  }

  /** The bitset of rules that match. Throws UnknownCategoryError or FactsInvalidError as `evaluate` rejects. */
  matched(category: string, facts: unknown): Uint8Array {
    const rules = this.evaluator.closures(category).rules;
    const plan = this.plan(category);
    const prepared = this.checker.prepare(facts);
    const bits = new Uint8Array(plan.bytes);
    for (let i = 0; i < rules.length; i++) if (rules[i].test(prepared)) setBit(bits, i);
    return bits;
  }
}

/** How one category is compared: the two plans, and which candidate rules the stored outcomes answer for. */
interface CategoryPlan {
  category: string;
  mode: RescoreMode;
  before: OutcomePlan;
  after: OutcomePlan;
  /** For each candidate rule, the bit of the active rule with the same name and conditions, or -1 (run it again). */
  from: Int32Array;
  /** The candidate's rules as closures (run for the rules `from` cannot answer). */
  rules: CompiledRule[];
  /** The candidate's bitset being filled. */
  bits: Uint8Array;
  /** Checked facts again, with derived facts (partial mode). */
  prepare: (facts: Record<string, unknown>) => Record<string, unknown>;
}

/** Per category, what the report sums up as agencies are added. */
interface CategoryTally {
  agencies: number;
  /** Counts by grade before × 4096 + grade after (indices into the plans' grades), in the order first seen. */
  transitions: Map<number, number>;
  totalsBefore: number[];
  totalsAfter: number[];
  becameIneligible: string[];
  becameVetoed: string[];
}

/** A most-affected candidate: kept with its contributions until the list is cut to the top. */
interface Affected {
  seq: number;
  agency: AffectedAgency;
  beforeIds: string[];
  before: Float64Array;
  afterIds: string[];
  after: Float64Array;
}

/**
 * A candidate compared with the active rules one agency at a time, from each agency's facts and matched-rule
 * bitset under the active rules: the report's sums, transitions, calibration and most-affected list are kept as the
 * agencies come, so they need not all be held at once (the impact job streams them from the database).
 */
export class ImpactComparison {
  private readonly plans = new Map<string, CategoryPlan>();
  private readonly tallies = new Map<string, CategoryTally>();
  private readonly calibrationBefore = new CalibrationSums();
  private readonly calibrationAfter = new CalibrationSums();
  private readonly decideActive: RuleDecider;
  private readonly decideCandidate: RuleDecider;
  private affected: Affected[] = [];
  /** The smallest change in the most-affected list once it has been cut to the top (-1 before). */
  private smallest = -1;
  private count = 0;

  constructor(
    readonly active: Evaluator,
    readonly candidate: Evaluator,
    private readonly top = 20,
  ) {
    this.decideActive = new RuleDecider(active);
    this.decideCandidate = new RuleDecider(candidate);
  }

  /** How each category seen so far was re-scored. */
  modes(): Map<string, RescoreMode> {
    return new Map([...this.plans].map(([c, p]) => [c, p.mode]));
  }

  /** Adds an agency: its facts as submitted, its matched rules under the active rules and, if stored, their scores. */
  add(agency: Omit<ImpactAgency, 'facts'> & { facts: Record<string, unknown> }, matched: Uint8Array, scores?: Float64Array): void {
    const plan = this.planOf(agency.category);
    const x = scores ?? pack(plan.before.score(matched, agency.facts));
    const nodes = plan.before.nodeIds.length;
    const before = { total: x[0], grade: x[1], eligible: x[2] === 1, vetoed: x[3] === 1 };
    const gradeBefore = plan.before.grades[before.grade];
    addPacked(this.calibrationBefore, agency.category, plan.before, x);
    const y = this.score(plan, agency.facts, matched);
    const gradeAfter = plan.after.grades[y.grade];
    this.calibrationAfter.add(agency.category, gradeAfter, y.eligible, y.vetoed, y.total, plan.after.nodeIds, y.nodeScores);

    const t = this.tallyOf(agency.category);
    t.agencies++;
    const key = before.grade * 4096 + y.grade;
    t.transitions.set(key, (t.transitions.get(key) ?? 0) + 1);
    if (before.eligible && !y.eligible) t.becameIneligible.push(agency.id);
    if (!before.vetoed && y.vetoed) t.becameVetoed.push(agency.id);
    t.totalsBefore.push(before.total);
    t.totalsAfter.push(y.total);

    const delta = round2(y.total - before.total);
    const seq = this.count++;
    if (delta === 0 && gradeBefore === gradeAfter) return;
    // Once the list is cut, a change no larger than its smallest cannot enter it (a tie goes to the earlier agency).
    if (Math.abs(delta) <= this.smallest) return;
    this.affected.push({
      seq,
      agency: { id: agency.id, name: agency.name, category: agency.category, before: { total: before.total, grade: gradeBefore }, after: { total: y.total, grade: gradeAfter }, delta, indicators: [] },
      beforeIds: plan.before.leafIds,
      before: x.slice(4 + nodes),
      afterIds: plan.after.leafIds,
      after: Float64Array.from(y.contributions),
    });
    if (this.affected.length >= Math.max(64, 4 * this.top)) {
      this.affected = this.ranked();
      if (this.affected.length === this.top && this.top > 0) this.smallest = Math.abs(this.affected[this.top - 1].agency.delta);
    }
  }

  /** An agency's result under the candidate, as `summarize` reads it. */
  after(agency: ImpactAgency, matched: Uint8Array): ResultSummary {
    const plan = this.planOf(agency.category);
    const y = this.score(plan, agency.facts, matched);
    return {
      category: agency.category,
      total: y.total,
      grade: plan.after.grades[y.grade],
      eligible: y.eligible,
      vetoed: y.vetoed,
      nodes: plan.after.nodeIds.map((id, j) => ({ id, score: y.nodeScores[j] })),
      indicators: plan.after.leafIds.map((id, k) => ({ id, points: y.points[k], contribution: y.contributions[k] })),
    };
  }

  /** The report of the agencies added. */
  report(): ImpactReport {
    return {
      agencies: this.count,
      categories: this.candidate.categories().filter((c) => this.tallies.has(c)).map((c) => categoryImpact(this.plans.get(c)!, this.tallies.get(c)!)),
      mostAffected: this.ranked().map(affectedAgency),
      calibration: { active: this.calibrationBefore.result(), candidate: this.calibrationAfter.result() },
    };
  }

  /** The candidates for most affected, by size of the change (ties in the order added), cut to the top. */
  private ranked(): Affected[] {
    return this.affected.sort((p, q) => Math.abs(q.agency.delta) - Math.abs(p.agency.delta) || p.seq - q.seq).slice(0, this.top);
  }

  /** An agency under the candidate: re-aggregated from the stored outcomes, with the rules they cannot answer run again. */
  private score(plan: CategoryPlan, facts: Record<string, unknown>, matched: Uint8Array): CompactOutcome {
    if (plan.mode === 'rescore') return plan.after.score(this.decideCandidate.matched(plan.category, facts), facts);
    const bits = plan.bits.fill(0);
    let prepared: Record<string, unknown> | undefined;
    for (let j = 0; j < plan.from.length; j++) {
      const i = plan.from[j];
      const hit = i >= 0 ? (matched[i >> 3] & (1 << (i & 7))) !== 0 : plan.rules[j].test((prepared ??= plan.prepare(facts)));
      if (hit) setBit(bits, j);
    }
    return plan.after.score(bits, facts);
  }

  private planOf(category: string): CategoryPlan {
    let plan = this.plans.get(category);
    if (!plan) this.plans.set(category, (plan = planFor(this.decideActive, this.decideCandidate, category)));
    return plan;
  }

  private tallyOf(category: string): CategoryTally {
    let t = this.tallies.get(category);
    if (!t) this.tallies.set(category, (t = { agencies: 0, transitions: new Map(), totalsBefore: [], totalsAfter: [], becameIneligible: [], becameVetoed: [] }));
    return t;
  }
}

/**
 * How a category is compared: in full when the fact dictionary or the indicator tree changed; else each candidate
 * rule whose conditions are those of the active rule of its name is answered by the stored outcome, and the others
 * (new or changed conditions) run again.
 */
function planFor(active: RuleDecider, candidate: RuleDecider, category: string): CategoryPlan {
  const a = active.evaluator.ruleset(category);
  const b = candidate.evaluator.ruleset(category);
  const same = (x: unknown, y: unknown) => canonicalJson(x) === canonicalJson(y);
  const plans = { category, before: active.plan(category), after: candidate.plan(category), bits: new Uint8Array(candidate.plan(category).bytes), rules: candidate.evaluator.closures(category).rules };
  if (!same(a.snapshot.facts, b.snapshot.facts) || !same(a.snapshot.indicators, b.snapshot.indicators)) return { ...plans, mode: 'rescore', from: new Int32Array(0), prepare: preparedAgain(b.snapshot.facts) };
  const before = new Map(active.evaluator.program(category).rules.map((r, i) => [r.name, { i, conditions: canonicalJson(r.def.conditions) }]));
  const rules = candidate.evaluator.program(category).rules;
  const from = Int32Array.from(rules, (rule) => {
    const was = before.get(rule.name);
    return was && was.conditions === canonicalJson(rule.def.conditions) ? was.i : -1;
  });
  // The rules run again read only their own facts: those are all their closures are given.
  const read = rules.filter((_, j) => from[j] < 0).flatMap((rule) => factsRead(rule.def.conditions));
  return { ...plans, mode: from.includes(-1) ? 'partial' : 'regrade', from, prepare: preparedAgain(b.snapshot.facts, read) };
}

function categoryImpact({ category, mode, before, after }: CategoryPlan, t: CategoryTally): CategoryImpact {
  const stats = { meanBefore: mean(t.totalsBefore), meanAfter: mean(t.totalsAfter), medianBefore: median(t.totalsBefore), medianAfter: median(t.totalsAfter) };
  return {
    category,
    agencies: t.agencies,
    mode,
    transitions: [...t.transitions].map(([key, count]) => ({ from: before.grades[Math.floor(key / 4096)], to: after.grades[key % 4096], count })).sort((p, q) => q.count - p.count),
    ...stats,
    meanShift: round2(stats.meanAfter - stats.meanBefore),
    medianShift: round2(stats.medianAfter - stats.medianBefore),
    becameIneligible: t.becameIneligible,
    becameVetoed: t.becameVetoed,
  };
}

/** A most-affected agency with the three indicators whose contribution moved most (matched by id). */
function affectedAgency(a: Affected): AffectedAgency {
  const before = new Map(a.beforeIds.map((id, k) => [id, a.before[k]]));
  const indicators = a.afterIds
    .map((id, k) => {
      const was = before.get(id) ?? 0;
      return { id, before: was, after: a.after[k], delta: round2(a.after[k] - was) };
    })
    .filter((m) => m.delta !== 0)
    .sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta))
    .slice(0, 3);
  return { ...a.agency, indicators };
}

/** Adds packed scores (see `pack`) scored by `plan` to calibration sums. */
export function addPacked(sums: CalibrationSums, category: string, plan: OutcomePlan, x: Float64Array): void {
  sums.add(category, plan.grades[x[1]], x[2] === 1, x[3] === 1, x[0], plan.nodeIds, x.subarray(4, 4 + plan.nodeIds.length));
}

/** An outcome packed for keeping: total, grade, eligible, vetoed, then the node scores and the contributions. */
export function pack(o: CompactOutcome): Float64Array {
  const out = new Float64Array(4 + o.nodeScores.length + o.contributions.length);
  out[0] = o.total;
  out[1] = o.grade;
  out[2] = o.eligible ? 1 : 0;
  out[3] = o.vetoed ? 1 : 0;
  out.set(o.nodeScores, 4);
  out.set(o.contributions, 4 + o.nodeScores.length);
  return out;
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : round2(xs.reduce((s, x) => s + x, 0) / xs.length));
function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return round2(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
}
