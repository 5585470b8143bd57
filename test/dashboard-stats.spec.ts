import { describe, expect, test } from '@jest/globals';
import { calibrate, calibrateCounts } from '../src/committee/calibration.js';
import type { ResultSummary } from '../src/committee/impact.js';
import { fiveNumberRanks, fiveNumbers, fiveNumbersAt, nearBoundaries } from '../src/dashboard/dashboard.stats.js';
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

  test('five numbers from only the ranks a database picked of the sorted sample', () => {
    // n = 4: positions 0, 0.75, 1.5, 2.25, 3 read ranks 0 to 3; n = 9: positions 0, 2, 4, 6, 8 read only those
    expect(fiveNumberRanks(4).sort()).toEqual([0, 1, 2, 3]);
    expect(fiveNumberRanks(9).sort()).toEqual([0, 2, 4, 6, 8]);
    expect(fiveNumbersAt(4, new Map([[0, 10], [1, 20], [2, 40], [3, 80]]))).toEqual([10, 17.5, 30, 50, 80]);
    // 1..9 (ranks 0..8 hold 1..9): 1, 3, 5, 7, 9, the ranks between never read
    expect(fiveNumbersAt(9, new Map([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]))).toEqual([1, 3, 5, 7, 9]);
    expect(fiveNumbersAt(9, new Map([[0, 1], [2, 3], [4, 5], [8, 9]]))).toBeUndefined();
  });

  test('calibration from counts and sums equals calibration of the rows counted', () => {
    // the rows of the test above, grouped: b 70 + 60 (scored), vetoed 95, notEligible 10; node d sums to 130
    const c = calibrateCounts(
      [
        { category: 'other', grade: 'b', eligible: true, vetoed: false, count: 2, sumTotal: 130 },
        { category: 'other', grade: 'vetoed', eligible: true, vetoed: true, count: 1, sumTotal: 95 },
        { category: 'other', grade: 'notEligible', eligible: false, vetoed: false, count: 1, sumTotal: 10 },
      ],
      new Map([['other', new Map([['d', 130]])]]),
    ).other;
    expect(c).toEqual({ agencies: 4, scored: 2, notEligible: 1, vetoed: 1, grades: { b: 2, vetoed: 1, notEligible: 1 }, meanTotal: 65, meanNodes: { d: 65 } });
    // none scored: means stay 0 and no node mean
    expect(calibrateCounts([{ category: 'x', grade: 'vetoed', eligible: true, vetoed: true, count: 3, sumTotal: 200 }], new Map()).x).toEqual({ agencies: 3, scored: 0, notEligible: 0, vetoed: 3, grades: { vetoed: 3 }, meanTotal: 0, meanNodes: {} });
  });
});
