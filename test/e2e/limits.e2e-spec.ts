import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { CLASS_PATHS, KEYS, creditCodeFor, startApi, type DbKind, type RunningApi } from './support.js';

/** `n` arrays nested in one another around a 1, written by hand so the test does not depend on JSON.stringify's depth. */
const nested = (n: number) => '['.repeat(n) + '1' + ']'.repeat(n);

const agency = (name: string) => ({ name, creditCode: creditCodeFor(9001), region: '江苏省南京市', category: 'platform', classPath: CLASS_PATHS.platform });

describe.each<DbKind>(['sqlite', 'postgres'])('input limits on %s', (kind) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.close();
  });

  const post = (path: string, body: string, role: keyof typeof KEYS = 'assessor') =>
    request(api.url).post(path).set('x-api-key', KEYS[role]).set('content-type', 'application/json').send(body);

  it('answers 2,200 nested arrays (4.4 KB) with 400 naming the field, before validation', async () => {
    const body = `{"category":"platform","facts":{"staffCount":${nested(2200)}}}`;
    expect(body.length).toBeLessThan(4500);
    const res = await post('/evaluations/preview', body, 'viewer').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'inputLimit' });
    // the 32 levels allowed are the facts object, its member and 30 arrays below it
    expect(res.body.details).toEqual([{ field: 'facts.staffCount' + '.0'.repeat(30), code: 'maxDepth', message: { zh: expect.stringContaining('32'), en: expect.stringContaining('deeper than 32') } }]);
  });

  it('refuses page=1e20 and pageSize over the maximum with 400 naming the parameter', async () => {
    const get = (q: string) => request(api.url).get(`/agencies?${q}`).set('x-api-key', KEYS.viewer);
    const huge = await get('page=1e20').expect(400);
    expect(huge.body.details).toEqual([expect.objectContaining({ field: 'query.page', code: 'range' })]);
    const big = await get('pageSize=101').expect(400);
    expect(big.body.details).toEqual([expect.objectContaining({ field: 'query.pageSize', code: 'range' })]);
    await get('page=100000&pageSize=100').expect(200);
    await get('page=100001').expect(400);
  });

  it('refuses NUL in a text field and in a query with 400 naming it', async () => {
    const inBody = await post('/agencies', JSON.stringify(agency('某\u0000机构'))).expect(400);
    expect(inBody.body.details).toEqual([expect.objectContaining({ field: 'name', code: 'nulCharacter' })]);
    const inQuery = await request(api.url).get('/agencies?q=a%00b').set('x-api-key', KEYS.viewer).expect(400);
    expect(inQuery.body.details).toEqual([expect.objectContaining({ field: 'query.q', code: 'nulCharacter' })]);
  });

  it('refuses a lone surrogate in a name instead of storing U+FFFD, and stores a real astral character unaltered', async () => {
    // written as JSON escapes: a JavaScript string with a lone surrogate would be altered on its way out of supertest
    const lone = await post('/agencies', JSON.stringify(agency('某机构X')).replace('X', '\\ud800')).expect(400);
    expect(lone.body.details).toEqual([expect.objectContaining({ field: 'name', code: 'loneSurrogate' })]);
    const ok = await post('/agencies', JSON.stringify(agency('某机构X')).replace('X', '\\ud842\\udfb7')).expect(201);
    expect(ok.body.name).toBe('某机构𠮷');
  });

  it('answers 60,000 unknown facts with a bounded error body, and caps the details of a large one with their count', async () => {
    const facts = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, 1])));
    const flood = await post('/evaluations/preview', `{"category":"platform","facts":${facts(60000)}}`, 'viewer').expect(400);
    expect(flood.body.details).toEqual([expect.objectContaining({ field: 'facts', code: 'maxProperties' })]);
    expect(JSON.stringify(flood.body).length).toBeLessThan(2000);
    // 900 unknown facts are within MAX_FACTS (1,000): 900 issues, of which the body carries 100
    const many = await post('/evaluations/preview', `{"category":"platform","facts":${facts(900)}}`, 'viewer').expect(422);
    expect(many.body.details).toHaveLength(100);
    expect(many.body.detailsTotal).toBeGreaterThanOrEqual(900);
  });

  it('refuses an array over MAX_LIST_ITEMS', async () => {
    const items = JSON.stringify(Array.from({ length: 1001 }, () => ({ submissionId: '00000000-0000-4000-8000-000000000000' })));
    const res = await post('/evaluations/batch', `{"items":${items}}`).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'items', code: 'maxItems' })]);
  });

  it('gives the limits in the OpenAPI document', async () => {
    const doc = (await request(api.url).get('/docs-json').expect(200)).body;
    const listAgencies = doc.paths['/agencies'].get.parameters as { name: string; schema: { maximum?: number; minimum?: number } }[];
    expect(listAgencies.find((p) => p.name === 'page')?.schema).toMatchObject({ minimum: 1, maximum: 100000 });
    expect(listAgencies.find((p) => p.name === 'pageSize')?.schema).toMatchObject({ minimum: 1, maximum: 100 });
    expect(doc.components.schemas.PreviewDto.properties.facts.maxProperties).toBe(1000);
    expect(doc.components.schemas.BatchDto.properties.items.maxItems).toBe(1000);
  });
});

describe('input limits from the configuration', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { JSON_MAX_DEPTH: '8', MAX_FACTS: '20', MAX_PAGE_SIZE: '10', MAX_ERROR_DETAILS: '3' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('holds requests to the configured bounds and documents them', async () => {
    const post = (body: string) => request(api.url).post('/evaluations/preview').set('x-api-key', KEYS.viewer).set('content-type', 'application/json').send(body);
    // 8 levels: the body, facts and 6 arrays
    await post(`{"category":"platform","facts":{"x":${nested(6)}}}`).expect(422);
    await post(`{"category":"platform","facts":{"x":${nested(7)}}}`).expect(400);
    const wide = await post(`{"category":"platform","facts":${JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 1])))}}`).expect(400);
    expect(wide.body.details[0].message.en).toBe('facts: at most 20 members');
    const capped = await post(`{"category":"platform","facts":${JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 1])))}}`).expect(422);
    expect(capped.body.details).toHaveLength(3);
    await request(api.url).get('/agencies?pageSize=11').set('x-api-key', KEYS.viewer).expect(400);
    await request(api.url).get('/agencies?pageSize=10').set('x-api-key', KEYS.viewer).expect(200);
    const doc = (await request(api.url).get('/docs-json').expect(200)).body;
    expect(doc.components.schemas.PreviewDto.properties.facts.maxProperties).toBe(20);
  });
});
