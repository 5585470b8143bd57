/**
 * Idempotent POSTs across two instances of the service on one database: racing retries with one key and one body
 * all get the first answer, and one row is written. Records expire after IDEMPOTENCY_TTL; a large answer is kept
 * as a reference to its row.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/database/db.service.js';
import { IdempotencyRecord } from '../../src/idempotency/idempotency-record.entity.js';
import { IdempotencyService } from '../../src/idempotency/idempotency.service.js';
import { readExample } from '../support/standard.js';
import request from 'supertest';
import { as, CLASS_PATHS, creditCodeFor, KEYS, startApi, type DbKind, type RunningApi } from './support.js';
import { XLSX, binary } from './workbooks.js';

const PAIRS = 100;
const facts = readExample('other-consulting').facts;

describe.each<DbKind>(['sqlite', 'postgres'])('racing retries across two instances on %s', (kind) => {
  let a: RunningApi;
  let b: RunningApi;
  beforeAll(async () => {
    a = await startApi(kind, { INSTANCE_NAME: 'a' });
    const db = a.config.database;
    b = await startApi(kind, { INSTANCE_NAME: 'b', ...(db.type === 'postgres' ? { DATABASE_URL: db.url } : { SQLITE_PATH: db.path }) });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** Sends each pair's request to both instances at once; answers [status, body] per request. */
  async function race(path: (i: number) => string, body: (i: number) => object, key: (i: number) => string) {
    const sends = Array.from({ length: PAIRS }, (_, i) => [a, b].map((api) => as(api.url, 'assessor').post(path(i), body(i), key(i))));
    return Promise.all(sends.map((pair) => Promise.all(pair)));
  }

  /** 200 requests (100 pairs): every one gets its pair's first answer. */
  function expectFirstAnswers(pairs: Awaited<ReturnType<typeof race>>, status: number) {
    const same = pairs.filter(([x, y]) => x.status === status && y.status === status && JSON.stringify(x.body) === JSON.stringify(y.body));
    expect(pairs.flatMap(([x, y]) => [x.status, y.status]).filter((s) => s !== status)).toEqual([]);
    expect(same.length * 2).toBe(2 * PAIRS);
  }

  it('registrations, submissions, evaluations and batches: 200 of 200 get the first answer, one row each', async () => {
    const run = Date.now().toString(36);
    const agencies = await race(
      () => '/agencies',
      (i) => ({ name: `竞速机构 ${i}`, creditCode: creditCodeFor(700000 + i), region: '江苏省苏州市', category: 'other', classPath: CLASS_PATHS.other }),
      (i) => `${run}-agency-${i}`,
    );
    expectFirstAnswers(agencies, 201);
    const agencyIds = agencies.map(([x]) => x.body.id as string);

    const subs = await race((i) => `/agencies/${agencyIds[i]}/submissions`, () => ({ period: '2026', facts }), (i) => `${run}-sub-${i}`);
    expectFirstAnswers(subs, 201);
    expect(subs.map(([x]) => x.body.version)).toEqual(Array(PAIRS).fill(1));
    const subIds = subs.map(([x]) => x.body.id as string);

    const evals = await race(() => '/evaluations?full=true', (i) => ({ submissionId: subIds[i] }), (i) => `${run}-eval-${i}`);
    expectFirstAnswers(evals, 201);
    expect(evals[0][0].body.result.total).toEqual(expect.any(Number));

    const batches = await race(() => '/evaluations/batch', (i) => ({ items: [{ submissionId: subIds[i] }, { submissionId: subIds[(i + 1) % PAIRS] }] }), (i) => `${run}-batch-${i}`);
    expectFirstAnswers(batches, 200);

    const db = a.app.get(Db);
    const counts = await db.read(async (m) => ({
      agencies: Number((await m.query(`SELECT COUNT(*) AS n FROM agencies WHERE name LIKE '竞速机构 %'`))[0].n),
      submissions: Number((await m.query(`SELECT COUNT(*) AS n FROM fact_submissions`))[0].n),
      evaluations: Number((await m.query(`SELECT COUNT(*) AS n FROM evaluations`))[0].n),
    }));
    expect(counts).toEqual({ agencies: PAIRS, submissions: PAIRS, evaluations: PAIRS });
  }, 240_000);

  it('job requests (exports, imports, re-evaluations): every retry gets the first answer, and one job is queued per key', async () => {
    const run = Date.now().toString(36);
    const jobsOf = async (kind: string) => Number((await a.app.get(Db).read((m) => m.query(`SELECT COUNT(*) AS n FROM jobs WHERE kind = '${kind}'`)))[0].n);
    const before = { export: await jobsOf('export'), import: await jobsOf('import'), reevaluate: await jobsOf('reevaluate') };

    const exports = await race(() => '/exports', (i) => ({ format: i % 2 ? 'csv' : 'xlsx' }), (i) => `${run}-export-${i}`);
    expectFirstAnswers(exports, 202);
    expect(new Set(exports.map(([x]) => x.body.id)).size).toBe(PAIRS);

    // An import's body is the workbook's bytes: the same bytes under one key are one job.
    const template = (await request(a.url).get('/spreadsheets/template.xlsx').set('x-api-key', KEYS.assessor).buffer(true).parse(binary).expect(200)).body as Buffer;
    const upload = (api: RunningApi, i: number) => request(api.url).post('/imports').set('x-api-key', KEYS.assessor).set('idempotency-key', `${run}-import-${i}`).set('content-type', XLSX).send(template);
    const imports = await Promise.all(Array.from({ length: 10 }, (_, i) => Promise.all([upload(a, i), upload(b, i)])));
    expect(imports.flatMap(([x, y]) => [x.status, y.status])).toEqual(Array(20).fill(202));
    expect(imports.filter(([x, y]) => x.body.id === y.body.id)).toHaveLength(10);

    const admin = (api: RunningApi, i: number) => as(api.url, 'admin').post('/evaluations/reevaluate', undefined, `${run}-reevaluate-${i}`);
    const reevaluations = await Promise.all(Array.from({ length: 10 }, (_, i) => Promise.all([admin(a, i), admin(b, i)])));
    expect(reevaluations.flatMap(([x, y]) => [x.status, y.status])).toEqual(Array(20).fill(202));
    expect(reevaluations.filter(([x, y]) => x.body.id === y.body.id)).toHaveLength(10);

    // The same key with another body is refused, and queues nothing.
    const other = await as(a.url, 'assessor').post('/exports', { format: 'csv', period: '2031' }, `${run}-export-0`);
    expect([other.status, other.body.code]).toEqual([422, 'idempotencyKeyReused']);
    expect({ export: await jobsOf('export'), import: await jobsOf('import'), reevaluate: await jobsOf('reevaluate') }).toEqual({
      export: before.export + PAIRS,
      import: before.import + 10,
      reevaluate: before.reevaluate + 10,
    });
  }, 240_000);
});

