import { Evaluator, provenanceOf, type CompactResult, type EvaluationResult, type FactDictionary, type LoadedStandard, type Provenance, type Ruleset, type ScoringRule, type Text } from '../core/index.js';
import { round2 } from '../core/score.js';
import { CandidateScorer } from './candidate-scorer.js';
import { alternativesOf, newItem, solve, valueOf, type Alternative } from './requirements.js';

/** One fact to change: from its current value (undefined when not supplied) to the value that earns the points. */
export interface FactChange {
  fact: string;
  label: Text;
  unit?: Text;
  from: unknown;
  to: unknown;
  /** The assessor sets this fact (a rating or a finding): the agency can only earn it by better practice. */
  assessorJudged: boolean;
}

/** A change of facts that raises the total, with the rule it satisfies and the result it would give. */
export interface AdviceStep {
  /** The rule's id in results (`staffSize.staff50`, `bonus.standardsDrafted`). */
  rule: string;
  indicator?: string;
  reason: Text;
  changes: FactChange[];
  /** Points the total gains (rounded as totals are). */
  gain: number;
  total: number;
  grade: string;
  gradeLabel: Text;
  assessorJudged: boolean;
}

/** An unmet prerequisite or a fired veto, and the changes that would clear it (null when no change of facts can). */
export interface Blocker extends Provenance {
  kind: 'prerequisite' | 'veto';
  id: string;
  reason: Text;
  changes: FactChange[] | null;
  assessorJudged: boolean;
}

/** What it takes to reach the next grade: changes applied one after another, greedy on gain. */
export interface GradePlan {
  target: { id: string; label: Text; min: number };
  reached: boolean;
  steps: AdviceStep[];
  total: number;
  grade: string;
  gradeLabel: Text;
}

export interface Advice {
  category: string;
  total: number;
  grade: string;
  gradeLabel: Text;
  eligible: boolean;
  vetoed: boolean;
  /** Unmet prerequisites and fired vetoes, the one to fix first at the head. */
  blockers: Blocker[];
  /** The result once every blocker that can be cleared is cleared (absent when there are none). */
  afterBlockers?: { total: number; grade: string; gradeLabel: Text; eligible: boolean; vetoed: boolean };
  /** Single changes that raise the total, best gain first. */
  steps: AdviceStep[];
  /** Null at the top grade, or when a blocker cannot be cleared. */
  nextGrade: GradePlan | null;
}

export interface AdviceOptions {
  /** How many single steps to return (default 10). */
  limit?: number;
  /** At most this many changes in the plan for the next grade (default 15). */
  maxPlanSteps?: number;
}

type Facts = Record<string, unknown>;

/** What advice reads of a result: the total and grade, and which rules count (from the compact scores). */
interface Standing {
  total: number;
  grade: string;
  gradeLabel: Text;
  eligible: boolean;
  vetoed: boolean;
  /** The names of the scoring rules and bonus items that count. */
  counted: Set<string>;
  compact?: CompactResult;
}

interface Candidate {
  rule: string;
  indicator?: string;
  reason: Text;
  patch: Map<string, unknown>;
  /** The patch as facts to set, and as a key that is the same for the same changes. */
  set: Facts;
  key: string;
}

/** A scoring rule or bonus item with its name in results, the alternatives that satisfy it and the facts its candidates read. */
interface ScoringRuleEntry {
  name: string;
  indicator?: string;
  rule: ScoringRule;
  alternatives: Alternative[];
  /** The supplied facts its candidates are worked out from (a derived count's list for the count). */
  reads: string[];
}

/**
 * The candidates of each rule for the facts of one round, kept for the next rounds of the same advice: a rule's
 * candidates are worked out again only when one of the facts it reads, or whether it counts, changed.
 */
type CandidateMemo = Map<string, { values: unknown[]; counted: boolean; candidates: Candidate[] }>;

