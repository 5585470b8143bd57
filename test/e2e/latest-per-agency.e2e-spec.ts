import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/database/db.service.js';
import { EvaluationSummaryRow } from '../../src/evaluations/evaluation-summary.entity.js';
import { ReportService } from '../../src/reports/report.service.js';
import { readExample } from '../support/standard.js';
import { as, createAgency, startApi, type DbKind, type RunningApi } from './support.js';

/**
 * "Each agency's latest evaluation" is chosen by the database for the dashboard and for a report's category average
 * and standing: an agency evaluated twice counts once, with its latest evaluation (of the period, when one is asked).
 */
describe.each<DbKind>(['sqlite', 'postgres'])('latest evaluation per agency on %s', (kind) => {
  let api: RunningApi;
  const ev: Record<string, string> = {};
  beforeAll(async () => {
    api = await startApi(kind);
    const facts = readExample('other-consulting').facts;
    const evaluate = async (agency: string, period: string, f: Record<string, unknown>) => {
      const sub = await as(api.url, 'assessor').post(`/agencies/${agency}/submissions`, { period, facts: f }).expect(201);
      return (await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201)).body.id as string;
    };
    const twice = await createAgency(api.url, 'other');
    const once = await createAgency(api.url, 'other');
    ev.twice2026 = await evaluate(twice, '2026', facts);
    ev.once2026 = await evaluate(once, '2026', facts);
    ev.twice2027 = await evaluate(twice, '2027', { ...facts });
  });
  afterAll(async () => api?.close());

  it('counts each agency once in the dashboard, overall and per period', async () => {
    const all = (await as(api.url, 'viewer').get('/dashboard/calibration').expect(200)).body;
    expect(all.active.other.agencies).toBe(2);
    const of2026 = (await as(api.url, 'viewer').get('/dashboard/calibration?period=2026').expect(200)).body;
    expect(of2026.active.other.agencies).toBe(2);
    const of2027 = (await as(api.url, 'viewer').get('/dashboard/calibration?period=2027').expect(200)).body;
    expect(of2027.active.other.agencies).toBe(1);
  });

  it('ranks a report among the other agencies, each once', async () => {
    const report = await api.app.get(ReportService).report(ev.once2026);
    // Two agencies in the category under this ruleset: the other one counts once, not for each of its evaluations.
    expect(report.categoryAverage?.agencies).toBe(2);
    expect(report.standing?.of).toBe(2);
  });

  it('keeps a compact summary beside each stored evaluation, written with it', async () => {
    const summaries = await api.app.get(Db).read((m) => m.find(EvaluationSummaryRow));
    expect(summaries.map((s) => s.evaluationId).sort()).toEqual(Object.values(ev).sort());
    for (const id of Object.values(ev)) {
      const stored = (await as(api.url, 'viewer').get(`/evaluations/${id}`).expect(200)).body;
      const s = summaries.find((x) => x.evaluationId === id)!;
      expect([s.agencyId, s.category, s.period, s.rulesetHash, s.createdAt, s.total, s.grade, s.eligible, s.vetoed]).toEqual([
        stored.agencyId, stored.category, stored.period, stored.ruleset.hash, stored.createdAt, stored.total, stored.grade, stored.eligible, stored.vetoed,
      ]);
      const scores = JSON.parse(s.nodeScores) as Record<string, number>;
      for (const n of stored.result.nodes) expect(scores[n.id]).toBe(n.score);
      for (const i of stored.result.indicators) expect(scores[i.id]).toBe(i.max > 0 ? (100 * i.points) / i.max : 0);
    }
  });
});
