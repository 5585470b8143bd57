import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultDirs, loadStandard } from '../../src/core/index.js';
import { FactsGenerator, seededRandom } from '../../src/sample/facts-generator.js';
import { as, CLASS_PATHS, createAgency, creditCodeFor, startApi, type DbKind, type RunningApi } from './support.js';

const standard = loadStandard(defaultDirs());
const generator = new FactsGenerator(standard.criteria.facts, seededRandom(7), { vetoRate: 0, ineligibleRate: 0 });

describe.each<DbKind>(['sqlite', 'postgres'])('agencies and submissions on %s', (kind) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.close();
  });

  const agency = (n: number, over: object = {}) => ({
    name: `苏州融资担保 ${n}`,
    creditCode: creditCodeFor(n),
    region: '江苏省苏州市',
    category: 'professional',
    classPath: CLASS_PATHS.professional,
    ...over,
  });

  it('registers an agency and reads it back', async () => {
    const created = await as(api.url, 'assessor').post('/agencies', agency(1)).expect(201);
    expect(created.body).toMatchObject({ name: '苏州融资担保 1', creditCode: creditCodeFor(1), category: 'professional', classPath: CLASS_PATHS.professional });
    const got = await as(api.url, 'viewer').get(`/agencies/${created.body.id}`).expect(200);
    expect(got.body).toEqual(created.body);
    await as(api.url, 'viewer').get('/agencies/7a1c0e3e-0000-4000-8000-000000000000').expect(404);
  });

  it('refuses a credit code with a wrong check character, naming the field', async () => {
    const good = creditCodeFor(2);
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await as(api.url, 'assessor').post('/agencies', agency(2, { creditCode: wrong })).expect(400);
    expect(res.body.code).toBe('validationFailed');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'creditCode', code: 'isCreditCode' })]);
  });

  it('refuses a class path that is not in Table 1 and a category that does not exist', async () => {
    const badPath = await as(api.url, 'assessor').post('/agencies', agency(3, { classPath: ['investmentFinancing', 'b2bTrading'] })).expect(400);
    expect(badPath.body).toMatchObject({ code: 'unknownClass', details: [{ field: 'classPath.1' }] });
    const badCategory = await as(api.url, 'assessor').post('/agencies', agency(3, { category: 'bank' })).expect(400);
    expect(badCategory.body.details[0].field).toBe('category');
    const extra = await as(api.url, 'assessor').post('/agencies', { ...agency(3), owner: 'x' }).expect(400);
    expect(extra.body.details).toEqual([expect.objectContaining({ field: 'owner', code: 'whitelistValidation' })]);
  });

  it('refuses a second agency with the same credit code (409)', async () => {
    await as(api.url, 'assessor').post('/agencies', agency(4)).expect(201);
    const dup = await as(api.url, 'assessor').post('/agencies', agency(4, { name: 'other' })).expect(409);
    expect(dup.body.code).toBe('creditCodeTaken');
  });

  it('lists agencies with filters and pages', async () => {
    for (const [i, category] of ['platform', 'platform', 'platform', 'other'].entries()) {
      await as(api.url, 'assessor').post('/agencies', agency(100 + i, { category, classPath: CLASS_PATHS[category], region: i === 0 ? '浙江省杭州市' : '江苏省南京市' })).expect(201);
    }
    const platforms = await as(api.url, 'viewer').get('/agencies?category=platform&pageSize=2').expect(200);
    expect(platforms.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(platforms.body.items).toHaveLength(2);
    const page2 = await as(api.url, 'viewer').get('/agencies?category=platform&pageSize=2&page=2').expect(200);
    expect(page2.body.items).toHaveLength(1);
    // Keyset paging: the first page's next continues where it ended, as page 2 does; the last page has no next.
    expect(platforms.body.next).toEqual(expect.any(String));
    const after = await as(api.url, 'viewer').get(`/agencies?category=platform&pageSize=2&after=${platforms.body.next}`).expect(200);
    expect(after.body).toMatchObject({ total: 3, next: null });
    expect(after.body.items).toEqual(page2.body.items);
    expect(page2.body.next).toBeNull();
    const bad = await as(api.url, 'viewer').get('/agencies?after=bm90LWEtY3Vyc29y').expect(400);
    expect(bad.body).toMatchObject({ code: 'invalidCursor', details: [expect.objectContaining({ field: 'after' })] });
    const zhejiang = await as(api.url, 'viewer').get(`/agencies?region=${encodeURIComponent('浙江省')}`).expect(200);
    expect(zhejiang.body.total).toBe(1);
    const byClass = await as(api.url, 'viewer').get('/agencies?classPath=onlineTrading').expect(200);
    expect(byClass.body.total).toBe(3);
    await as(api.url, 'viewer').get('/agencies?pageSize=1000').expect(400);
  });

  it('stores facts per period as versions; a correction is a new version', async () => {
    const id = await createAgency(api.url, 'professional');
    const facts = generator.next();
    const first = await as(api.url, 'assessor').post(`/agencies/${id}/submissions`, { period: '2024', facts, evidence: { staffTotal: ['社保缴纳证明 2024-12'] } }).expect(201);
    expect(first.body).toMatchObject({ agencyId: id, period: '2024', version: 1, facts, evaluatedAt: null });
    expect(first.body.factsHash).toMatch(/^[0-9a-f]{64}$/);
    const second = await as(api.url, 'assessor').post(`/agencies/${id}/submissions`, { period: '2024', facts: { ...facts, staffTotal: 12 } }).expect(201);
    expect(second.body.version).toBe(2);
    const other = await as(api.url, 'assessor').post(`/agencies/${id}/submissions`, { period: '2023', facts }).expect(201);
    expect(other.body.version).toBe(1);
    const list = await as(api.url, 'viewer').get(`/agencies/${id}/submissions?period=2024`).expect(200);
    expect(list.body.items.map((s: { version: number }) => s.version)).toEqual([1, 2]);
    expect((await as(api.url, 'viewer').get(`/submissions/${first.body.id}`).expect(200)).body).toEqual(first.body);
  });

  it('refuses facts that do not match the dictionary with 422, one detail per fact', async () => {
    const id = await createAgency(api.url, 'other');
    const facts = generator.next();
    delete facts.staffTotal;
    const res = await as(api.url, 'assessor').post(`/agencies/${id}/submissions`, { period: '2024', facts: { ...facts, operatingYears: 'ten', noSuchFact: 1 } }).expect(422);
    expect(res.body.code).toBe('factsInvalid');
    const byFact = Object.fromEntries(res.body.details.map((d: { fact: string; code: string }) => [d.fact, d.code]));
    expect(byFact).toEqual({ staffTotal: 'missingRequired', operatingYears: 'wrongType', noSuchFact: 'unknownFact' });
    const badPeriod = await as(api.url, 'assessor').post(`/agencies/${id}/submissions`, { period: '24', facts }).expect(400);
    expect(badPeriod.body.details[0].field).toBe('period');
    const badEvidence = await as(api.url, 'assessor').post(`/agencies/${id}/submissions`, { period: '2024', facts: generator.next(), evidence: { nope: ['x'] } }).expect(400);
    expect(badEvidence.body.details[0]).toMatchObject({ field: 'evidence.nope', code: 'unknownFact' });
    await as(api.url, 'assessor').post('/agencies/7a1c0e3e-0000-4000-8000-000000000000/submissions', { period: '2024', facts }).expect(404);
  });

  it('makes POST retries safe with Idempotency-Key: same key and body, one row; other body, 422', async () => {
    const body = agency(500);
    const a = await as(api.url, 'assessor').post('/agencies', body, 'reg-500').expect(201);
    const b = await as(api.url, 'assessor').post('/agencies', body, 'reg-500').expect(201);
    expect(b.body).toEqual(a.body);
    const listed = await as(api.url, 'viewer').get(`/agencies?q=${encodeURIComponent('苏州融资担保 500')}`).expect(200);
    expect(listed.body.total).toBe(1);
    const other = await as(api.url, 'assessor').post('/agencies', agency(501), 'reg-500').expect(422);
    expect(other.body.code).toBe('idempotencyKeyReused');

    const facts = generator.next();
    const racing = await Promise.all(
      Array.from({ length: 8 }, () => as(api.url, 'assessor').post(`/agencies/${a.body.id}/submissions`, { period: '2025', facts }, 'sub-2025')),
    );
    expect(racing.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    const subs = await as(api.url, 'viewer').get(`/agencies/${a.body.id}/submissions`).expect(200);
    expect(subs.body.total).toBe(1);
  });
});