/**
 * Improvement advice computed from the ruleset in force, so it follows any revision: for each scoring rule that does
 * not count yet, the nearest facts that satisfy it (numeric bounds, required booleans and enum values, list items),
 * one more unit for points per unit, one rating step for assessor ratings; each candidate is scored on the real
 * {@link Evaluator}'s compiled engine and the core's arithmetic (CandidateScorer: total and grade only) and kept when
 * the total rises. Pure: no framework, no storage.
 */
export class Advisor {
  private readonly dictionary: FactDictionary;
  /** Facts checked once (advice tries many changes of the same facts). */
  private readonly checked = new WeakMap<Facts, unknown[]>();
  /** Each category's scorer of candidate changes (made on first use). */
  private readonly scorers = new Map<string, CandidateScorer>();
  /** Each ruleset's scoring rules, worked out once (advice reads them every round). */
  private readonly scoringRules = new WeakMap<Ruleset, ScoringRuleEntry[]>();

  constructor(
    standard: LoadedStandard,
    private readonly evaluator: Evaluator = new Evaluator(standard),
  ) {
    this.dictionary = standard.criteria.facts;
  }

  /** The advice for one agency's facts (throws as `Evaluator.evaluate` does on invalid facts). */
  async advise(category: string, facts: Facts, options: AdviceOptions = {}): Promise<Advice> {
    const ruleset = this.evaluator.ruleset(category).ruleset;
    const result = await this.evaluator.evaluate(category, facts);
    const blockers = this.blockers(ruleset, facts, result);
    const memo: CandidateMemo = new Map();
    const all = await this.steps(category, ruleset, facts, standingOf(result), memo);
    const steps = all.slice(0, options.limit ?? 10);
    const advice: Advice = {
      category,
      total: result.total,
      grade: result.grade,
      gradeLabel: result.gradeLabel,
      eligible: result.eligible,
      vetoed: result.vetoed,
      blockers,
      steps,
      nextGrade: null,
    };
    let base = facts;
    let baseResult = standingOf(result);
    if (blockers.length > 0) {
      for (const b of blockers) if (b.changes) base = apply(base, b.changes);
      baseResult = this.standing(category, base);
      const { total, grade, gradeLabel, eligible, vetoed } = baseResult;
      advice.afterBlockers = { total, grade, gradeLabel, eligible, vetoed };
    }
    if (baseResult.eligible && !baseResult.vetoed) {
      // With no blocker to clear, the plan starts from these facts: its first round is the steps above.
      advice.nextGrade = await this.plan(category, ruleset, base, baseResult, options.maxPlanSteps ?? 15, memo, base === facts ? all : undefined);
    }
    return advice;
  }

  /** Unmet prerequisites and fired vetoes with their cheapest fix; agency-side fixes with fewer changes first. */
  private blockers(ruleset: Ruleset, facts: Facts, result: EvaluationResult): Blocker[] {
    const out: Blocker[] = [];
    const gates = [
      ...result.unmetPrerequisites.map((g) => ({ kind: 'prerequisite' as const, g, rule: ruleset.prerequisites[g.id], negate: false })),
      ...result.vetoes.map((g) => ({ kind: 'veto' as const, g, rule: ruleset.vetoes[g.id], negate: true })),
    ];
    for (const { kind, g, rule, negate } of gates) {
      const fixes = alternativesOf(rule.conditions, negate)
        .map((alt) => solve(alt, facts, this.dictionary))
        .filter((p): p is Map<string, unknown> => p !== undefined && p.size > 0)
        .map((p) => this.changes(facts, p))
        .sort((a, b) => cost(a) - cost(b));
      const changes = fixes[0] ?? null;
      out.push({ kind, id: g.id, ...provenanceOf(g), reason: g.reason, changes, assessorJudged: changes?.some((c) => c.assessorJudged) ?? false });
    }
    const rank = (b: Blocker) => (b.changes ? cost(b.changes) : 1e6) + (b.kind === 'veto' ? 0.5 : 0);
    return out.sort((a, b) => rank(a) - rank(b));
  }

