import { COMPACT_FORMAT, type CompactCompared, type CompactGate, type CompactResult, type CompactTrace } from './compact.js';
import { expand } from './expand.js';
import type { ProgramRule, RuleProgram } from './rule-program.js';
import type { TreeNode } from './tree.js';
import type { ComparedFact, Criteria, EvaluationResult, GradeBand, Points, ScoringRule } from './types.js';

/** What json-rules-engine decided for one run: the rules that matched, and how to read the values they compared. */
export interface RuleOutcomes {
  /** Rule names whose conditions held. */
  matched: Pick<ReadonlySet<string>, 'has'>;
  /** The fact values a rule compared (for the rules a report shows). */
  compared(rule: string): ComparedFact[];
}

/**
 * Which rules held, by index in the program's rules, and their compared leaves when asked for: what either engine
 * decided, in the form the scoring reads.
 */
export interface Decisions {
  /** matched[i] is 1 when rule i of RuleProgram.rules held. */
  matched: ArrayLike<number>;
  /** The compared leaves of rule i. */
  compared(i: number): CompactCompared;
}

/** Decisions from rule outcomes by name (json-rules-engine's, or stored matched rules to re-grade). */
export function decisionsOf(program: RuleProgram, outcomes: RuleOutcomes): Decisions {
  const matched = new Uint8Array(program.rules.length);
  program.rules.forEach((rule, i) => (matched[i] = outcomes.matched.has(rule.name) ? 1 : 0));
  return {
    matched,
    compared: (i) => {
      const facts = outcomes.compared(program.rules[i].name);
      let result = '';
      for (const f of facts) result += f.result ? '1' : '0';
      return [facts.map((f) => f.actual), result];
    },
  };
}

/** What scoring reads facts from: a facts object by name, or the checker's array of values by slot. */
export type FactSource = Record<string | number, unknown>;

/** A scoring rule as the scoring reads it. */
interface RulePlan {
  index: number;
  /** Its tier group's slot in `ScorePlan.best` (a tier of one indicator, or of the bonus), or -1 outside tiers. */
  tier: number;
  points: Points;
  /** Where the fact its points count is read (none for fixed points). */
  key: string | number | undefined;
}

/** A node of the indicator tree as the scoring reads it: its slot in `nodes` (inner) or `points` (leaf). */
export interface NodePlan {
  node: TreeNode;
  slot: number;
  weight: number;
  /** The weights from this node up to the top (its own first): what `contributionOf` multiplies by. */
  chain: number[];
  children: NodePlan[];
  /** Leaves: the full mark and the scoring rules, in file order. */
  max: number;
  rules: RulePlan[];
}

/**
 * What scoring and expanding need of a program, worked out once per program (see `planOf`): the one description of
 * the aggregation that both the core's scoring and the impact re-grade (outcome-plan.ts) run through `tally`.
 */
export interface ScorePlan {
  top: NodePlan[];
  /** Inner nodes and leaves, each depth first in the tree's order (a parent before its children). */
  inner: NodePlan[];
  leaves: NodePlan[];
  bonus: RulePlan[];
  /** The cap on the total with the bonus. */
  cap: number;
  prerequisites: number[];
  vetoes: number[];
  /** Facts the scoring of the leaves and the bonus reads, in the order of first use, and where each is read. */
  used: string[];
  usedKeys: (string | number)[];
  /** Grade bands from the highest minimum down. */
  bands: GradeBand[];
  /** Grade ids by `gradeIndex`: the bands' (from the highest minimum down), then not eligible, then vetoed. */
  grades: string[];
  /** Inner nodes and leaves that count in the total (weight above 0), by level. */
  counted: Map<number, { inner: NodePlan[]; leaves: NodePlan[] }>;
  /**
   * Scratch of `tally` (scoring is synchronous, so one per plan serves): each tier group's best points so far,
   * and where its rule is in `decided` (-1: no rule of the group counted yet; 0 when nothing is recorded).
   */
  best: Float64Array;
  at: Int32Array;
}

const plans = new WeakMap<RuleProgram, ScorePlan>();
const slotPlans = new WeakMap<RuleProgram, { slots: ReadonlyMap<string, number>; plan: ScorePlan }>();

/**
 * The plan of a program (made on first use, then kept as long as the program), reading facts by name, or by slot
 * in the checker's array of values when `slots` are given (FactChecker.slots).
 */
