import { provenanceOf } from './provenance.js';
import type { ProgramRule, RuleProgram } from './rule-program.js';
import type { TreeNode } from './tree.js';
import type {
  ComparedFact,
  Criteria,
  EvaluationResult,
  GateOutcome,
  IndicatorScore,
  MissingEvidence,
  NodeScore,
  Points,
  Provenance,
  RuleTrace,
  Ruleset,
  ScoringRule,
  Text,
} from './types.js';

/** What json-rules-engine decided for one run: the rules that matched, and how to read the values they compared. */
export interface RuleOutcomes {
  /** Rule names whose conditions held. */
  matched: Pick<ReadonlySet<string>, 'has'>;
  /** The fact values a rule compared (for the rules a report shows). */
  compared(rule: string): ComparedFact[];
}

const NOT_ELIGIBLE: Text = { zh: '不符合参评条件', en: 'Not eligible' };
const VETOED: Text = { zh: '一票否决', en: 'Vetoed' };

/**
 * The aggregation: rule outcomes + facts → scores, total and grade. Pure and synchronous, so a change of weights,
 * caps or bands can re-grade stored outcomes without running json-rules-engine again. With `explain` false the
 * missing evidence is left out (re-grading many agencies at once needs only the scores).
 *
 * A leaf scores its points out of its maximum; a node above scores the weighted sum of its children, as a
 * percentage; the base total is the weighted sum of the top level. The tree's depth and ids come from the files.
 */
export function aggregate(
  program: RuleProgram,
  criteria: Criteria,
  facts: Record<string, unknown>,
  outcomes: RuleOutcomes,
  hash: string,
  explain = true,
): EvaluationResult {
  const r = program.ruleset;
  const { ofParent, ofTotal } = program.weights;
  const indicators: IndicatorScore[] = [];
  const nodes: NodeScore[] = [];
  const missingUse = new Map<string, Set<string>>();
  /** The product of the weights from a node up to the top, times `x`, multiplied in that order. */
  const upward = (node: TreeNode, x: number) => {
    for (let n: TreeNode | null = node; n; n = n.parent) x *= ofParent.get(n.id)!;
    return x;
  };
  /** A node's share of the total: leaves first ((points/max) × weight × …), nodes above as percentages × weight. */
  const term = (node: TreeNode): number => {
    const weight = ofParent.get(node.id)!;
    const id = node.id;
    const parent = node.parent?.id ?? null;
    const effectiveWeight = round6(ofTotal.get(id)!);
    if (node.leaf) {
      const ind = r.indicators[id];
      const { points, decidedBy } = indicatorPoints(program.byIndicator.get(id) ?? [], ind.max, facts, outcomes);
      const missing = explain ? (program.factsOf.get(id) ?? []).filter((f) => facts[f] === undefined) : [];
      for (const f of missing) missingUse.set(f, (missingUse.get(f) ?? new Set()).add(id));
      indicators.push({ id, parent, level: node.level, name: node.def.name, clause: node.def.clause, points: round2(points), max: ind.max, weight, effectiveWeight, contribution: round2(upward(node, points / ind.max) * 100), decidedBy, missing });
      return (points / ind.max) * weight * 100;
    }
    // Object literals with every key written out (no spreads): the same key order, built on V8's fast path.
    const at = nodes.push({ id, parent, level: node.level, name: node.def.name, clause: node.def.clause, weight, effectiveWeight, score: 0, contribution: 0 }) - 1;
    let score = 0;
    for (const child of node.children) score += term(child);
    nodes[at].score = round2(score);
    nodes[at].contribution = round2(upward(node, score));
    return score * weight;
  };
  let baseTotal = 0;
  for (const node of program.tree.top) baseTotal += term(node);

  const bonus = indicatorPoints(program.bonus, Infinity, facts, outcomes);
  for (const f of explain ? (program.factsOf.get('bonus') ?? []) : []) {
    if (facts[f] === undefined) missingUse.set(f, (missingUse.get(f) ?? new Set()).add('bonus'));
  }
  const total = Math.min(r.bonus.cap, round2(baseTotal + bonus.points));

  const gate = (rule: ProgramRule): GateOutcome => {
    const out = withProvenance({ id: rule.key }, rule.def) as GateOutcome;
    out.reason = rule.def.reason;
    out.compared = outcomes.compared(rule.name);
    return out;
  };
  const unmetPrerequisites = program.prerequisites.filter((rule) => !outcomes.matched.has(rule.name)).map(gate);
  const vetoes = program.vetoes.filter((rule) => outcomes.matched.has(rule.name)).map(gate);
  const eligible = unmetPrerequisites.length === 0;
  const grade = gradeOf(r, total, { nodes, indicators }, eligible, vetoes.length > 0);

  const missingEvidence: MissingEvidence[] = [...missingUse].map(([fact, uses]) => {
    const def = criteria.facts.facts[fact];
    return { fact, label: def.label, evidence: def.evidence, indicators: [...uses] };
  });

  return {
    category: r.category,
    eligible,
    unmetPrerequisites,
    vetoed: vetoes.length > 0,
    vetoes,
    baseTotal: round2(baseTotal),
    bonus: { points: round2(bonus.points), cap: r.bonus.cap, items: bonus.decidedBy },
    total,
    grade: grade.id,
    gradeLabel: grade.label,
    gradeBasis: grade.basis,
    passing: grade.passing,
    nodes,
    indicators,
    missingEvidence,
    ruleset: { id: r.id, category: r.category, version: r.version, edition: r.standard.edition, effectiveFrom: r.effectiveFrom, hash },
  };
}

