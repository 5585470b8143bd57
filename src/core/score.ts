import type { ProgramRule, RuleProgram } from './rule-program.js';
import type {
  ComparedFact,
  Criteria,
  DimensionScore,
  EvaluationResult,
  GateOutcome,
  IndicatorScore,
  MissingEvidence,
  Points,
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
  const indicators: IndicatorScore[] = [];
  const dimensions: DimensionScore[] = [];
  const missingUse = new Map<string, Set<string>>();
  let baseTotal = 0;
  for (const d of criteria.indicators.dimensions) {
    const dimWeight = r.weights.dimensions[d.id];
    let dimScore = 0;
    for (const def of d.indicators) {
      const rules = program.byIndicator.get(def.id) ?? [];
      const { points, decidedBy } = indicatorPoints(rules, r.indicators[def.id].max, facts, outcomes);
      const max = r.indicators[def.id].max;
      const weight = r.weights.indicators[def.id];
      const missing = explain ? (program.factsOf.get(def.id) ?? []).filter((f) => facts[f] === undefined) : [];
      for (const f of missing) missingUse.set(f, (missingUse.get(f) ?? new Set()).add(def.id));
      dimScore += (points / max) * weight * 100;
      indicators.push({
        id: def.id,
        dimension: d.id,
        name: def.name,
        clause: def.clause,
        points: round2(points),
        max,
        weight,
        effectiveWeight: round6(weight * dimWeight),
        contribution: round2((points / max) * weight * dimWeight * 100),
        decidedBy,
        missing,
      });
    }
    baseTotal += dimScore * dimWeight;
    dimensions.push({ id: d.id, name: d.name, weight: dimWeight, score: round2(dimScore), contribution: round2(dimScore * dimWeight) });
  }

  const bonus = indicatorPoints(program.bonus, Infinity, facts, outcomes);
  for (const f of explain ? (program.factsOf.get('bonus') ?? []) : []) {
    if (facts[f] === undefined) missingUse.set(f, (missingUse.get(f) ?? new Set()).add('bonus'));
  }
  const total = Math.min(r.bonus.cap, round2(baseTotal + bonus.points));

  const gate = (rule: ProgramRule): GateOutcome => ({
    id: rule.key,
    clause: rule.def.clause,
    reason: rule.def.reason,
    compared: outcomes.compared(rule.name),
  });
  const unmetPrerequisites = program.prerequisites.filter((rule) => !outcomes.matched.has(rule.name)).map(gate);
  const vetoes = program.vetoes.filter((rule) => outcomes.matched.has(rule.name)).map(gate);
  const eligible = unmetPrerequisites.length === 0;
  const grade = gradeOf(r, total, dimensions, eligible, vetoes.length > 0);

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
    passing: grade.passing,
    dimensions,
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
    const trace: RuleTrace = { rule: rule.name, clause: def.clause, reason: def.reason, points: round2(points), compared: outcomes.compared(rule.name) };
    if (def.tier !== undefined) trace.tier = def.tier;
    return trace;
  });
  return { points: Math.min(max, sum), decidedBy };
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

function gradeOf(r: Ruleset, total: number, dimensions: DimensionScore[], eligible: boolean, vetoed: boolean) {
  if (!eligible) return { id: 'notEligible', label: NOT_ELIGIBLE, passing: false };
  if (vetoed) return { id: 'vetoed', label: VETOED, passing: false };
  const bands = [...r.grades].sort((a, b) => b.min - a.min);
  const lowestDimension = Math.min(...dimensions.map((d) => d.score));
  const band =
    bands.find((b) => total >= b.min && (b.minDimensionPercent === undefined || lowestDimension >= b.minDimensionPercent)) ??
    bands[bands.length - 1];
  return { id: band.id, label: band.label, passing: band.passing };
}

/** Rounds to two decimals (half away from zero), as every score is shown. */
export function round2(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
