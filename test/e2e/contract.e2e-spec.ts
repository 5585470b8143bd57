/**
 * The contract test: the OpenAPI document the server serves drives every operation in it (bench/api-contract.ts),
 * with requests generated from its schemas and examples and mutated ones, and every answer is checked against it:
 * a documented status, no 5xx, a body matching its schema with no undocumented field, no valid request refused as
 * `validationFailed`, no broken request accepted. Requests go through fastify's injection (the same routing, hooks,
 * guards, pipes and filters as a socket). `npm run fuzz:api -- --requests N --seed S` runs the same driver longer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContractDriver, type ContractReport, type Send } from '../../bench/api-contract.js';
import { KEYS, startApi, type DbKind, type RunningApi } from './support.js';

/** Requests per run: at least 2,000 on SQLite each CI run; a shorter pass on PostgreSQL. */
const REQUESTS: Record<DbKind, number> = { sqlite: 2200, postgres: 600 };

function injector(api: RunningApi): Send {
  const fastify = api.app.getHttpAdapter().getInstance();
  return async (r) => {
    const res = await fastify.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, payload: r.payload });
    return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.rawPayload };
  };
}

describe.each<DbKind>(['sqlite', 'postgres'])('the OpenAPI document tells the truth, on %s', (kind) => {
  let api: RunningApi;
  let document: Record<string, unknown>;
  let report: ContractReport;

  beforeAll(async () => {
    // The per-key rate limit stays on (so its 429 is in the document) but far above what the test sends in a minute.
    api = await startApi(kind, { RATE_LIMIT_PER_MINUTE: '1000000' });
    const send = injector(api);
    document = JSON.parse((await send({ method: 'GET', url: '/docs-json', headers: {} })).body.toString('utf8'));
    report = await new ContractDriver(document, send, { seed: kind === 'sqlite' ? 20261130 : 7, keys: KEYS }).run(REQUESTS[kind]);
    console.log(`contract on ${kind}: ${JSON.stringify({ ...report, operations: Object.keys(report.operations).length })}`);
  }, 900_000);
  afterAll(async () => {
    await api?.close();
  });

  it(`sends ${REQUESTS[kind]} requests, valid and mutated, to every operation the document lists`, () => {
    expect(report.requests).toBe(REQUESTS[kind]);
    expect(report.mutated).toBeGreaterThan(REQUESTS[kind] / 8);
    expect(Object.keys(report.operations).sort()).toEqual(ContractDriver.operationsOf(document).map((o) => o.id).sort());
    expect(Object.keys(report.operations).length).toBeGreaterThanOrEqual(35);
  });

  it('gets no 5xx and no answer that differs from the document', () => {
    expect(report.firstMismatches).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.mismatches).toBe(0);
  });

  it('reaches the success path of every operation: each answered 2xx at least once', () => {
    const never = Object.entries(report.operations).filter(([, s]) => s.success === 0).map(([op]) => op);
    expect(never).toEqual([]);
  });
});

describe('past the per-key rate limit (40 a minute), on sqlite', () => {
  it('every 429 is documented, in the error body, with Retry-After', async () => {
    const api = await startApi('sqlite', { RATE_LIMIT_PER_MINUTE: '40' });
    try {
      const send = injector(api);
      const document = JSON.parse((await send({ method: 'GET', url: '/docs-json', headers: {} })).body.toString('utf8'));
      const report = await new ContractDriver(document, send, { seed: 11, keys: KEYS }).run(150);
      expect(report.firstMismatches).toEqual([]);
      // 40 answered within the minute, the health checks aside; every other request is a documented 429
      expect(report.byClass['2xx'] + report.byClass['4xx']).toBe(150);
      const limited = await send({ method: 'GET', url: '/rulesets', headers: { 'x-api-key': KEYS.admin } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  });
});

describe('the contract driver finds what it is for', () => {
  /** A document of one operation whose answer is described as {id: uuid, total: integer ≤ 100}, body {name ≤ 5 chars}. */
  const document = {
    openapi: '3.0.0',
    paths: {
      '/things': {
        post: {
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } } },
          responses: {
            '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            '400': { content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        NewThing: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } }, required: ['name'], additionalProperties: false },
        Thing: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, total: { type: 'integer', maximum: 100 } }, required: ['id', 'total'] },
      },
    },
  };
  const json = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(body)) });
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const run = (send: Send) => new ContractDriver(document, send, { seed: 3, keys: { admin: 'a', viewer: 'v' }, mutatedShare: 0.5 }).run(60);

  it('passes a server that keeps the contract: 201 for valid bodies, 400 for broken ones', async () => {
    const report = await run(async (r) => {
      const body = (() => {
        try {
          return JSON.parse(String(r.payload)) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      })();
      const ok = body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).join() === 'name' && typeof body.name === 'string' && body.name.length <= 5;
      return ok ? json(201, { id, total: 7 }) : json(400, { code: 'validationFailed' });
    });
    expect(report).toMatchObject({ requests: 60, mismatches: 0, serverErrors: 0 });
    expect(report.mutated).toBeGreaterThan(10);
  });

  it.each([
    ['an undocumented field', () => json(201, { id, total: 7, secret: 'x' }), /must NOT have additional properties/],
    ['a value outside its schema', () => json(201, { id, total: 101 }), /must be <= 100/],
    ['an undocumented status', () => json(409, { code: 'conflict' }), /undocumented status 409/],
    ['a 5xx', () => json(500, { code: 'internalError' }), /server error 500/],
    ['a broken body accepted', () => json(201, { id, total: 1 }), /mutated request .* accepted with 201/],
    ['a valid body refused as validationFailed', () => json(400, { code: 'validationFailed' }), /valid by the document was refused as validationFailed/],
  ])('flags %s', async (_what, answer, problem) => {
    const report = await run(async () => answer());
    expect(report.mismatches).toBeGreaterThan(0);
    expect(report.firstMismatches.map((m) => m.problem)).toContainEqual(expect.stringMatching(problem));
  });
});
