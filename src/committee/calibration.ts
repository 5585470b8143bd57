import { round2 } from '../core/index.js';
import type { ResultSummary } from './impact.js';

/** Per category: how many agencies, their grade distribution, mean total and mean score of each node above the leaves. */
export interface CategoryCalibration {
  agencies: number;
  grades: Record<string, number>;
  meanTotal: number;
  meanNodes: Record<string, number>;
}

export type Calibration = Record<string, CategoryCalibration>;

/** The calibration view data for a set of results (under any ruleset, active or candidate). */
export function calibrate(results: ResultSummary[]): Calibration {
  const out: Calibration = {};
  const sums = new Map<string, { total: number; dims: Record<string, number> }>();
  for (const r of results) {
    const c = (out[r.category] ??= { agencies: 0, grades: {}, meanTotal: 0, meanNodes: {} });
    const s = sums.get(r.category) ?? { total: 0, dims: {} };
    sums.set(r.category, s);
    c.agencies++;
    c.grades[r.grade] = (c.grades[r.grade] ?? 0) + 1;
    s.total += r.total;
    for (const d of r.nodes) s.dims[d.id] = (s.dims[d.id] ?? 0) + d.score;
  }
  for (const [category, c] of Object.entries(out)) {
    const s = sums.get(category)!;
    c.meanTotal = round2(s.total / c.agencies);
    for (const [id, sum] of Object.entries(s.dims)) c.meanNodes[id] = round2(sum / c.agencies);
  }
  return out;
}

