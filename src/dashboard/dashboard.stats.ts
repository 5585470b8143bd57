/**
 * The dashboard's statistics beyond calibration, pure: the spread of each indicator's score across agencies, and
 * the agencies whose total lies within a margin of a grade boundary.
 */
import { round2, type GradeBand, type Text } from '../core/index.js';

/** min, first quartile, median, third quartile, max (what a box plot draws). */
export type FiveNumbers = [number, number, number, number, number];

/** Quantile by linear interpolation between the closest ranks (sorted input of `n`; only those two ranks are read). */
function quantile(sorted: number[], q: number, n = sorted.length): number {
  const at = (n - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** The five numbers of a sample (rounded to two decimals); undefined for an empty one. */
export function fiveNumbers(values: number[]): FiveNumbers | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  return [s[0], quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75), s[s.length - 1]].map(round2) as FiveNumbers;
}

/** The ranks (0-based, ascending) that {@link fiveNumbers} reads of a sorted sample of `n`. */
export function fiveNumberRanks(n: number): number[] {
  const at = [0, 0.25, 0.5, 0.75, 1].map((q) => (n - 1) * q);
  return [...new Set(at.flatMap((x) => [Math.floor(x), Math.ceil(x)]))];
}

/**
 * The five numbers of a sample of `n` from only the values at {@link fiveNumberRanks} (a database sorted it and
 * returned those): the same numbers as {@link fiveNumbers} of the whole sample; undefined when one is missing.
 */
export function fiveNumbersAt(n: number, ranked: Map<number, number>): FiveNumbers | undefined {
  if (n === 0 || fiveNumberRanks(n).some((i) => !ranked.has(i))) return undefined;
  const sparse: number[] = [];
  for (const [i, x] of ranked) sparse[i] = x;
  return [sparse[0], quantile(sparse, 0.25, n), quantile(sparse, 0.5, n), quantile(sparse, 0.75, n), sparse[n - 1]].map(round2) as FiveNumbers;
}

/** An agency close to a grade boundary: the band whose minimum is nearest, and how far (negative: below it). */
export interface NearBoundary {
  agencyId: string;
  name: string;
  evaluationId: string;
  total: number;
  grade: string;
  boundary: { grade: string; label: Text; min: number };
  distance: number;
}

/**
 * The scored agencies (eligible, not vetoed) whose total is within `margin` points of a band's minimum (the
 * lowest band's minimum is no boundary), each with its nearest boundary; nearest first.
 */
export function nearBoundaries(
  agencies: { agencyId: string; name: string; evaluationId: string; total: number; grade: string; eligible: boolean; vetoed: boolean }[],
  bands: GradeBand[],
  margin = 2,
): NearBoundary[] {
  const lowest = Math.min(...bands.map((b) => b.min));
  const edges = bands.filter((b) => b.min > lowest);
  const out: NearBoundary[] = [];
  for (const a of agencies) {
    if (!a.eligible || a.vetoed) continue;
    let best: NearBoundary | undefined;
    for (const b of edges) {
      const distance = round2(a.total - b.min);
      if (Math.abs(distance) <= margin && (!best || Math.abs(distance) < Math.abs(best.distance))) {
        best = { ...pick(a), boundary: { grade: b.id, label: b.label, min: b.min }, distance };
      }
    }
    if (best) out.push(best);
  }
  return out.sort((x, y) => Math.abs(x.distance) - Math.abs(y.distance) || x.total - y.total);
}

const pick = ({ agencyId, name, evaluationId, total, grade }: Pick<NearBoundary, 'agencyId' | 'name' | 'evaluationId' | 'total' | 'grade'>) => ({ agencyId, name, evaluationId, total, grade });
