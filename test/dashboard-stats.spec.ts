import { describe, expect, test } from '@jest/globals';
import { calibrate } from '../src/committee/calibration.js';
import type { ResultSummary } from '../src/committee/impact.js';
import { fiveNumbers, nearBoundaries } from '../src/dashboard/dashboard.stats.js';
import type { GradeBand } from '../src/core/index.js';

const band = (id: string, min: number, max: number): GradeBand => ({ id, label: { zh: id, en: id }, min, max, passing: min > 0, basis: 'committee', rationale: { zh: id, en: id } });
const BANDS = [band('a', 80, 105), band('b', 60, 80), band('c', 0, 60)];
const agency = (agencyId: string, total: number, more: { eligible?: boolean; vetoed?: boolean } = {}) => ({ agencyId, name: agencyId, evaluationId: `e-${agencyId}`, total, grade: 'x', eligible: more.eligible ?? true, vetoed: more.vetoed ?? false });

describe('dashboard statistics', () => {
  test('five numbers by linear interpolation between ranks', () => {
    expect(fiveNumbers([85, 30, 85])).toEqual([30, 57.5, 85, 85, 85]);
    // positions 0.75, 1.5, 2.25 of [10, 20, 40, 80]: 17.5, 30, 50
    expect(fiveNumbers([80, 10, 40, 20])).toEqual([10, 17.5, 30, 50, 80]);
    expect(fiveNumbers([])).toBeUndefined();
  });

  test('agencies within 2 points of a band minimum, nearest first; the lowest band is no boundary; vetoed and not eligible left out', () => {
    const near = nearBoundaries([agency('p', 78), agency('q', 80.5), agency('r', 1), agency('s', 70), agency('t', 61, { vetoed: true }), agency('u', 59, { eligible: false }), agency('v', 82.01)], BANDS);
    expect(near.map((n) => [n.agencyId, n.boundary.grade, n.distance])).toEqual([
      ['q', 'a', 0.5],
      ['p', 'a', -2],
    ]);
  });

  test('calibration keeps not-eligible and vetoed agencies out of the means and counts them apart', () => {
    const r = (total: number, eligible: boolean, vetoed: boolean): ResultSummary => ({ category: 'other', total, grade: !eligible ? 'notEligible' : vetoed ? 'vetoed' : 'b', eligible, vetoed, nodes: [{ id: 'd', score: total }], indicators: [] });
    const c = calibrate([r(70, true, false), r(60, true, false), r(95, true, true), r(10, false, false)]).other;
    expect(c).toEqual({ agencies: 4, scored: 2, notEligible: 1, vetoed: 1, grades: { b: 2, vetoed: 1, notEligible: 1 }, meanTotal: 65, meanNodes: { d: 65 } });
  });
});
