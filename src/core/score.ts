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
  tier: string | undefined;
  points: Points;
  /** Where the fact its points count is read (none for fixed points). */
  key: string | number | undefined;
}

/** A node of the indicator tree as the scoring reads it: its slot in `nodes` (inner) or `points` (leaf). */
export interface NodePlan {
  node: TreeNode;
  slot: number;
  weight: number;
  children: NodePlan[];
  /** Leaves: the full mark and the scoring rules, in file order. */
  max: number;
  rules: RulePlan[];
}

/** What scoring and expanding need of a program, worked out once per program (see `planOf`). */
export interface ScorePlan {
  top: NodePlan[];
  inner: NodePlan[];
  leaves: NodePlan[];
  bonus: RulePlan[];
  /** Each rule's tier, by index. */
  tiers: (string | undefined)[];
  prerequisites: number[];
  vetoes: number[];
  /** Facts the scoring of the leaves and the bonus reads, in the order of first use, and where each is read. */
  used: string[];
  usedKeys: (string | number)[];
  /** Grade bands from the highest minimum down. */
  bands: GradeBand[];
  /** Inner nodes and leaves that count in the total (weight above 0), by level. */
  counted: Map<number, { inner: NodePlan[]; leaves: NodePlan[] }>;
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
    if (held?.slots !== slots) slotPlans.set(program, (held = { slots, plan: makePlan(program, (f) => slots.get(f) ?? slots.size) }));
    return held.plan;
  }
  let plan = plans.get(program);
  if (!plan) plans.set(program, (plan = makePlan(program, (f) => f)));
  return plan;
}

function makePlan(program: RuleProgram, keyOf: (fact: string) => string | number): ScorePlan {
  const r = program.ruleset;
  const index = new Map(program.rules.map((rule, i) => [rule, i]));
  const rulePlan = (rule: ProgramRule): RulePlan => {
    const points = (rule.def as ScoringRule).points;
    const fact = typeof points === 'number' ? undefined : 'perUnit' in points ? points.fact : points.rating;
    return { index: index.get(rule)!, tier: (rule.def as ScoringRule).tier, points, key: fact === undefined ? undefined : keyOf(fact) };
  };
  const inner: NodePlan[] = [];
  const leaves: NodePlan[] = [];
  const counted = new Map<number, { inner: NodePlan[]; leaves: NodePlan[] }>();
  const visit = (node: TreeNode): NodePlan => {
    const rules = node.leaf ? (program.byIndicator.get(node.id) ?? []).map(rulePlan) : [];
    const p: NodePlan = { node, slot: node.leaf ? leaves.length : inner.length, weight: program.weights.ofParent.get(node.id)!, children: [], max: node.leaf ? r.indicators[node.id].max : 0, rules };
    (node.leaf ? leaves : inner).push(p);
    if (round6(program.weights.ofTotal.get(node.id)!) > 0) {
      if (!counted.has(node.level)) counted.set(node.level, { inner: [], leaves: [] });
      (node.leaf ? counted.get(node.level)!.leaves : counted.get(node.level)!.inner).push(p);
    }
    p.children = node.children.map(visit);
    return p;
  };
  const top = program.tree.top.map(visit);
  const used = new Set<string>();
  for (const leaf of leaves) for (const f of program.factsOf.get(leaf.node.id) ?? []) used.add(f);
  for (const f of program.factsOf.get('bonus') ?? []) used.add(f);
  return {
    top,
    inner,
    leaves,
    bonus: program.bonus.map(rulePlan),
    tiers: program.rules.map((rule) => (rule.def as ScoringRule).tier),
    prerequisites: program.prerequisites.map((rule) => index.get(rule)!),
    vetoes: program.vetoes.map((rule) => index.get(rule)!),
    used: [...used],
    usedKeys: [...used].map(keyOf),
    bands: [...r.grades].sort((a, b) => b.min - a.min),
    counted,
  };
}

/** No compared values (explanation not asked for); shared, never changed. */
const NOT_EXPLAINED: CompactCompared = [[], ''];

/**
 * The scoring: decided rules + facts → the compact result (scores, total, grade, the rules that count and their
 * compared values), with no label or reason in it. Pure and synchronous, so a change of weights, caps or bands can
 * re-grade stored outcomes without deciding any rule again. With `explain` false no compared value is worked out
 * and the missing evidence is left out (paths that score many agencies or fact changes need only the scores).
 *
 * A leaf scores its points out of its maximum; a node above scores the weighted sum of its children, as a
 * percentage; the base total is the weighted sum of the top level. The tree's depth and ids come from the files.
 */