export function planOf(program: RuleProgram, slots?: ReadonlyMap<string, number>): ScorePlan {
  if (slots) {
    let held = slotPlans.get(program);
    if (held?.slots !== slots) slotPlans.set(program, (held = { slots, plan: makePlan(program, slots) }));
    return held.plan;
  }
  let plan = plans.get(program);
  if (!plan) plans.set(program, (plan = makePlan(program)));
  return plan;
}

/**
 * A new plan of a program, not kept: facts are read by name, or by slot in an array of values when `slots` are
 * given (a fact without a slot is read at `slots.size`, which holds nothing). For a caller with its own array of
 * values (the impact re-grade); the core's scoring takes `planOf`'s.
 */
export function makePlan(program: RuleProgram, slots?: ReadonlyMap<string, number>): ScorePlan {
  const keyOf: (fact: string) => string | number = slots ? (f) => slots.get(f) ?? slots.size : (f) => f;
  const r = program.ruleset;
  const { ofParent, ofTotal } = program.weights;
  const index = new Map(program.rules.map((rule, i) => [rule, i]));
  const tierSlots = new Map<string, number>();
  const rulePlan = (rule: ProgramRule, group: string): RulePlan => {
    const { points, tier } = rule.def as ScoringRule;
    const fact = typeof points === 'number' ? undefined : 'perUnit' in points ? points.fact : points.rating;
    // A tier is a group within one indicator (or the bonus): the same tier name elsewhere is another group.
    const slot = tier === undefined ? -1 : (tierSlots.get(`${group}\u0000${tier}`) ?? tierSlots.set(`${group}\u0000${tier}`, tierSlots.size).size - 1);
    return { index: index.get(rule)!, tier: slot, points, key: fact === undefined ? undefined : keyOf(fact) };
  };
  const inner: NodePlan[] = [];
  const leaves: NodePlan[] = [];
  const counted = new Map<number, { inner: NodePlan[]; leaves: NodePlan[] }>();
  const visit = (node: TreeNode, above: number[]): NodePlan => {
    const rules = node.leaf ? (program.byIndicator.get(node.id) ?? []).map((rule) => rulePlan(rule, node.id)) : [];
    const weight = ofParent.get(node.id)!;
    const chain = [weight, ...above];
    const p: NodePlan = { node, slot: node.leaf ? leaves.length : inner.length, weight, chain, children: [], max: node.leaf ? r.indicators[node.id].max : 0, rules };
    (node.leaf ? leaves : inner).push(p);
    if (round6(ofTotal.get(node.id)!) > 0) {
      if (!counted.has(node.level)) counted.set(node.level, { inner: [], leaves: [] });
      (node.leaf ? counted.get(node.level)!.leaves : counted.get(node.level)!.inner).push(p);
    }
    p.children = node.children.map((child) => visit(child, chain));
    return p;
  };
  const top = program.tree.top.map((node) => visit(node, []));
  const bonus = program.bonus.map((rule) => rulePlan(rule, '\u0000bonus'));
  const used = new Set<string>();
  for (const leaf of leaves) for (const f of program.factsOf.get(leaf.node.id) ?? []) used.add(f);
  for (const f of program.factsOf.get('bonus') ?? []) used.add(f);
  const bands = [...r.grades].sort((a, b) => b.min - a.min);
  return {
    top,
    inner,
    leaves,
    bonus,
    cap: r.bonus.cap,
    prerequisites: program.prerequisites.map((rule) => index.get(rule)!),
    vetoes: program.vetoes.map((rule) => index.get(rule)!),
    used: [...used],
    usedKeys: [...used].map(keyOf),
    bands,
    grades: [...bands.map((b) => b.id), NOT_ELIGIBLE_ID, VETOED_ID],
    counted,
    best: new Float64Array(tierSlots.size),
    at: new Int32Array(tierSlots.size),
  };
}

/** No compared values (explanation not asked for); shared, never changed. */
const NOT_EXPLAINED: CompactCompared = [[], ''];

/**
 * The scoring: decided rules + facts → the compact result (scores, total, grade, the rules that count and their
 * compared values), with no label or reason in it. Pure and synchronous, so a change of weights, caps or bands can
 * re-grade stored outcomes without deciding any rule again. With `explain` false no compared value is worked out
 * and the missing evidence is left out (paths that score many agencies or fact changes need only the scores).
 * The arithmetic is `tally`'s and `gradeIndex`'s; this adds what a result shows of it.
 */
