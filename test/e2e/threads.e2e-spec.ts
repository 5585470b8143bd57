import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { defaultDirs, Evaluator, loadStandard } from '../../src/core/index.js';
import { FactsGenerator, seededRandom } from '../../src/sample/facts-generator.js';
import { EvaluationRunner } from '../../src/evaluations/evaluation-runner.js';
import { as, createAgency, startApi, type RunningApi } from './support.js';

const standard = loadStandard(defaultDirs());
const evaluator = new Evaluator(standard);
const generator = new FactsGenerator(standard.criteria.facts, seededRandom(99));

/** EVAL_THREADS=2: evaluations run on worker threads (the compiled worker from dist/, built by `npm test`). */
describe('evaluation on worker threads (SQLite)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { EVAL_THREADS: '2' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('gives the same results as the core on the event loop, errors included', async () => {
    expect(api.app.get(EvaluationRunner).threadsInUse).toBe(2);
    const agency = await createAgency(api.url, 'comprehensive');
    const subs: { id: string; facts: Record<string, unknown> }[] = [];
    for (let i = 0; i < 40; i++) {
      const facts = generator.next();
      const sub = await as(api.url, 'assessor').post(`/agencies/${agency}/submissions`, { period: `2030-${String((i % 12) + 1).padStart(2, '0')}`, facts }).expect(201);
      subs.push({ id: sub.body.id as string, facts });
    }
    const res = await Promise.all(subs.map((s) => as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: s.id })));
    for (const [i, r] of res.entries()) {
      expect(r.status).toBe(201);
      expect(r.body.result).toEqual(await evaluator.evaluate('comprehensive', subs[i].facts));
    }
    const bad = await as(api.url, 'viewer').post('/evaluations/preview', { category: 'other', facts: { staffTotal: -1 } }).expect(422);
    expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ fact: 'staffTotal', code: 'outOfRange' })]));
    await as(api.url, 'viewer').post('/evaluations/preview', { category: 'bank', facts: {} }).expect(400);
    const reload = await as(api.url, 'admin').post('/rulesets/reload').expect(200);
    expect(reload.body.editions[0].rulesets).toHaveLength(4);
    const after = await as(api.url, 'viewer').post('/evaluations/preview', { category: 'comprehensive', facts: subs[0].facts }).expect(200);
    expect(after.body).toEqual(await evaluator.evaluate('comprehensive', subs[0].facts));
    expect(api.app.get(EvaluationRunner).threadsInUse).toBe(2);
  });

  it('stores evaluations of stored submissions on the thread: the same rows, summaries and answers as the event loop', async () => {
    const runner = api.app.get(EvaluationRunner);
    const outcomes: string[] = [];
    const store = runner.store.bind(runner);
    const spy = jest.spyOn(runner, 'store').mockImplementation(async (...args) => {
      const outcome = await store(...args);
      outcomes.push(outcome?.type ?? 'here');
      return outcome;
    });
    try {
      const agency = await createAgency(api.url, 'professional');
      const submit = async (period: string, facts: Record<string, unknown>) =>
        (await as(api.url, 'assessor').post(`/agencies/${agency}/submissions`, { period, facts }).expect(201)).body.id as string;
      const facts = Array.from({ length: 12 }, () => generator.next());
      const onThread = await Promise.all(facts.map((f, i) => submit(`2031-${String(i + 1).padStart(2, '0')}`, f)));
      const here = await Promise.all(facts.map((f, i) => submit(`2032-${String(i + 1).padStart(2, '0')}`, f)));
      // No Idempotency-Key: stored on the thread; with one: stored on the event loop through TypeORM.
      const threaded = await Promise.all(onThread.map((id) => as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: id })));
      expect(outcomes).toEqual(onThread.map(() => 'stored'));
      const local = await Promise.all(here.map((id, i) => as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: id }, `thread-test-${i}`)));
      expect(outcomes).toHaveLength(onThread.length); // the keyed requests did not ask the thread
      const ds = api.app.get(DataSource);
      const summary = async (evaluationId: string) =>
        (await ds.query('SELECT "category", "ruleset_hash", "total", "grade", "eligible", "vetoed", "node_scores" FROM "evaluation_summaries" WHERE "evaluation_id" = ?', [evaluationId]))[0];
      for (const [i, r] of threaded.entries()) {
        expect(r.status).toBe(201);
        const expected = await evaluator.evaluate('professional', facts[i]);
        expect(r.body.result).toEqual(expected);
        expect(r.body).toMatchObject({ submissionId: onThread[i], agencyId: agency, total: expected.total, grade: expected.grade, engine: 'compiled', evaluatedBy: 'test-assessor' });
        expect(local[i].status).toBe(201);
        const { id: _a, submissionId: _b, period: _c, createdAt: _d, ...columns } = r.body;
        const { id: _e, submissionId: _f, period: _g, createdAt: _h, ...localColumns } = local[i].body;
        expect(columns).toEqual(localColumns);
        expect(await summary(r.body.id)).toEqual(await summary(local[i].body.id));
        expect((await as(api.url, 'viewer').get(`/evaluations/${r.body.id}`).expect(200)).body.result).toEqual(expected);
        const sub = await as(api.url, 'viewer').get(`/submissions/${onThread[i]}`).expect(200);
        expect(sub.body.evaluatedAt).toBe(r.body.createdAt);
      }
      // Asked again, concurrently: the evaluation already stored, once.
      const again = await Promise.all(Array.from({ length: 6 }, () => as(api.url, 'assessor').post('/evaluations', { submissionId: onThread[0] })));
      expect(again.map((r) => [r.status, r.body.id])).toEqual(again.map(() => [201, threaded[0].body.id]));
      expect(outcomes.slice(-6)).toEqual(Array(6).fill('existing'));
      const rows = await ds.query('SELECT COUNT(*) AS n FROM "evaluations" WHERE "submission_id" = ?', [onThread[0]]);
      expect(Number(rows[0].n)).toBe(1);
      // A missing submission: the same 404 as on the event loop.
      const missing = '0192f3a0-7b1c-7def-8abc-0123456789ab';
      const a = await as(api.url, 'assessor').post('/evaluations', { submissionId: missing }).expect(404);
      const b = await as(api.url, 'assessor').post('/evaluations', { submissionId: missing }, 'thread-test-missing').expect(404);
      expect(a.body).toEqual(b.body);
      expect(JSON.stringify(a.body.message)).toContain(missing);
    } finally {
      spy.mockRestore();
    }
  });
});
