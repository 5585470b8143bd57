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
export function calibrate(results: ResultSummary[]): Calibration {
  const out: Calibration = {};
  const sums = new Map<string, { total: number; dims: Record<string, number> }>();
  for (const r of results) {
    const c = (out[r.category] ??= { agencies: 0, scored: 0, notEligible: 0, vetoed: 0, grades: {}, meanTotal: 0, meanNodes: {} });
    c.agencies++;
    c.grades[r.grade] = (c.grades[r.grade] ?? 0) + 1;
    if (!r.eligible) c.notEligible++;
    else if (r.vetoed) c.vetoed++;
    if (!r.eligible || r.vetoed) continue;
    c.scored++;
    const s = sums.get(r.category) ?? { total: 0, dims: {} };
    sums.set(r.category, s);
    s.total += r.total;
    for (const d of r.nodes) s.dims[d.id] = (s.dims[d.id] ?? 0) + d.score;
  }
  for (const [category, s] of sums) {
    const c = out[category];
    c.meanTotal = round2(s.total / c.scored);
    for (const [id, sum] of Object.entries(s.dims)) c.meanNodes[id] = round2(sum / c.scored);
  }
  return out;
}
