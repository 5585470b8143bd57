import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/database/db.service.js';
import { fiveNumbersAt } from '../../src/dashboard/dashboard.stats.js';
import { rawQuery } from '../../src/database/raw-sql.js';
import { gradeCounts, nearEdges, nodeStats, nodeSums, standingCounts } from '../../src/evaluations/summary-queries.js';
import { readExample } from '../support/standard.js';
import { as, createAgency, startApi, type DbKind, type RunningApi } from './support.js';

/**
 * The SQL aggregates over the compact summaries, against figures worked out by hand. Six evaluations of five agencies
 * of one category are stored through the API; their summaries are then overwritten with chosen numbers:
 *
 *   agency  period  total  grade        eligible vetoed  n    l1   l2   l3
 *   A       2026    50     g2           yes      no      40   10   20   0
 *   B       2026    70     g2           yes      no      60   30   50   20.006
 *   C       2026    81     g1           yes      no      70   50   0    0
 *   D       2026    0      notEligible  no       no      0    0    0    0
 *   E       2026    75     vetoed       yes      yes     99   99   99   0.999
 *   A       2027    90     g1           yes      no      80   100  60   10.004   (stored last: A's latest)
 */
describe.each<DbKind>(['sqlite', 'postgres'])('aggregates of the summaries in SQL on %s', (kind) => {
  let api: RunningApi;
  let hash = '';
  const agency: Record<string, string> = {};
  const evaluationOf: Record<string, string> = {};
  const run = <T>(work: Parameters<Db['read']>[0]) => api.app.get(Db).read(work) as Promise<T>;

  beforeAll(async () => {
    api = await startApi(kind);
    const facts = readExample('other-consulting').facts;
    const rows: [string, string, number, string, boolean, boolean, Record<string, number>][] = [
      ['A', '2026', 50, 'g2', true, false, { n: 40, l1: 10, l2: 20, l3: 0 }],
      ['B', '2026', 70, 'g2', true, false, { n: 60, l1: 30, l2: 50, l3: 20.006 }],
      ['C', '2026', 81, 'g1', true, false, { n: 70, l1: 50, l2: 0, l3: 0 }],
      ['D', '2026', 0, 'notEligible', false, false, { n: 0, l1: 0, l2: 0, l3: 0 }],
      ['E', '2026', 75, 'vetoed', true, true, { n: 99, l1: 99, l2: 99, l3: 0.999 }],
      ['A', '2027', 90, 'g1', true, false, { n: 80, l1: 100, l2: 60, l3: 10.004 }],
    ];
    for (const [name, period, total, grade, eligible, vetoed, scores] of rows) {
      agency[name] ??= await createAgency(api.url, 'other', `agency ${name} ${kind}`);
      const sub = await as(api.url, 'assessor').post(`/agencies/${agency[name]}/submissions`, { period, facts }).expect(201);
      const evaluation = await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);
      hash = evaluation.body.ruleset.hash;
      evaluationOf[`${name}${period}`] = evaluation.body.id;
      await api.app.get(Db).write((m) =>
        rawQuery(m, 'UPDATE evaluation_summaries SET total = ?, grade = ?, eligible = ?, vetoed = ?, node_scores = ? WHERE evaluation_id = ?', [
          total, grade, eligible, vetoed, JSON.stringify(scores), evaluation.body.id,
        ]),
      );
    }
  });
  afterAll(async () => api?.close());

  it('counts each agency once, with its latest summary, per grade', async () => {
    const counts = await run<Awaited<ReturnType<typeof gradeCounts>>>((m) => gradeCounts(m, { group: {} }));
    // A counts with its 2027 summary (90, g1), not its 2026 one.
    expect(counts.map((c) => [c.grade, c.eligible, c.vetoed, c.count, c.sumTotal])).toEqual([
      ['g1', true, false, 2, 171],
      ['g2', true, false, 1, 70],
      ['notEligible', false, false, 1, 0],
      ['vetoed', true, true, 1, 75],
    ]);
    const of2026 = await run<Awaited<ReturnType<typeof gradeCounts>>>((m) => gradeCounts(m, { group: { period: '2026' } }));
    expect(of2026.map((c) => [c.grade, c.count, c.sumTotal])).toEqual([
      ['g1', 1, 81],
      ['g2', 2, 120],
      ['notEligible', 1, 0],
      ['vetoed', 1, 75],
    ]);
    // every agency is in 江苏省苏州市: a region prefix keeps them all, another region none, and % is no wildcard
    const inRegion = await run<Awaited<ReturnType<typeof gradeCounts>>>((m) => gradeCounts(m, { group: {}, region: '江苏' }));
    expect(inRegion).toEqual(counts);
    const elsewhere = await run<Awaited<ReturnType<typeof gradeCounts>>>((m) => gradeCounts(m, { group: {}, region: '浙江' }));
    expect(elsewhere).toEqual([]);
    const wildcard = await run<Awaited<ReturnType<typeof gradeCounts>>>((m) => gradeCounts(m, { group: {}, region: '%' }));
    expect(wildcard).toEqual([]);
  });

  it('sums node scores and picks the ranks of the five numbers over the scored latest summaries', async () => {
    const stats = await run<Awaited<ReturnType<typeof nodeStats>>>((m) => nodeStats(m, { group: {} }, new Map([['other', hash]])));
    const other = stats.get('other')!;
    // scored: A 2027, B, C (D not eligible, E vetoed)
    expect([other.get('n')!.count, other.get('n')!.sum]).toEqual([3, 210]);
    // l1: 100, 30, 50 → sorted 30, 50, 100: Q1 at rank 0.5 = 40, median 50, Q3 at rank 1.5 = 75
    expect(fiveNumbersAt(3, other.get('l1')!.ranked)).toEqual([30, 40, 50, 75, 100]);
    // l2: 60, 50, 0 → 0, 50, 60: 25, 50, 55
    expect(fiveNumbersAt(3, other.get('l2')!.ranked)).toEqual([0, 25, 50, 55, 60]);
    const notInForce = await run<Awaited<ReturnType<typeof nodeStats>>>((m) => nodeStats(m, { group: {} }, new Map([['other', 'another hash']])));
    expect(notInForce.size).toBe(0);
  });

  it('lists the scored agencies within the margin of an edge', async () => {
    const near = await run<Awaited<ReturnType<typeof nearEdges>>>((m) => nearEdges(m, { group: {} }, new Map([['other', hash]]), new Map([['other', [80, 72]]]), 2));
    // C (81) is within 2 of 80, B (70) within 2 of 72; E (75) is vetoed, A's 50 is not its latest.
    expect(near.map((r) => [r.agencyId, r.total, r.name]).sort()).toEqual([
      [agency.B, 70, `agency B ${kind}`],
      [agency.C, 81, `agency C ${kind}`],
    ].sort());
  });

  it('gives a report its peers: node sums over every latest summary, standing among the scored others', async () => {
    const group = { category: 'other', ruleset_hash: hash };
    const sums = await run<Awaited<ReturnType<typeof nodeSums>>>((m) => nodeSums(m, group, ['n', 'l3'], new Set(['l3'])));
    // n: 80 + 60 + 70 + 0 + 99; l3 rounded to two decimals first: 10 + 20.01 + 0 + 0 + 1 = 31.01 (31.009 unrounded)
    expect(sums.count).toBe(5);
    expect(sums.sums.get('n')).toBe(309);
    expect(sums.sums.get('l3')).toBeCloseTo(31.01, 9);
    const b = await run<Awaited<ReturnType<typeof standingCounts>>>((m) => standingCounts(m, group, agency.B, 70));
    expect(b).toEqual({ of: 2, below: 0, above: 2 });
    const c = await run<Awaited<ReturnType<typeof standingCounts>>>((m) => standingCounts(m, group, agency.C, 81));
    expect(c).toEqual({ of: 2, below: 1, above: 1 });
  });

  it('serves the same figures as the dashboard\'s calibration and GET /calibration', async () => {
    const data = (await as(api.url, 'viewer').get('/dashboard/calibration').expect(200)).body;
    // mean total (90 + 70 + 81) / 3 = 80.33; mean of n (80 + 60 + 70) / 3 = 70
    expect(data.active.other).toMatchObject({ agencies: 5, scored: 3, notEligible: 1, vetoed: 1, grades: { g1: 2, g2: 1, notEligible: 1, vetoed: 1 }, meanTotal: 80.33 });
    expect(data.active.other.meanNodes.n).toBe(70);
    const of2026 = (await as(api.url, 'viewer').get('/dashboard/calibration?period=2026').expect(200)).body;
    // A 2026 (50), B (70), C (81): 201 / 3 = 67; n: (40 + 60 + 70) / 3 = 56.67
    expect(of2026.active.other).toMatchObject({ agencies: 5, scored: 3, meanTotal: 67 });
    expect(of2026.active.other.meanNodes.n).toBe(56.67);
    const calibration = (await as(api.url, 'viewer').get('/calibration').expect(200)).body;
    expect(calibration).toEqual({ active: data.active });
  });

  it('breaks a tie of creation times by the greater id', async () => {
    // A's two summaries at the same millisecond: the one with the greater evaluation id is A's latest.
    await api.app.get(Db).write((m) =>
      rawQuery(m, 'UPDATE evaluation_summaries SET created_at = (SELECT created_at FROM evaluations WHERE id = ?) WHERE evaluation_id = ?', [evaluationOf.A2026, evaluationOf.A2027]),
    );
    const latest2027 = evaluationOf.A2027 > evaluationOf.A2026;
    const counts = await run<Awaited<ReturnType<typeof gradeCounts>>>((m) => gradeCounts(m, { group: {} }));
    // A's 2027 summary is g1 (90), its 2026 one g2 (50); C is g1 (81) and B g2 (70) either way
    expect(counts.filter((c) => c.eligible && !c.vetoed).map((c) => [c.grade, c.count, c.sumTotal])).toEqual(
      latest2027 ? [['g1', 2, 171], ['g2', 1, 70]] : [['g1', 1, 81], ['g2', 2, 120]],
    );
  });
});
