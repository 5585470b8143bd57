import { comparedFacts, type CompactGate, type CompactResult, type CompactTrace } from './compact.js';
import { leavesOf } from './conditions.js';
import { provenanceOf } from './provenance.js';
import type { RuleProgram } from './rule-program.js';
import { contributionOf, NOT_ELIGIBLE_ID, planOf, round2, round6, VETOED_ID, type NodePlan } from './score.js';
import type {
  Criteria,
  EvaluationResult,
  GateOutcome,
  IndicatorScore,
  LeafCondition,
  MissingEvidence,
  NodeScore,
  Provenance,
  RuleTrace,
  ScoringRule,
  Text,
} from './types.js';

const NOT_ELIGIBLE: Text = { zh: '不符合参评条件', en: 'Not eligible' };
const VETOED: Text = { zh: '一票否决', en: 'Vetoed' };

/** Each rule's leaves in the order compared values list them, per program (worked out on first use). */
const leavesByProgram = new WeakMap<RuleProgram, LeafCondition[][]>();

function ruleLeaves(program: RuleProgram): LeafCondition[][] {
  let leaves = leavesByProgram.get(program);
  if (!leaves) leavesByProgram.set(program, (leaves = program.rules.map((r) => leavesOf(r.def.conditions, '').map((l) => l.leaf))));
  return leaves;
}

/**
 * The full EvaluationResult of a compact one, from the program of the ruleset it was scored on: names, clauses,
 * weights, reasons and provenance of the rules and bands, each compared leaf's fact, operator and value, and the
 * labels and evidence of missing facts. Byte-identical (JSON) to what the aggregation gave before results were
 * compact: the same keys in the same order, the same rounding of the same numbers.
 */
export function expand(program: RuleProgram, criteria: Pick<Criteria, 'facts'>, c: CompactResult): EvaluationResult {
  const r = program.ruleset;
  const plan = planOf(program);
  const leaves = ruleLeaves(program);
  const { ofTotal } = program.weights;
  const absent = new Set(c.absent);
  const missingUse = new Map<string, string[]>();
  const trace = ([index, points, actual, result]: CompactTrace): RuleTrace => {
    const def = program.rules[index].def as ScoringRule;
    const out = withProvenance({ rule: program.rules[index].name }, def) as RuleTrace;
    out.reason = def.reason;
    out.points = points;
    out.compared = comparedFacts(leaves[index], [actual, result]);
    if (def.tier !== undefined) out.tier = def.tier;
    return out;
  };
  // The decided rules come leaf by leaf in the tree's order, then the bonus items.
  let next = 0;
  const tracesOf = (id: string | undefined): RuleTrace[] => {
    const out: RuleTrace[] = [];
    while (next < c.decided.length && program.rules[c.decided[next][0]].indicator === id) out.push(trace(c.decided[next++]));
    return out;
  };
  const indicators: IndicatorScore[] = [];
  const nodes: NodeScore[] = [];
  const visit = (p: NodePlan) => {
    const node = p.node;
    const id = node.id;
    const parent = node.parent?.id ?? null;
    const effectiveWeight = round6(ofTotal.get(id)!);
    if (node.leaf) {
      const points = c.points[p.slot];
      const missing = absent.size === 0 ? [] : (program.factsOf.get(id) ?? []).filter((f) => absent.has(f));
      for (const f of missing) use(missingUse, f, id);
      // Object literals with every key written out (no spreads): the same key order, built on V8's fast path.
      indicators.push({ id, parent, level: node.level, name: node.def.name, clause: node.def.clause, points: round2(points), max: p.max, weight: p.weight, effectiveWeight, contribution: contributionOf(p, points), decidedBy: tracesOf(id), missing });
      return;
    }
    const score = c.nodes[p.slot];
    nodes.push({ id, parent, level: node.level, name: node.def.name, clause: node.def.clause, weight: p.weight, effectiveWeight, score: round2(score), contribution: contributionOf(p, score) });
    for (const child of p.children) visit(child);
  };
  for (const p of plan.top) visit(p);
  const bonusItems = tracesOf(undefined);
  for (const f of program.factsOf.get('bonus') ?? []) if (absent.has(f)) use(missingUse, f, 'bonus');

  const gate = ([index, actual, result]: CompactGate): GateOutcome => {
    const rule = program.rules[index];
    const out = withProvenance({ id: rule.key }, rule.def) as GateOutcome;
    out.reason = rule.def.reason;
    out.compared = comparedFacts(leaves[index], [actual, result]);
    return out;
  };
  const grade = gradeOf(program, c.grade);
  const missingEvidence: MissingEvidence[] = [...missingUse].map(([fact, uses]) => {
    const def = criteria.facts.facts[fact];
    return { fact, label: def.label, evidence: def.evidence, indicators: uses };
  });

  return {
    category: r.category,
    eligible: c.unmet.length === 0,
    unmetPrerequisites: c.unmet.map(gate),
    vetoed: c.vetoes.length > 0,
    vetoes: c.vetoes.map(gate),
    baseTotal: round2(c.base),
    bonus: { points: round2(c.bonus), cap: r.bonus.cap, items: bonusItems },
    total: c.total,
    grade: c.grade,
    gradeLabel: grade.label,
    gradeBasis: grade.basis,
    passing: grade.passing,
    nodes,
    indicators,
    missingEvidence,
    ruleset: { id: r.id, category: r.category, version: r.version, edition: r.standard.edition, effectiveFrom: r.effectiveFrom, hash: c.hash },
  };
}

function use(missingUse: Map<string, string[]>, fact: string, id: string): void {
  const uses = missingUse.get(fact);
  if (!uses) missingUse.set(fact, [id]);
  else if (!uses.includes(id)) uses.push(id);
}

/** A grade id's label, provenance and whether it passes: the band's, or not eligible / vetoed. */
export function gradeOf(program: RuleProgram, id: string): { label: Text; passing: boolean; basis: Provenance | null } {
  if (id === NOT_ELIGIBLE_ID) return { label: NOT_ELIGIBLE, passing: false, basis: null };
  if (id === VETOED_ID) return { label: VETOED, passing: false, basis: null };
  const band = planOf(program).bands.find((b) => b.id === id);
  if (!band) throw new Error(`grade "${id}" is not a band of ruleset ${program.ruleset.id}`);
  return { label: band.label, passing: band.passing, basis: provenanceOf(band) };
}

/** Adds a provenance's fields to `target` in provenanceOf's order (basis, clause, rationale), without a spread. */
function withProvenance<T extends object>(target: T, p: Provenance): T & Provenance {
  const out = target as T & Provenance;
  out.basis = p.basis;
  if (p.clause !== undefined) out.clause = p.clause;
  if (p.rationale !== undefined) out.rationale = p.rationale;
  return out;
}