export function scoreCompact(program: RuleProgram, facts: FactSource, decisions: Decisions, hash: string, explain = true, slots?: ReadonlyMap<string, number>): CompactResult {
  const plan = planOf(program, slots);
  const nodes = new Array<number>(plan.inner.length);
  const points = new Array<number>(plan.leaves.length);
  const decided: CompactTrace[] = [];
  /** A node's share of the total: leaves first ((points/max) × weight × …), nodes above as percentages × weight. */
  const term = (p: NodePlan): number => {
    if (p.children.length === 0) {
      const sum = countRules(p.rules, plan.tiers, p.max, facts, decisions, explain, decided);
      points[p.slot] = sum;
      return (sum / p.max) * p.weight * 100;
    }
    let score = 0;
    for (const child of p.children) score += term(child);
    nodes[p.slot] = score;
    return score * p.weight;
  };
  let base = 0;
  for (const p of plan.top) base += term(p);
  const bonus = countRules(plan.bonus, plan.tiers, Infinity, facts, decisions, explain, decided);
  const total = Math.min(program.ruleset.bonus.cap, round2(base + bonus));

  const gate = (i: number): CompactGate => {
    const [actual, result] = explain ? decisions.compared(i) : NOT_EXPLAINED;
    return [i, actual, result];
  };
  const unmet: CompactGate[] = [];
  for (const i of plan.prerequisites) if (!decisions.matched[i]) unmet.push(gate(i));
  const vetoes: CompactGate[] = [];
  for (const i of plan.vetoes) if (decisions.matched[i]) vetoes.push(gate(i));
  const grade = unmet.length > 0 ? NOT_ELIGIBLE_ID : vetoes.length > 0 ? VETOED_ID : bandOf(plan, total, nodes, points).id;
  const absent: string[] = [];
  if (explain) for (let i = 0; i < plan.used.length; i++) if (facts[plan.usedKeys[i]] === undefined) absent.push(plan.used[i]);
  return { format: COMPACT_FORMAT, category: program.ruleset.category, hash, total, grade, base, bonus, nodes, points, decided, unmet, vetoes, absent };
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
 * tiers add up, and the sum is capped at `max`. The rules that count are added to `decided`, in order (a tier's
 * better rule takes the place of the one it beats), with their compared leaves when `explain`.
 */
function countRules(rules: RulePlan[], tiers: (string | undefined)[], max: number, facts: FactSource, decisions: Decisions, explain: boolean, decided: CompactTrace[]): number {
  // The rules counted so far, and their points, in `decided` from `first` on (a tier's better rule takes its place).
  const first = decided.length;
  let sum = 0;
  for (const rule of rules) {
    if (!decisions.matched[rule.index]) continue;
    const points = pointsFrom(rule.points, rule.key === undefined ? undefined : facts[rule.key]);
    let rival = -1;
    if (rule.tier !== undefined) {
      for (let k = first; k < decided.length; k++) {
        if (tiers[decided[k][0]] === rule.tier) {
          rival = k;
          break;
        }
      }
    }
    if (rival < 0) {
      decided.push([rule.index, points, NOT_EXPLAINED[0], NOT_EXPLAINED[1]]);
      sum += points;
    } else if (decided[rival][1] < points) {
      sum += points - decided[rival][1];
      decided[rival] = [rule.index, points, NOT_EXPLAINED[0], NOT_EXPLAINED[1]];
    }
  }
  for (let k = first; k < decided.length; k++) {
    const trace = decided[k];
    trace[1] = round2(trace[1]);
    if (explain) [trace[2], trace[3]] = decisions.compared(trace[0]);
  }
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

/** The band a total falls in: the highest whose minimum it reaches and whose every-node condition holds. */
function bandOf(plan: ScorePlan, total: number, nodes: number[], points: number[]): GradeBand {
  const band = plan.bands.find((b) => total >= b.min && (b.everyNodeAtLeast === undefined || lowestOf(plan, nodes, points, b.everyNodeAtLeast.level) >= b.everyNodeAtLeast.percent));
  return band ?? plan.bands[plan.bands.length - 1];
}

/** `lowestAt` of a compact result: the lowest score (as a percentage) of one tree level's nodes that count. */
export function lowestOfCompact(program: RuleProgram, compact: Pick<CompactResult, 'nodes' | 'points'>, level: number): number {
  return lowestOf(planOf(program), compact.nodes, compact.points, level);
}

/** `lowestAt` on unrounded compact scores: each rounded as the full result shows it. */
function lowestOf(plan: ScorePlan, nodes: number[], points: number[], level: number): number {
  let lowest = Infinity;
  const counted = plan.counted.get(level);
  for (const p of counted?.inner ?? []) lowest = Math.min(lowest, round2(nodes[p.slot]));
  for (const p of counted?.leaves ?? []) lowest = Math.min(lowest, round2((round2(points[p.slot]) / p.max) * 100));
  return lowest;
}

/** Points a matched rule awards for these facts. */
export function pointsOf(points: Points, facts: Record<string, unknown>): number {
  return pointsFrom(points, typeof points === 'number' ? undefined : facts['perUnit' in points ? points.fact : points.rating]);
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

type LevelScores = Pick<EvaluationResult, 'nodes' | 'indicators'>;

/** The lowest score (as a percentage) of the nodes of one tree level that count in the total (weight above 0). */
export function lowestAt(scores: LevelScores, level: number): number {
  let lowest = Infinity;
  for (const n of scores.nodes) if (n.level === level && n.effectiveWeight > 0) lowest = Math.min(lowest, n.score);
  for (const i of scores.indicators) if (i.level === level && i.effectiveWeight > 0) lowest = Math.min(lowest, round2((i.points / i.max) * 100));
  return lowest;
}

/** Rounds to two decimals (half away from zero), as every score is shown. */
export function round2(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