/**
 * An indicator's points: in each tier group the best matching rule counts, rules outside tiers add up, and the sum
 * is capped at the indicator's maximum.
 */
function indicatorPoints(rules: ProgramRule[], max: number, facts: Record<string, unknown>, outcomes: RuleOutcomes) {
  const counted: { rule: ProgramRule; points: number }[] = [];
  let sum = 0;
  for (const rule of rules) {
    if (!outcomes.matched.has(rule.name)) continue;
    const def = rule.def as ScoringRule;
    const points = pointsOf(def.points, facts);
    const rival = def.tier === undefined ? -1 : counted.findIndex((c) => (c.rule.def as ScoringRule).tier === def.tier);
    if (rival < 0) {
      counted.push({ rule, points });
      sum += points;
    } else if (counted[rival].points < points) {
      sum += points - counted[rival].points;
      counted[rival] = { rule, points };
    }
  }
  const decidedBy: RuleTrace[] = counted.map(({ rule, points }) => {
    const def = rule.def as ScoringRule;
    const trace = withProvenance({ rule: rule.name }, def) as RuleTrace;
    trace.reason = def.reason;
    trace.points = round2(points);
    trace.compared = outcomes.compared(rule.name);
    if (def.tier !== undefined) trace.tier = def.tier;
    return trace;
  });
  return { points: Math.min(max, sum), decidedBy };
}

/** Adds a provenance's fields to `target` in provenanceOf's order (basis, clause, rationale), without a spread. */
function withProvenance<T extends object>(target: T, p: Provenance): T & Provenance {
  const out = target as T & Provenance;
  out.basis = p.basis;
  if (p.clause !== undefined) out.clause = p.clause;
  if (p.rationale !== undefined) out.rationale = p.rationale;
  return out;
}

/** Points a matched rule awards for these facts. */
export function pointsOf(points: Points, facts: Record<string, unknown>): number {
  if (typeof points === 'number') return points;
  if ('perUnit' in points) {
    const value = facts[points.fact];
    const units = Array.isArray(value) ? value.length : typeof value === 'number' ? value : 0;
    return Math.min(points.cap ?? Infinity, points.perUnit * units);
  }
  const value = facts[points.rating];
  if (typeof value !== 'number') return 0;
  const [lo, hi] = points.range;
  return Math.min(1, Math.max(0, (value - lo) / (hi - lo))) * points.max;
}

function gradeOf(r: Ruleset, total: number, scores: LevelScores, eligible: boolean, vetoed: boolean) {
  if (!eligible) return { id: 'notEligible', label: NOT_ELIGIBLE, passing: false, basis: null };
  if (vetoed) return { id: 'vetoed', label: VETOED, passing: false, basis: null };
  const bands = [...r.grades].sort((a, b) => b.min - a.min);
  const band =
    bands.find((b) => total >= b.min && (b.everyNodeAtLeast === undefined || lowestAt(scores, b.everyNodeAtLeast.level) >= b.everyNodeAtLeast.percent)) ??
    bands[bands.length - 1];
  return { id: band.id, label: band.label, passing: band.passing, basis: provenanceOf(band) };
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

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
