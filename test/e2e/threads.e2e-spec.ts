import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
});
