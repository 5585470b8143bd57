import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { keyDigest } from '../../src/config/api-keys.js';
import { loadConfig } from '../../src/config/app-config.js';
import { readExample } from '../support/standard.js';
import { creditCodeFor, freshDatabase } from './support.js';

const NORTH = 'north-assessor-key-0001';
const SOUTH = 'south-assessor-key-0001';

/** The app on a given database with the given API_KEYS, listening on a free port. */
async function serve(dbEnv: Record<string, string>, apiKeys: string): Promise<{ app: NestFastifyApplication; url: string }> {
  const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', API_KEYS: apiKeys, ...dbEnv }));
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

describe('API keys named in API_KEYS', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keep their principals when the keys are reordered, one is added, or one is given as its sha256', async () => {
    const example = readExample('b2b-platform');
    const body = { ...example.agency, name: '北区机构', creditCode: creditCodeFor(4242) };
    const first = await serve(db.env, `north:assessor:${NORTH},south:assessor:${SOUTH}`);
    let created: request.Response;
    try {
      created = await request(first.url).post('/agencies').set('x-api-key', NORTH).set('idempotency-key', 'k-1').send(body).expect(201);
      const sub = await request(first.url).post(`/agencies/${created.body.id}/submissions`).set('x-api-key', SOUTH).send({ ...example.submission, period: '2026' }).expect(201);
      expect(sub.body.submittedBy).toBe('south');
    } finally {
      await first.app.close();
    }
    // reordered, a key added before them, north's key given as its hash
    const second = await serve(db.env, `west:assessor:west-assessor-key-0001,south:assessor:${SOUTH},north:assessor:sha256:${keyDigest(NORTH)}`);
    try {
      const agency = await request(second.url).get(`/agencies/${created.body.id}`).set('x-api-key', SOUTH).expect(200);
      expect(agency.body).toMatchObject({ id: created.body.id, name: '北区机构' });
      // the same Idempotency-Key from the same named key replays the first answer; from another key it is another request
      const replay = await request(second.url).post('/agencies').set('x-api-key', NORTH).set('idempotency-key', 'k-1').send(body).expect(201);
      expect(replay.body.id).toBe(created.body.id);
      await request(second.url).post('/agencies').set('x-api-key', SOUTH).set('idempotency-key', 'k-1').send(body).expect(409);
      const sub = await request(second.url).post(`/agencies/${created.body.id}/submissions`).set('x-api-key', NORTH).send({ ...example.submission, period: '2027' }).expect(201);
      expect(sub.body.submittedBy).toBe('north');
      const subs = await request(second.url).get(`/agencies/${created.body.id}/submissions`).set('x-api-key', SOUTH).expect(200);
      expect(subs.body.items.map((s: { submittedBy: string }) => s.submittedBy)).toEqual(['south', 'north']);
    } finally {
      await second.app.close();
    }
  });
});
