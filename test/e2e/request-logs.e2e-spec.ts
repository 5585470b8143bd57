import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { freshDatabase, KEYS, TEST_API_KEYS } from './support.js';

/** The request logs (fastify's pino) as JSON lines, captured instead of written to stdout. */
describe('request logs', () => {
  const lines: string[] = [];
  let app: NestFastifyApplication;
  let url: string;
  let drop: () => Promise<void>;
  let stdout: ReturnType<typeof jest.spyOn>;

  beforeAll(async () => {
    // LOG_LEVEL=log for the request lines; NestJS's own start-up lines at that level are not what this tests.
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const db = await freshDatabase('sqlite');
    drop = db.drop;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'json',
      API_KEYS: TEST_API_KEYS,
      ...db.env,
    });
    app = await createApp(config, { requestLog: { write: (line) => void lines.push(line) } });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    stdout.mockRestore();
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const logged = () => lines.map((l) => JSON.parse(l)).filter((l) => l.message === 'request');

  it('one line per request with its id, method, route pattern, status and latency; keys and cookies censored', async () => {
    const res = await request(url)
      .get(`/rulesets?key=${KEYS.admin}`)
      .set('x-api-key', KEYS.viewer)
      .set('authorization', `Bearer ${KEYS.assessor}`)
      .set('cookie', 'sme_api_key=cookie-secret-0001')
      .set('x-request-id', 'log-test-0001')
      .expect(200);
    expect(res.headers['x-request-id']).toBe('log-test-0001');
    const line = logged().find((l) => l.reqId === 'log-test-0001');
    expect(line).toMatchObject({ level: 'log', context: 'Request', req: { method: 'GET', route: '/rulesets' }, res: { statusCode: 200 } });
    expect(line.responseTime).toEqual(expect.any(Number));
    expect(line.req.headers).toMatchObject({ 'x-api-key': '[redacted]', authorization: '[redacted]', cookie: '[redacted]' });
    const all = lines.join('\n');
    for (const secret of [KEYS.viewer, KEYS.assessor, KEYS.admin, 'cookie-secret-0001']) expect(all).not.toContain(secret);
  });

  it('a request without an id gets a new one, the same in the answer and in the log', async () => {
    const res = await request(url).get('/health/live').expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged().find((l) => l.reqId === id)).toMatchObject({ req: { route: '/health/live' }, res: { statusCode: 200 } });
  });

  it('a refused request is logged with its status, and an unmatched route as such', async () => {
    await request(url).get('/rulesets').set('x-request-id', 'log-test-0002').expect(401);
    await request(url).get('/no/such/route').set('x-request-id', 'log-test-0003').expect(404);
    expect(logged().find((l) => l.reqId === 'log-test-0002')).toMatchObject({ req: { route: '/rulesets' }, res: { statusCode: 401 } });
    expect(logged().find((l) => l.reqId === 'log-test-0003')).toMatchObject({ req: { route: 'unmatched' }, res: { statusCode: 404 } });
  });
});