  /**
   * The scores of changed facts, on the compiled engine without explanation: the compact result, its grade's label
   * and the rules that count (advice scores hundreds of fact changes; no full result is built for them).
   */
  private standing(category: string, facts: Facts, changes?: FactChange[]): Standing {
    const base = this.values(facts);
    const compact = changes
      ? this.evaluator.compactValues(category, this.evaluator.valuesChanged(facts, base, patchOf(changes)), false, { values: base, changed: changes.map((c) => c.fact) })
      : this.evaluator.compactValues(category, base, false);
    const evaluator = this.evaluator;
    let label: Text | undefined;
    let counted: Set<string> | undefined;
    // The label and the rules that count are read for few of the candidates scored: worked out when first read.
    return {
      total: compact.total,
      grade: compact.grade,
      get gradeLabel() {
        return (label ??= evaluator.grade(category, compact.grade).label);
      },
      eligible: compact.unmet.length === 0,
      vetoed: compact.vetoes.length > 0,
      get counted() {
        const rules = evaluator.program(category).rules;
        return (counted ??= new Set(compact.decided.map(([i]) => rules[i].name)));
      },
      compact,
    };
  }

  private scorer(category: string): CandidateScorer {
    let scorer = this.scorers.get(category);
    if (!scorer) this.scorers.set(category, (scorer = new CandidateScorer(this.evaluator, category)));
    return scorer;
  }

  /** The facts as scoring reads them (checked, an array of values), worked out once per facts object. */
  private values(facts: Facts): unknown[] {
    let values = this.checked.get(facts);
    if (!values) this.checked.set(facts, (values = this.evaluator.values(facts)));
    return values;
  }

