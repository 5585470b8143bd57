import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { defaultDirs, Evaluator, isCompact, loadStandard, type EvaluationResult } from '../../src/core/index.js';
import { Evaluation } from '../../src/evaluations/evaluation.entity.js';
import { StoredResults } from '../../src/evaluations/stored-results.js';
import { FactsGenerator, seededRandom } from '../../src/sample/facts-generator.js';
import { as, createAgency, startApi, type DbKind, type RunningApi } from './support.js';
import { CATEGORY_IDS } from '../support/standard.js';

const standard = loadStandard(defaultDirs());
const evaluator = new Evaluator(standard);
const generator = new FactsGenerator(standard.criteria.facts, seededRandom(11));

describe.each<DbKind>(['sqlite', 'postgres'])('evaluations on %s', (kind) => {
  let api: RunningApi;
  let agencies: Record<string, string>;
  beforeAll(async () => {
    api = await startApi(kind);
    agencies = {};
    for (const c of CATEGORY_IDS) agencies[c] = await createAgency(api.url, c);
  });
  afterAll(async () => {
    await api?.close();
  });

  const submit = async (category: string, facts: Record<string, unknown>, period = '2026') =>
    (await as(api.url, 'assessor').post(`/agencies/${agencies[category]}/submissions`, { period, facts }).expect(201)).body;

  it('evaluates a stored submission with the core, stores it once, and marks the submission evaluated', async () => {
    const facts = generator.next();
    const sub = await submit('professional', facts);
    const expected = await evaluator.evaluate('professional', facts);
    const res = await as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: sub.id }).expect(201);
    expect(res.body.result).toEqual(expected);
    const summary = await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.id }).expect(201);
    expect(summary.body).toEqual({ ...res.body, result: undefined });
    expect(summary.body).not.toHaveProperty('result');
    expect(res.body).toMatchObject({
      submissionId: sub.id,
      agencyId: agencies.professional,
      period: '2026',
      total: expected.total,
      grade: expected.grade,
      eligible: expected.eligible,
      vetoed: expected.vetoed,
      factsHash: sub.factsHash,
      ruleset: { id: expected.ruleset.id, version: expected.ruleset.version, hash: standard.rulesets.professional.hash },
    });
    const again = await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.id }).expect(201);
    expect(again.body.id).toBe(res.body.id);
    expect((await as(api.url, 'viewer').get(`/evaluations/${res.body.id}`).expect(200)).body).toEqual(res.body);
    expect((await as(api.url, 'viewer').get(`/submissions/${sub.id}`).expect(200)).body.evaluatedAt).toBe(res.body.createdAt);
    // The hash it stores is the content it was evaluated with: the snapshot under that hash is the ruleset in force.
    const snap = await as(api.url, 'viewer').get(`/rulesets/snapshots/${res.body.ruleset.hash}`).expect(200);
    expect(snap.body.snapshot).toEqual(standard.rulesets.professional.snapshot);
    const list = await as(api.url, 'viewer').get(`/agencies/${agencies.professional}/evaluations`).expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(res.body.id);
    expect(list.body.items[0].result).toBeUndefined();
  });

  it('a row stored before results were compact (its full result) reads the same, and reproduces as identical', async () => {
    const facts = generator.next();
    const sub = await submit('comprehensive', facts, '2028');
    const res = await as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: sub.id }).expect(201);
    const ds = api.app.get(DataSource);
    const row = await ds.getRepository(Evaluation).findOneByOrFail({ id: res.body.id });
    expect(isCompact(row.result)).toBe(true);
    // As an older row: the full result in the column.
    await ds.query(`UPDATE "evaluations" SET "result" = ${kind === 'sqlite' ? '?' : '$1'} WHERE "id" = ${kind === 'sqlite' ? '?' : '$2'}`, [JSON.stringify(res.body.result), row.id]);
    expect(isCompact((await ds.getRepository(Evaluation).findOneByOrFail({ id: row.id })).result)).toBe(false);
    expect((await as(api.url, 'viewer').get(`/evaluations/${row.id}`).expect(200)).body).toEqual(res.body);
    const again = await as(api.url, 'viewer').get(`/evaluations/${row.id}/reproduce`).expect(200);
    expect([again.body.identical, again.body.differences]).toEqual([true, []]);
  });

  it('refuses a period that began before any edition took effect, naming the dates, and stores nothing', async () => {
    const sub = await submit('other', generator.next(), '2025');
    const res = await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.id }).expect(400);
    expect(res.body.code).toBe('periodBeforeEditions');
    expect(res.body.message.en).toContain('period "2025" began on 2025-01-01, before the earliest rules for "other" took effect (2026-01-01)');
    expect((await as(api.url, 'viewer').get(`/submissions/${sub.id}`).expect(200)).body.evaluatedAt).toBeNull();
  });

  it('previews inline facts without storing anything; unknown category 400, missing required fact 422', async () => {
    const facts = generator.next();
    const before = (await as(api.url, 'viewer').get(`/agencies/${agencies.platform}/evaluations`).expect(200)).body.total;
    const res = await as(api.url, 'viewer').post('/evaluations/preview', { category: 'platform', facts }).expect(200);
    expect(res.body).toEqual(await evaluator.evaluate('platform', facts));
    expect((await as(api.url, 'viewer').get(`/agencies/${agencies.platform}/evaluations`).expect(200)).body.total).toBe(before);
    const unknown = await as(api.url, 'viewer').post('/evaluations/preview', { category: 'bank', facts }).expect(400);
    expect(unknown.body.code).toBe('unknownCategory');
    const missing = { ...facts };
    delete missing.annualRevenue;
    const res422 = await as(api.url, 'viewer').post('/evaluations/preview', { category: 'platform', facts: missing }).expect(422);
    expect(res422.body.details).toEqual([expect.objectContaining({ fact: 'annualRevenue', code: 'missingRequired' })]);
    expect(JSON.stringify(res422.body)).not.toMatch(/\/work|\.ts|at \w+ \(/);
  });

  it('evaluates a batch with a result or an error per item, and refuses a batch over the bound', async () => {
    const subs: { id: string; facts: Record<string, unknown> }[] = [];
    for (let i = 0; i < 6; i++) subs.push(await submit(CATEGORY_IDS[i % 4], generator.next(), `2026-Q${(i % 4) + 1}`));
    const missing = '7a1c0e3e-0000-4000-8000-000000000000';
    const ids = [...subs.map((s) => s.id), missing];
    const res = await as(api.url, 'assessor').post('/evaluations/batch', { items: ids.map((submissionId) => ({ submissionId })) }).expect(200);
    expect(res.body).toMatchObject({ succeeded: 6, failed: 1 });
    expect(res.body.items[6]).toMatchObject({ index: 6, submissionId: missing, status: 404, error: { code: 'notFound' } });
    for (const [i, s] of subs.entries()) {
      const expected = await evaluator.evaluate(CATEGORY_IDS[i % 4], s.facts);
      expect(res.body.items[i]).toMatchObject({ index: i, status: 201, evaluation: { submissionId: s.id, total: expected.total, grade: expected.grade } });
    }
    const replay = await as(api.url, 'assessor').post('/evaluations/batch', { items: ids.map((submissionId) => ({ submissionId })) }, 'batch-1').expect(200);
    const again = await as(api.url, 'assessor').post('/evaluations/batch', { items: ids.map((submissionId) => ({ submissionId })) }, 'batch-1').expect(200);
    expect(again.body).toEqual(replay.body);
    expect(replay.body.items.map((i: { evaluation?: { id: string } }) => i.evaluation?.id)).toEqual(res.body.items.map((i: { evaluation?: { id: string } }) => i.evaluation?.id));
    const tooMany = Array.from({ length: api.config.batchMaxItems + 1 }, () => ({ submissionId: missing }));
    const big = await as(api.url, 'assessor').post('/evaluations/batch', { items: tooMany }).expect(400);
    expect(big.body.code).toBe('batchTooLarge');
    const badItem = await as(api.url, 'assessor').post('/evaluations/batch', { items: [{ submissionId: 'x' }] }).expect(400);
    expect(badItem.body.details[0].field).toBe('items.0.submissionId');
  });

  it('replays an evaluate retried with the same Idempotency-Key and refuses the key with another body', async () => {
    const a = await submit('other', generator.next(), '2027');
    const b = await submit('other', generator.next(), '2026');
    const first = await as(api.url, 'assessor').post('/evaluations', { submissionId: a.id }, 'eval-a').expect(201);
    const retry = await as(api.url, 'assessor').post('/evaluations', { submissionId: a.id }, 'eval-a').expect(201);
    expect(retry.body).toEqual(first.body);
    const reused = await as(api.url, 'assessor').post('/evaluations', { submissionId: b.id }, 'eval-a').expect(422);
    expect(reused.body.code).toBe('idempotencyKeyReused');
  });

  it('answers 200 concurrent evaluate requests: all succeed, each stored once, each equal to the sequential result', async () => {
    const subs: { id: string; category: string; facts: Record<string, unknown> }[] = [];
    for (let i = 0; i < 200; i++) {
      const category = CATEGORY_IDS[i % 4];
      const facts = generator.next();
      const sub = await submit(category, facts, `20${30 + Math.floor(i / 40)}-${String((i % 12) + 1).padStart(2, '0')}`);
      subs.push({ id: sub.id, category, facts });
    }
    const expected: EvaluationResult[] = [];
    for (const s of subs) expected.push(await evaluator.evaluate(s.category, s.facts));

    const responses = await Promise.all(subs.map((s) => as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: s.id })));
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    responses.forEach((r, i) => expect(r.body.result).toEqual(expected[i]));

    const ds = api.app.get(DataSource);
    const rows = await ds.getRepository(Evaluation).find({ where: subs.map((s) => ({ submissionId: s.id })) });
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.submissionId)).size).toBe(200);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Each row holds the compact result, under 8 KB, which reads back as the full result answered.
    const stored = api.app.get(StoredResults);
    for (const [i, r] of responses.entries()) {
      const row = byId.get(r.body.id)!;
      expect([isCompact(row.result), Buffer.byteLength(JSON.stringify(row.result)) < 8 * 1024]).toEqual([true, true]);
      expect(await stored.full(row.result)).toEqual(expected[i]);
    }
  });
});
