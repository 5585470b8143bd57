import { round2 } from '../core/index.js';
import type { ResultSummary } from './impact.js';

/**
 * Per category: how many agencies, their grade distribution, and the mean total and mean score of each node
 * of the scored ones. Not-eligible and vetoed agencies are counted apart and kept out of the means (their totals
 * say nothing about the bands).
 */
export interface CategoryCalibration {
  agencies: number;
  /** Agencies in the means: eligible and not vetoed. */
  scored: number;
  notEligible: number;
  vetoed: number;
  grades: Record<string, number>;
  /** Mean total of the scored agencies (0 when there is none). */
  meanTotal: number;
  /** Mean score of each node above the leaves (any level) over the scored agencies. */
  meanNodes: Record<string, number>;
}

export type Calibration = Record<string, CategoryCalibration>;

/** The calibration view data for a set of results (under any ruleset, active or candidate). */
export function calibrate(results: Iterable<ResultSummary>): Calibration {
  const sums = new CalibrationSums();
  for (const r of results) sums.add(r.category, r.grade, r.eligible, r.vetoed, r.total, r.nodes.map((d) => d.id), r.nodes.map((d) => d.score));
  return sums.result();
}

/** `calibrate` one result at a time, for results that are never all held at once (node ids and scores side by side). */
export class CalibrationSums {
  private readonly out: Calibration = {};
  private readonly sums = new Map<string, { total: number; dims: Record<string, number> }>();

  add(category: string, grade: string, eligible: boolean, vetoed: boolean, total: number, nodeIds: readonly string[], nodeScores: ArrayLike<number>): void {
    const c = (this.out[category] ??= { agencies: 0, scored: 0, notEligible: 0, vetoed: 0, grades: {}, meanTotal: 0, meanNodes: {} });
    c.agencies++;
    c.grades[grade] = (c.grades[grade] ?? 0) + 1;
    if (!eligible) c.notEligible++;
    else if (vetoed) c.vetoed++;
    if (!eligible || vetoed) return;
    c.scored++;
    const s = this.sums.get(category) ?? { total: 0, dims: {} };
    this.sums.set(category, s);
    s.total += total;
    for (let j = 0; j < nodeIds.length; j++) s.dims[nodeIds[j]] = (s.dims[nodeIds[j]] ?? 0) + nodeScores[j];
  }

  /** The calibration of the results added so far (the means worked out). */
  result(): Calibration {
    const out = structuredClone(this.out);
    for (const [category, s] of this.sums) {
      const c = out[category];
      c.meanTotal = round2(s.total / c.scored);
      for (const [id, sum] of Object.entries(s.dims)) c.meanNodes[id] = round2(sum / c.scored);
    }
    return out;
  }
}

/** Agencies counted by category, grade, eligibility and veto, with their totals summed (as a database groups them). */
export interface CalibrationCount {
  category: string;
  grade: string;
  eligible: boolean;
  vetoed: boolean;
  count: number;
  sumTotal: number;
}

/**
 * The same calibration as {@link calibrate} of the agencies counted, from counts and sums (a database's GROUP BY):
 * `nodeSums` holds, per category, the sum of each node's score over the scored agencies (nodes above the leaves).
 */
export function calibrateCounts(counts: CalibrationCount[], nodeSums: Map<string, Map<string, number>>): Calibration {
  const out: Calibration = {};
  const totals = new Map<string, number>();
  for (const r of counts) {
    const c = (out[r.category] ??= { agencies: 0, scored: 0, notEligible: 0, vetoed: 0, grades: {}, meanTotal: 0, meanNodes: {} });
    c.agencies += r.count;
    c.grades[r.grade] = (c.grades[r.grade] ?? 0) + r.count;
    if (!r.eligible) c.notEligible += r.count;
    else if (r.vetoed) c.vetoed += r.count;
    else {
      c.scored += r.count;
      totals.set(r.category, (totals.get(r.category) ?? 0) + r.sumTotal);
    }
  }
  for (const [category, c] of Object.entries(out)) {
    if (c.scored === 0) continue;
    c.meanTotal = round2(totals.get(category)! / c.scored);
    for (const [id, sum] of nodeSums.get(category) ?? []) c.meanNodes[id] = round2(sum / c.scored);
  }
  return out;
}