describe('idempotency records', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { IDEMPOTENCY_TTL: '2s' });
  });
  afterAll(async () => api?.close());

  it('keep an evaluation as a reference to its row, expire after IDEMPOTENCY_TTL and are cleaned up', async () => {
    const agency = await as(api.url, 'assessor').post('/agencies', { name: '有效期机构', creditCode: creditCodeFor(810001), region: '江苏省苏州市', category: 'other', classPath: CLASS_PATHS.other }).expect(201);
    const sub = await as(api.url, 'assessor').post(`/agencies/${agency.body.id}/submissions`, { period: '2026', facts }, 'ttl-sub').expect(201);
    const first = await as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: sub.body.id }, 'ttl-eval').expect(201);
    const stored = await api.app.get(Db).read((m) => m.findOneBy(IdempotencyRecord, { key: 'test-assessor:ttl-eval' }));
    expect(JSON.parse(stored!.response)).toEqual({ $ref: first.body.id });
    const replay = await as(api.url, 'assessor').post('/evaluations?full=true', { submissionId: sub.body.id }, 'ttl-eval').expect(201);
    expect(replay.body).toEqual(first.body);
    expect((await as(api.url, 'assessor').post(`/agencies/${agency.body.id}/submissions`, { period: '2026', facts }, 'ttl-sub').expect(201)).body.version).toBe(1);

    await new Promise((r) => setTimeout(r, 2500));
    // Expired: the same key and body count as a new request (a correction: version 2).
    const again = await as(api.url, 'assessor').post(`/agencies/${agency.body.id}/submissions`, { period: '2026', facts }, 'ttl-sub').expect(201);
    expect(again.body.version).toBe(2);
    expect(await api.app.get(IdempotencyService).cleanup()).toBe(1);
    const left = await api.app.get(Db).read((m) => m.find(IdempotencyRecord, { select: { key: true } }));
    expect(left.map((r) => r.key)).toEqual(['test-assessor:ttl-sub']);
  });
});