export function scoreCompact(program: RuleProgram, facts: FactSource, decisions: Decisions, hash: string, explain = true, slots?: ReadonlyMap<string, number>): CompactResult {
  const plan = planOf(program, slots);
  const matched = decisions.matched;
  const nodes = new Array<number>(plan.inner.length);
  const points = new Array<number>(plan.leaves.length);
  const decided: CompactTrace[] = [];
  const { base, bonus, total } = tally(plan, facts, matched, nodes, points, decided);
  if (explain) for (const trace of decided) [trace[2], trace[3]] = decisions.compared(trace[0]);

  const gate = (i: number): CompactGate => {
    const [actual, result] = explain ? decisions.compared(i) : NOT_EXPLAINED;
    return [i, actual, result];
  };
  const unmet: CompactGate[] = [];
  for (const i of plan.prerequisites) if (!matched[i]) unmet.push(gate(i));
  const vetoes: CompactGate[] = [];
  for (const i of plan.vetoes) if (matched[i]) vetoes.push(gate(i));
  const grade = plan.grades[gradeIndex(plan, matched, total, nodes, points)];
  const absent: string[] = [];
  if (explain) for (let i = 0; i < plan.used.length; i++) if (facts[plan.usedKeys[i]] === undefined) absent.push(plan.used[i]);
  return { format: COMPACT_FORMAT, category: program.ruleset.category, hash, total, grade, base, bonus, nodes, points, decided, unmet, vetoes, absent };
}

/** The sums `tally` gives beside the node scores and points (unrounded but the total). */
export interface Sums {
  /** The weighted sum of the top level, before the bonus. */
  base: number;
  bonus: number;
  /** base + bonus, rounded and capped: the total a result shows. */
  total: number;
}

/**
 * The aggregation arithmetic, from which rules held (`matched[i]` for rule i of the program) and the facts their
 * points count (read at the plan's keys): each leaf's points into `points` and each inner node's score into
 * `nodes` (by slot, unrounded), and the sums. A leaf scores its points out of its maximum; a node above scores the
 * weighted sum of its children, as a percentage; the base total is the weighted sum of the top level; the bonus is
 * added and the total capped. The rules that count are added to `decided` (see `countRules`) unless it is null.
 * The one copy of this arithmetic: the core's scoring and the impact re-grade (outcome-plan.ts) both call it.
 */
export function tally(plan: ScorePlan, facts: FactSource, matched: ArrayLike<number>, nodes: number[], points: number[], decided: CompactTrace[] | null): Sums {
  plan.at.fill(-1);
  for (const p of plan.leaves) points[p.slot] = countRules(plan, p.rules, p.max, facts, matched, decided);
  // Children before parents: the inner nodes in reverse of the tree's (depth-first) order.
  for (let j = plan.inner.length - 1; j >= 0; j--) {
    const p = plan.inner[j];
    let score = 0;
    for (const child of p.children) score += termOf(child, nodes, points);
    nodes[p.slot] = score;
  }
  let base = 0;
  for (const p of plan.top) base += termOf(p, nodes, points);
  const bonus = countRules(plan, plan.bonus, Infinity, facts, matched, decided);
  return { base, bonus, total: Math.min(plan.cap, round2(base + bonus)) };
}

/** A node's share of its parent's score: a leaf's (points/max) × weight × 100, a node's percentage × weight. */
function termOf(p: NodePlan, nodes: number[], points: number[]): number {
  return p.children.length === 0 ? (points[p.slot] / p.max) * p.weight * 100 : nodes[p.slot] * p.weight;
}

/**
 * The grade, as an index into `plan.grades`: not eligible when a prerequisite did not hold, else vetoed when a veto
 * held, else the highest band whose minimum the total reaches and whose every-node condition holds (on the node
 * scores and points `tally` gave).
 */
export function gradeIndex(plan: ScorePlan, matched: ArrayLike<number>, total: number, nodes: number[], points: number[]): number {
  for (const i of plan.prerequisites) if (!matched[i]) return plan.bands.length;
  for (const i of plan.vetoes) if (matched[i]) return plan.bands.length + 1;
  for (let b = 0; b < plan.bands.length; b++) {
    const band = plan.bands[b];
    if (total >= band.min && (band.everyNodeAtLeast === undefined || lowestOf(plan, nodes, points, band.everyNodeAtLeast.level) >= band.everyNodeAtLeast.percent)) return b;
  }
  return plan.bands.length - 1;
}

/**
 * A node's contribution to the total, rounded as a result shows it, from its unrounded points (a leaf) or score (a
 * node above): (points/max) × 100, or the score, times the weights from the node up to the top, in that order.
 */