  /** Every single step with a positive gain, one per rule (its best), best gain first. */
  private async steps(category: string, ruleset: Ruleset, facts: Facts, result: Standing, memo: CandidateMemo): Promise<AdviceStep[]> {
    const best = new Map<string, AdviceStep>();
    const seen = new Set<string>();
    const scorer = this.scorer(category);
    for (const c of this.candidates(ruleset, facts, result, memo)) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      const after = scorer.score(facts, c.set);
      if (!after) continue; // a change the dictionary refuses is no advice
      const gain = round2(after.total - result.total);
      if (gain <= 0) continue;
      const changes = this.changes(facts, c.patch);
      const step: AdviceStep = {
        rule: c.rule,
        reason: c.reason,
        changes,
        gain,
        total: after.total,
        grade: after.grade,
        gradeLabel: this.evaluator.grade(category, after.grade).label,
        assessorJudged: changes.some((ch) => ch.assessorJudged),
      };
      if (c.indicator) step.indicator = c.indicator;
      const held = best.get(c.rule);
      if (!held || held.gain < gain || (held.gain === gain && cost(changes) < cost(held.changes))) best.set(c.rule, step);
    }
    return [...best.values()].sort((a, b) => b.gain - a.gain || cost(a.changes) - cost(b.changes) || a.rule.localeCompare(b.rule));
  }

  /**
   * Greedy plan for the next band up: each round takes, among the steps that reach the target, the smallest
   * (least gain, fewest changes); when none does, the step with the largest gain (or, once the total is high
   * enough but a weak node holds the grade back, the one that lifts the weakest node of the band's level most).
   * `first`: the steps of `facts`, when already worked out.
   */
  private async plan(category: string, ruleset: Ruleset, facts: Facts, result: Standing, maxSteps: number, memo: CandidateMemo, first?: AdviceStep[]): Promise<GradePlan | null> {
    const bands = [...ruleset.grades].sort((a, b) => a.min - b.min);
    const rank = (grade: string) => bands.findIndex((b) => b.id === grade);
    const target = bands[rank(result.grade) + 1];
    if (!target) return null;
    const steps: AdviceStep[] = [];
    let current = { facts, result };
    while (rank(current.result.grade) < rank(target.id) && steps.length < maxSteps) {
      const options = steps.length === 0 && first ? first : await this.steps(category, ruleset, current.facts, current.result, memo);
      if (options.length === 0) break;
      const reaching = options.filter((s) => rank(s.grade) >= rank(target.id));
      let pick: AdviceStep;
      if (reaching.length > 0) pick = reaching.sort((a, b) => a.gain - b.gain || cost(a.changes) - cost(b.changes))[0];
      else if (current.result.total >= target.min && target.everyNodeAtLeast) pick = await this.liftWeakest(category, current.facts, options, target.everyNodeAtLeast.level);
      else pick = options[0];
      const nextFacts = apply(current.facts, pick.changes);
      steps.push({ ...pick, gain: round2(pick.total - current.result.total) });
      current = { facts: nextFacts, result: this.standing(category, nextFacts) };
    }
    const { total, grade, gradeLabel } = current.result;
    return { target: { id: target.id, label: target.label, min: target.min }, reached: rank(grade) >= rank(target.id), steps, total, grade, gradeLabel };
  }

  /** The step that lifts the weakest node of a tree level most (the level a grade band sets a minimum for). */
  private async liftWeakest(category: string, facts: Facts, options: AdviceStep[], level: number): Promise<AdviceStep> {
    let best = options[0];
    let bestLow = -Infinity;
    for (const s of options) {
      const low = this.evaluator.lowestAt(this.standing(category, facts, s.changes).compact!, level);
      if (low > bestLow) [best, bestLow] = [s, low];
    }
    return best;
  }

  /**
   * Candidate changes from every scoring rule and bonus item that does not count yet, or could count for more, in
   * file order. A rule's candidates are taken from `memo` when the facts it reads and whether it counts are as they
   * were then (facts objects of later rounds share the values they did not change).
   */
  private candidates(ruleset: Ruleset, facts: Facts, result: Standing, memo: CandidateMemo): Candidate[] {
    const out: Candidate[] = [];
    for (const entry of this.scoringRulesOf(ruleset)) {
      const counted = result.counted.has(entry.name);
      const held = memo.get(entry.name);
      if (held && held.counted === counted && entry.reads.every((f, i) => facts[f] === held.values[i])) {
        out.push(...held.candidates);
        continue;
      }
      const candidates = this.candidatesOf(entry, facts, counted);
      memo.set(entry.name, { values: entry.reads.map((f) => facts[f]), counted, candidates });
      out.push(...candidates);
    }
    return out;
  }

  /** One rule's candidates: for each alternative, the nearest facts that satisfy it, and one more unit or rating step. */
  private candidatesOf({ name, indicator, rule, alternatives }: ScoringRuleEntry, facts: Facts, counted: boolean): Candidate[] {
    const out: Candidate[] = [];
    for (const alt of alternatives) {
      const patch = solve(alt, facts, this.dictionary);
      if (!patch) continue;
      if (patch.size === 0 && !counted) continue; // holds already but a better tier or the cap wins
      const grown = this.morePoints(rule, (f) => (patch.has(f) ? patch.get(f) : facts[f]), patch.size === 0);
      if (grown) for (const [f, v] of grown) patch.set(f, v);
      if (patch.size > 0) out.push({ rule: name, indicator, reason: rule.reason, patch, set: Object.fromEntries(patch), key: JSON.stringify([...patch]) });
    }
    return out;
  }

  /** The scoring rules and bonus items of a ruleset, in file order, with what their candidates read. */
  private scoringRulesOf(ruleset: Ruleset): ScoringRuleEntry[] {
    let entries = this.scoringRules.get(ruleset);
    if (entries) return entries;
    const facts = this.dictionary.facts;
    const entry = (name: string, indicator: string | undefined, rule: ScoringRule): ScoringRuleEntry => {
      const alternatives = alternativesOf(rule.conditions);
      const p = rule.points;
      const read = [...alternatives.flat().map((leaf) => leaf.fact), ...(typeof p === 'number' ? [] : ['perUnit' in p ? p.fact : p.rating])];
      // A derived count is read from its list (`valueOf`, `resizeList`).
      const reads = [...new Set(read.flatMap((f) => (facts[f]?.derive ? [f, facts[f].derive.count] : [f])))];
      return { name, indicator, rule, alternatives, reads };
    };
    entries = [
      ...Object.entries(ruleset.indicators).flatMap(([id, ind]) => Object.entries(ind.rules).map(([k, r]) => entry(`${id}.${k}`, id, r))),
      ...Object.entries(ruleset.bonus.items).map(([k, r]) => entry(`bonus.${k}`, undefined, r)),
    ];
    this.scoringRules.set(ruleset, entries);
    return entries;
  }

  /**
   * For points per unit, one more unit; for an assessor rating, one more point on its scale. Always when the rule
   * counts already (`always`), else only when it would earn nothing once its conditions hold. `factOf` reads the
   * facts with the candidate's changes.
   */
  private morePoints(rule: ScoringRule, factOf: (fact: string) => unknown, always: boolean): Map<string, unknown> | undefined {
    const p = rule.points;
    if (typeof p === 'number') return undefined;
    if ('perUnit' in p) {
      const def = this.dictionary.facts[p.fact];
      const value = factOf(p.fact);
      const units = Array.isArray(value) ? value.length : typeof value === 'number' ? value : 0;
      if (!def || (!always && units > 0) || (p.cap !== undefined && units * p.perUnit >= p.cap)) return undefined;
      if (def.type === 'list') {
        const list = Array.isArray(value) ? value : [];
        const item = newItem(def, list);
        return item === undefined ? undefined : new Map([[p.fact, [...list, item]]]);
      }
      if (def.max !== undefined && units + 1 > def.max) return undefined;
      return new Map([[p.fact, units + 1]]);
    }
    const def = this.dictionary.facts[p.rating];
    const rating = factOf(p.rating);
    const value = typeof rating === 'number' ? rating : undefined;
    const top = Math.min(p.range[1], def?.max ?? Infinity);
    if (!def || (!always && value !== undefined && value > p.range[0])) return undefined;
    const from = value ?? p.range[0];
    if (from >= top) return undefined;
    return new Map([[p.rating, Math.min(top, Math.max(from, p.range[0]) + 1)]]);
  }

  private changes(facts: Facts, patch: Map<string, unknown>): FactChange[] {
    return [...patch].map(([fact, to]) => {
      const def = this.dictionary.facts[fact];
      const change: FactChange = { fact, label: def.label, from: valueOf(facts, fact, this.dictionary), to, assessorJudged: def.source === 'assessor' };
      if (def.unit) change.unit = def.unit;
      return change;
    });
  }
}

/** The standing of a full result. */
function standingOf(result: EvaluationResult): Standing {
  const { total, grade, gradeLabel, eligible, vetoed } = result;
  return { total, grade, gradeLabel, eligible, vetoed, counted: new Set([...result.indicators.flatMap((i) => i.decidedBy.map((t) => t.rule)), ...result.bonus.items.map((t) => t.rule)]) };
}

/** The changes as facts to set. */
function patchOf(changes: FactChange[]): Facts {
  const out: Facts = {};
  for (const c of changes) out[c.fact] = c.to;
  return out;
}

function apply(facts: Facts, changes: FactChange[]): Facts {
  const out = { ...facts };
  for (const c of changes) out[c.fact] = c.to;
  return out;
}

/** How hard a set of changes is: the number of facts, an assessor-judged one counting double. */
function cost(changes: FactChange[]): number {
  return changes.reduce((n, c) => n + (c.assessorJudged ? 2 : 1), 0);
}
