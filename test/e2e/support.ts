import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';

export type DbKind = 'sqlite' | 'postgres';

/**
 * Where the e2e suites find PostgreSQL: TEST_POSTGRES_URL, set by the caller or else by jest's global setup, which
 * starts a throw-away embedded PostgreSQL (test/global-setup.js). Each suite gets a fresh database on it.
 */
function pgAdminUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is unset: run the suites through jest (its global setup starts PostgreSQL)');
  return url;
}

export const KEYS = {
  admin: 'test-admin-key-0001',
  assessor: 'test-assessor-key-0001',
  viewer: 'test-viewer-key-0001',
};

/** The test keys as `API_KEYS` names them: principals `test-admin`, `test-assessor`, `test-viewer`. */
export const TEST_API_KEYS = `test-admin:admin:${KEYS.admin},test-assessor:assessor:${KEYS.assessor},test-viewer:viewer:${KEYS.viewer}`;

/** A fresh, empty database of the kind asked for, and a function that removes it. */
export async function freshDatabase(kind: DbKind): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sme-api-'));
    return { env: { SQLITE_PATH: join(dir, 'api.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `e2e_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(pgAdminUrl());
  url.pathname = '/' + name;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: pgAdminUrl() });
  await admin.initialize();
  try {
    await admin.query(sql);
  } finally {
    await admin.destroy();
  }
}

export interface RunningApi {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  close: () => Promise<void>;
}

/** The real app on a fresh database, listening on a free port, with the test keys. */
export async function startApi(kind: DbKind, extraEnv: Record<string, string> = {}): Promise<RunningApi> {
  const db = await freshDatabase(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'error',
    API_KEYS: TEST_API_KEYS,
    // suites log in through the form many times from one address; the login limit has its own test
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...db.env,
    ...extraEnv,
  });
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A valid credit code (GB 32100 check character computed) for test agency number `n`. */
export function creditCodeFor(n: number): string {
  const body = `913205${String(n).padStart(9, '0')}MA`;
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * weights[i];
  return body + alphabet[(31 - (sum % 31)) % 31];
}

/** A Table 1 class path for each category. */
export const CLASS_PATHS: Record<string, string[]> = {
  comprehensive: ['comprehensiveServices', 'comprehensiveServiceAgency'],
  professional: ['investmentFinancing', 'financingGuarantee', 'financingGuaranteeCompany'],
  platform: ['onlineTrading', 'b2bTrading'],
  other: ['otherConsulting', 'otherConsultingAgency'],
};

/** Request helpers with a role's key. */
export function as(url: string, role: keyof typeof KEYS) {
  const key = KEYS[role];
  return {
    get: (path: string) => request(url).get(path).set('x-api-key', key),
    post: (path: string, body?: object, idempotencyKey?: string) => {
      const req = request(url).post(path).set('x-api-key', key);
      if (idempotencyKey) void req.set('idempotency-key', idempotencyKey);
      return body === undefined ? req : req.send(body);
    },
  };
}

/** Logs in through the form with a role's key; answers the session cookie (`sme_session=…`) for a Cookie header. */
export async function pageSession(url: string, role: keyof typeof KEYS): Promise<string> {
  const res = await request(url).post('/login').type('form').send({ key: KEYS[role], next: '/' }).expect(303);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0];
  if (!cookie) throw new Error('the login answered no session cookie');
  return cookie.split(';')[0];
}

let agencySeq = 0;
/** Registers an agency of a category and returns its id. */
export async function createAgency(url: string, category: string, name?: string): Promise<string> {
  const n = ++agencySeq + Math.floor(Math.random() * 1e6) * 1000;
  const res = await as(url, 'assessor')
    .post('/agencies', { name: name ?? `测试机构 ${n}`, creditCode: creditCodeFor(n), region: '江苏省苏州市', category, classPath: CLASS_PATHS[category] })
    .expect(201);
  return res.body.id;
}