export function contributionOf(p: NodePlan, x: number): number {
  let share = p.children.length === 0 ? x / p.max : x;
  for (const w of p.chain) share *= w;
  return round2(p.children.length === 0 ? share * 100 : share);
}

/** The grade ids of results that are not in a band. */
export const NOT_ELIGIBLE_ID = 'notEligible';
export const VETOED_ID = 'vetoed';

/**
 * The aggregation in full: rule outcomes + facts → the EvaluationResult with labels, reasons and provenance. It is
 * `expand` of the compact result, so both forms always agree.
 */
export function aggregate(
  program: RuleProgram,
  criteria: Pick<Criteria, 'facts'>,
  facts: Record<string, unknown>,
  outcomes: RuleOutcomes,
  hash: string,
  explain = true,
): EvaluationResult {
  return expand(program, criteria, scoreCompact(program, facts, decisionsOf(program, outcomes), hash, explain));
}

/**
 * The points of an indicator (or of the bonus): in each tier group the best matching rule counts, rules outside
 * tiers add up, and the sum is capped at `max`. The rules that count are added to `decided` unless it is null, in
 * order (a tier's better rule takes the place of the one it beats), their points rounded.
 */
function countRules(plan: ScorePlan, rules: RulePlan[], max: number, facts: FactSource, matched: ArrayLike<number>, decided: CompactTrace[] | null): number {
  const first = decided === null ? 0 : decided.length;
  let sum = 0;
  for (const rule of rules) {
    if (!matched[rule.index]) continue;
    const points = pointsFrom(rule.points, rule.key === undefined ? undefined : facts[rule.key]);
    const tier = rule.tier;
    if (tier < 0 || plan.at[tier] < 0) {
      sum += points;
      if (tier >= 0) {
        plan.best[tier] = points;
        plan.at[tier] = decided === null ? 0 : decided.length;
      }
      decided?.push([rule.index, points, NOT_EXPLAINED[0], NOT_EXPLAINED[1]]);
    } else if (plan.best[tier] < points) {
      sum += points - plan.best[tier];
      plan.best[tier] = points;
      if (decided !== null) decided[plan.at[tier]] = [rule.index, points, NOT_EXPLAINED[0], NOT_EXPLAINED[1]];
    }
  }
  if (decided !== null) for (let k = first; k < decided.length; k++) decided[k][1] = round2(decided[k][1]);
  return Math.min(max, sum);
}

/**
 * The scores of a compact result as the full result rounds them: each node's score (%) and each leaf's points and
 * full mark, in the tree's order (what summaries keep, without expanding the whole result).
 */
export function scoresOf(program: RuleProgram, compact: Pick<CompactResult, 'nodes' | 'points'>): { nodes: { id: string; score: number }[]; indicators: { id: string; points: number; max: number }[] } {
  const plan = planOf(program);
  return {
    nodes: plan.inner.map((p) => ({ id: p.node.id, score: round2(compact.nodes[p.slot]) })),
    indicators: plan.leaves.map((p) => ({ id: p.node.id, points: round2(compact.points[p.slot]), max: p.max })),
  };
}

/** The lowest score (as a percentage) of the nodes of one tree level that count in the total (weight above 0), from a compact result. */
export function lowestOfCompact(program: RuleProgram, compact: Pick<CompactResult, 'nodes' | 'points'>, level: number): number {
  return lowestOf(planOf(program), compact.nodes, compact.points, level);
}

/** `lowestOfCompact` on unrounded scores: each rounded as the full result shows it (for the every-node bands too). */
function lowestOf(plan: ScorePlan, nodes: number[], points: number[], level: number): number {
  let lowest = Infinity;
  const counted = plan.counted.get(level);
  for (const p of counted?.inner ?? []) lowest = Math.min(lowest, round2(nodes[p.slot]));
  for (const p of counted?.leaves ?? []) lowest = Math.min(lowest, round2((round2(points[p.slot]) / p.max) * 100));
  return lowest;
}

/** Points a matched rule awards, given the value of the fact its points count (units or a rating). */
function pointsFrom(points: Points, value: unknown): number {
  if (typeof points === 'number') return points;
  if ('perUnit' in points) {
    const units = Array.isArray(value) ? value.length : typeof value === 'number' ? value : 0;
    return Math.min(points.cap ?? Infinity, points.perUnit * units);
  }
  if (typeof value !== 'number') return 0;
  const [lo, hi] = points.range;
  return Math.min(1, Math.max(0, (value - lo) / (hi - lo))) * points.max;
}

/** Rounds to two decimals (half away from zero), as every score is shown. */
export function round2(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
