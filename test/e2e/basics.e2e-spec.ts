import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { defaultDirs, loadStandard } from '../../src/core/index.js';
import { KEYS, startApi, type DbKind, type RunningApi } from './support.js';
import { CATEGORY_IDS } from '../support/standard.js';

const standard = loadStandard(defaultDirs());

describe.each<DbKind>(['sqlite', 'postgres'])('HTTP API basics on %s', (kind) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(kind);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers liveness and readiness without a key; readiness names the database and the loaded rulesets', async () => {
    await request(api.url).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(api.url).get('/health/ready').expect(200);
    expect(ready.body.ready).toBe(true);
    expect(ready.body.database).toEqual({ ok: true, type: kind });
    const hashes = Object.fromEntries(ready.body.rulesets.items.map((r: { category: string; hash: string }) => [r.category, r.hash]));
    expect(hashes).toEqual(Object.fromEntries(CATEGORY_IDS.map((c) => [c, standard.rulesets[c].hash])));
  });

  it('refuses a missing or unknown key with 401 and a weaker role with 403, in the error body shape', async () => {
    const none = await request(api.url).get('/rulesets').expect(401);
    expect(none.body).toEqual({ statusCode: 401, code: 'unauthorized', message: { zh: expect.any(String), en: expect.any(String) }, details: [] });
    await request(api.url).get('/rulesets').set('x-api-key', 'not-a-key-at-all').expect(401);
    const weak = await request(api.url).post('/agencies').set('x-api-key', KEYS.viewer).send({}).expect(403);
    expect(weak.body.code).toBe('forbidden');
    await request(api.url).post('/rulesets/reload').set('x-api-key', KEYS.assessor).expect(403);
    await request(api.url).get('/rulesets').set('authorization', `Bearer ${KEYS.viewer}`).expect(200);
  });

  it('serves the indicator tree, the fact dictionary and the classification', async () => {
    const get = (path: string) => request(api.url).get(path).set('x-api-key', KEYS.viewer).expect(200);
    const tree = (await get('/criteria/indicators')).body;
    expect(tree.nodes).toHaveLength(6);
    expect(tree.nodes.flatMap((d: { children: unknown[] }) => d.children)).toHaveLength(21);
    expect((await get('/criteria/facts')).body).toEqual(standard.criteria.facts);
    const classification = (await get('/criteria/classification')).body;
    expect(classification.categories.map((c: { id: string }) => c.id)).toEqual([...CATEGORY_IDS]);
    expect(classification.categories[3].labels.variants[0].name.zh).toBe('其他咨询机构');
    const terms = (await get('/criteria/terms')).body;
    expect(terms).toEqual(standard.criteria.terms);
    expect(terms.terms[0]).toMatchObject({ id: 'sme', clause: '3.1', source: { zh: expect.stringContaining('工信部联企业〔2011〕300号') } });
    expect(terms.normativeReferences).toHaveLength(4);
  });

  it('lists the rulesets in force with version and hash, serves one in full and its stored snapshot', async () => {
    const list = await request(api.url).get('/rulesets').set('x-api-key', KEYS.viewer).expect(200);
    expect(list.body.rulesets).toHaveLength(4);
    const pro = list.body.rulesets.find((r: { category: string }) => r.category === 'professional');
    expect(pro).toMatchObject({ id: standard.rulesets.professional.ruleset.id, version: standard.rulesets.professional.ruleset.version, hash: standard.rulesets.professional.hash });
    const one = await request(api.url).get('/rulesets/professional').set('x-api-key', KEYS.viewer).expect(200);
    expect(one.body.ruleset).toEqual(standard.rulesets.professional.ruleset);
    // what the committee set, with why: 3 prerequisites, 5 vetoes, the bonus, 4 bonus items, 6 grade bands, the date
    // and 12 scoring rules the standard's clauses do not name
    expect(one.body.provenance.committee).toHaveLength(3 + 5 + 1 + 4 + 6 + 1 + 12);
    expect(one.body.provenance.committee).toContainEqual({ pointer: '/prerequisites/minimumOperatingYears', rationale: standard.rulesets.professional.ruleset.prerequisites.minimumOperatingYears.rationale });
    expect(one.body.provenance.standard).toBeGreaterThan(100);
    const snap = await request(api.url).get(`/rulesets/snapshots/${pro.hash}`).set('x-api-key', KEYS.viewer).expect(200);
    expect(snap.body.snapshot).toEqual(standard.rulesets.professional.snapshot);
    await request(api.url).get(`/rulesets/snapshots/${'0'.repeat(64)}`).set('x-api-key', KEYS.viewer).expect(404);
    const bad = await request(api.url).get('/rulesets/banks').set('x-api-key', KEYS.viewer).expect(400);
    expect(bad.body.details[0].field).toBe('category');
  });

  it('lets an admin reload the rules; the same files keep the same hashes', async () => {
    const res = await request(api.url).post('/rulesets/reload').set('x-api-key', KEYS.admin).expect(200);
    expect(res.body.editions[0].rulesets.map((r: { hash: string }) => r.hash)).toEqual(CATEGORY_IDS.map((c) => standard.rulesets[c].hash));
    expect(res.body.lastAttempt).toMatchObject({ trigger: 'admin', ok: true });
  });

  it('answers bad JSON 400, a body over the limit 413, another media type 415, an unknown route 404', async () => {
    const post = () => request(api.url).post('/evaluations/preview').set('x-api-key', KEYS.viewer);
    const badJson = await post().set('content-type', 'application/json').send('{"category": ').expect(400);
    expect(badJson.body.code).toBe('invalidJson');
    const big = { category: 'other', facts: { x: 'a'.repeat(api.config.bodyLimitBytes) } };
    const tooLarge = await post().send(big).expect(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, code: 'payloadTooLarge', details: [] });
    await post().set('content-type', 'text/plain').send('hello').expect(415);
    const missing = await request(api.url).get('/no/such/route').set('x-api-key', KEYS.viewer).expect(404);
    expect(missing.body.code).toBe('notFound');
  });

  it('echoes a request id, or makes one', async () => {
    const given = await request(api.url).get('/health/live').set('x-request-id', 'trace-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-123');
    const made = await request(api.url).get('/health/live').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document with zh and en descriptions', async () => {
    const doc = await request(api.url).get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/agencies', '/evaluations', '/evaluations/preview', '/evaluations/batch', '/health/ready']));
    expect(doc.body.paths['/evaluations'].post.summary).toMatch(/评价.*\/ Evaluate/);
    const ui = await request(api.url).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });
});
