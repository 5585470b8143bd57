/**
 * `npm run bench:scale [-- --evaluations N] [--agencies A] [--requests R] [--database sqlite|postgres]`: the real
 * server (a child process, as `npm start` runs it) on a fresh SQLite file (or, with `--database postgres`, the empty
 * PostgreSQL database named by DATABASE_URL, left filled) holding N stored evaluations (100,000 by default), and how
 * its pages behave at that size:
 *   - seeding: the server stores a few real evaluations per category through the API (templates); it is stopped, and
 *     the templates are cloned by direct SQL inserts in one transaction (agencies, submissions, evaluations with new
 *     ids, credit codes and creation times, spread over A agencies; each with its summary); the server is started
 *     again on that file;
 *   - dashboardFirstMs: the first GET /dashboard/calibration (the dashboard's data) after the start, computed in SQL;
 *   - dashboardP95Ms: GET /dashboard/calibration, R times in a row after it (the same data, kept until an evaluation
 *     is stored or the rules change);
 *   - dashboardAfterWriteMs: the median of three first views, each after one more evaluation stored through the API;
 *   - reportP95Ms: GET /evaluations/{id}/report (the report page) for R random stored evaluations;
 *   - exportMs: GET /spreadsheets/evaluations.csv (all evaluations) read to its end;
 *   - healthP99Ms: GET /health/ready, pinged every 20 ms during that export.
 * The last line is JSON {"database":…,"evaluations":…,"agencies":…,"dashboardP95Ms":…,"dashboardFirstMs":…,"dashboardAfterWriteMs":…,"reportP95Ms":…,"exportMs":…,"healthP99Ms":…}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { defaultDirs, loadStandard } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { CREDIT_CODES, firstClassPaths, freePort, postJson, waitReady } from './server.js';

const { values } = parseArgs({
  options: {
    evaluations: { type: 'string', default: '100000' },
    agencies: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '10' },
    database: { type: 'string', default: 'sqlite' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const total = Number(values.evaluations);
const agencyCount = Math.min(Number(values.agencies), total);
const requests = Number(values.requests);
const postgres = values.database === 'postgres';
if (postgres && !process.env.DATABASE_URL) {
  console.error('--database postgres: set DATABASE_URL to an empty PostgreSQL database (postgres://user:password@host:5432/db); the bench fills it and leaves it');
  process.exit(2);
}
const KEY = 'bench-admin-key-000001';
const PER_CATEGORY = 5;

/** better-sqlite3 (the driver TypeORM uses here) ships no types: the calls this needs. */
interface Sqlite {
  pragma(text: string): unknown;
  prepare(sql: string): { run(params?: unknown): unknown; all(...params: unknown[]): unknown[] };
  transaction(fn: () => void): () => void;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string, options?: { readonly?: boolean }) => Sqlite;
const { Client } = createRequire(import.meta.url)('pg') as {
  Client: new (options: { connectionString: string }) => { connect(): Promise<void>; query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>; end(): Promise<void> };
};

const standard = loadStandard(defaultDirs());
const categories = Object.keys(standard.rulesets);
const generator = new FactsGenerator(standard.criteria.facts, seededRandom(2027));

/** A POST with the benchmark's key. */
const post = (url: string, path: string, body: unknown) => postJson(url, KEY, path, body);

const dir = mkdtempSync(join(tmpdir(), 'sme-scale-'));
const file = join(dir, 'scale.sqlite');
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  ...process.env,
  PORT: String(port),
  SQLITE_PATH: file,
  API_KEYS: `bench:admin:${KEY}`,
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: values['log-level'] ?? 'warn',
};
if (postgres) delete env.SQLITE_PATH;
else delete env.DATABASE_URL;

function start(): ChildProcess {
  return spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

function stop(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}

/** A few real evaluations per category, stored by the server itself (the rows the clones copy); their agencies by category. */
async function templates(): Promise<Record<string, string>> {
  const paths = firstClassPaths(standard.criteria.classification);
  const ids: Record<string, string> = {};
  for (const [i, c] of categories.entries()) {
    const agency = (ids[c] = (await post(url, '/agencies', { name: `template ${c}`, creditCode: CREDIT_CODES[i], region: '江苏省', category: c, classPath: paths[c] })).id);
    for (let k = 0; k < PER_CATEGORY; k++) {
      const submission = (await post(url, `/agencies/${agency}/submissions`, { period: `${2026 + k}`, facts: generator.next() })).id;
      await post(url, '/evaluations', { submissionId: submission });
    }
  }
  return ids;
}

type Row = Record<string, unknown>;

/** Where the clones are written: the SQLite file (prepared statements, one transaction) or PostgreSQL (batches). */
interface Store {
  all(sql: string): Promise<Row[]>;
  /** Queues a row; rows are written in the order of the tables' first rows (parents first). */
  insert(table: string, row: Row): Promise<void>;
  /** Writes what is queued and commits. */
  finish(): Promise<void>;
}

const insertSql = (table: string, cols: string[], rows: number, p: (n: number) => string) =>
  `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: rows }, (_, r) => `(${cols.map((_, c) => p(r * cols.length + c + 1)).join(', ')})`).join(', ')}`;

function sqliteStore(): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.prepare('BEGIN').run();
  const statements = new Map<string, ReturnType<Sqlite['prepare']>>();
  return {
    all: async (sql) => db.prepare(sql).all() as Row[],
    insert: async (table, row) => {
      const cols = Object.keys(row);
      const st = statements.get(table) ?? db.prepare(insertSql(table, cols, 1, (n) => '@' + cols[n - 1]));
      statements.set(table, st);
      st.run(row);
    },
    finish: async () => {
      db.prepare('COMMIT').run();
      db.close();
    },
  };
}

async function postgresStore(): Promise<Store> {
  const client = new Client({ connectionString: process.env.DATABASE_URL! });
  await client.connect();
  await client.query('BEGIN');
  const queued = new Map<string, Row[]>();
  const flush = async () => {
    for (const [table, rows] of queued) {
      if (rows.length === 0) continue;
      const cols = Object.keys(rows[0]);
      await client.query(insertSql(table, cols, rows.length, (n) => `$${n}`), rows.flatMap((r) => cols.map((c) => r[c])));
      rows.length = 0;
    }
  };
  return {
    all: async (sql) => (await client.query(sql)).rows,
    insert: async (table, row) => {
      const rows = queued.get(table) ?? [];
      queued.set(table, rows);
      rows.push(row);
      if (rows.length >= 100) await flush();
    },
    finish: async () => {
      await flush();
      await client.query('COMMIT');
      // As after any bulk load: statistics of the rows now there. Without it the planner still had those of the
      // template rows until autovacuum came by (a dashboard's first view took 14 s instead of well under 1 s).
      await client.query('ANALYZE agencies, fact_submissions, evaluations, evaluation_summaries');
      await client.end();
    },
  };
}

/** Clones the template rows into `total` evaluations over `agencyCount` agencies, in one transaction. */
async function clone(): Promise<void> {
  const db = postgres ? await postgresStore() : sqliteStore();
  const agencies = await db.all('SELECT * FROM agencies ORDER BY created_at');
  const evaluations = await db.all('SELECT * FROM evaluations ORDER BY created_at');
  const submissions = new Map((await db.all('SELECT * FROM fact_submissions')).map((s) => [s.id as string, s]));
  const summaries = new Map((await db.all('SELECT * FROM evaluation_summaries')).map((s) => [s.evaluation_id as string, s]));
  const perAgency = agencies.map((a) => evaluations.filter((e) => e.agency_id === a.id));
  const t0 = Date.parse('2027-01-01T00:00:00.000Z');
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  const ids: string[] = [];
  for (let i = 0; i < agencyCount; i++) {
    const t = agencies[i % agencies.length];
    const id = randomUUID();
    ids.push(id);
    await db.insert('agencies', { ...t, id, name: `机构 ${i}`, credit_code: `B${String(i).padStart(17, '0')}`, created_at: at(i) });
  }
  for (let n = 0; n < total; n++) {
    const a = n % agencyCount;
    const round = Math.floor(n / agencyCount);
    const group = perAgency[a % agencies.length];
    const e = group[(a + round) % group.length];
    const s = submissions.get(e.submission_id as string)!;
    const submissionId = randomUUID();
    const createdAt = at(agencyCount + n * 10);
    await db.insert('fact_submissions', { ...s, id: submissionId, agency_id: ids[a], version: round + 1 + 100, period: e.period, created_at: createdAt, evaluated_at: createdAt });
    const evaluationId = randomUUID();
    await db.insert('evaluations', { ...e, id: evaluationId, submission_id: submissionId, agency_id: ids[a], created_at: createdAt });
    await db.insert('evaluation_summaries', { ...summaries.get(e.id as string)!, evaluation_id: evaluationId, agency_id: ids[a], created_at: createdAt });
  }
  await db.finish();
}

/** Random stored evaluations (for the report pages). */
async function randomEvaluations(n: number): Promise<string[]> {
  const sql = `SELECT id FROM evaluations ORDER BY random() LIMIT ${n}`;
  if (!postgres) {
    const db = new Database(file, { readonly: true });
    const rows = db.prepare(sql).all() as { id: string }[];
    db.close();
    return rows.map((r) => r.id);
  }
  const client = new Client({ connectionString: process.env.DATABASE_URL! });
  await client.connect();
  const rows = (await client.query(sql)).rows as { id: string }[];
  await client.end();
  return rows.map((r) => r.id);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10) / 10;
}

async function timed(path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url + path, { headers: { 'x-api-key': KEY } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t;
}

let server = start();
try {
  await waitReady(url, 60);
  const templateAgencies = await templates();
  await stop(server);
  const t = performance.now();
  await clone();
  const seedMs = Math.round(performance.now() - t);
  console.log(`seeded ${total} evaluations over ${agencyCount} agencies in ${seedMs} ms (${postgres ? 'PostgreSQL' : `${Math.round(statSync(file).size / 2 ** 20)} MiB SQLite file`})`);
  server = start();
  await waitReady(url, 60);

  const dashboardFirstMs = Math.round((await timed('/dashboard/calibration')) * 10) / 10; // first view: nothing computed yet
  console.log(`dashboard: first view ${dashboardFirstMs} ms (the aggregates computed in SQL; later views reuse them until an evaluation is stored)`);
  const dashboard: number[] = [];
  for (let i = 0; i < requests; i++) dashboard.push(await timed('/dashboard/calibration'));
  console.log(`dashboard: p50 ${percentile(dashboard, 50)} ms, p95 ${percentile(dashboard, 95)} ms over ${requests} requests`);
  // The first view after an evaluation is stored computes the aggregates again: three times, one new evaluation each.
  const agency = Object.values(templateAgencies)[0];
  const afterWrite: number[] = [];
  for (let i = 0; i < 3; i++) {
    const submission = (await post(url, `/agencies/${agency}/submissions`, { period: `${2040 + i}`, facts: generator.next() })).id;
    await post(url, '/evaluations', { submissionId: submission });
    afterWrite.push(await timed('/dashboard/calibration'));
  }
  const dashboardAfterWriteMs = percentile(afterWrite, 50);
  console.log(`dashboard after a new evaluation: ${afterWrite.map((x) => Math.round(x)).join(', ')} ms (median ${dashboardAfterWriteMs} ms)`);

  const ids = await randomEvaluations(requests + 1);
  await timed(`/evaluations/${ids[0]}/report`); // warm-up
  const report: number[] = [];
  for (const id of ids.slice(1)) report.push(await timed(`/evaluations/${id}/report`));
  console.log(`report page: p50 ${percentile(report, 50)} ms, p95 ${percentile(report, 95)} ms over ${requests} random evaluations`);

  const health: number[] = [];
  let exporting = true;
  const pinger = (async () => {
    while (exporting) {
      const started = performance.now();
      health.push(await timed('/health/ready'));
      await new Promise((r) => setTimeout(r, Math.max(0, 20 - (performance.now() - started))));
    }
  })();
  const exportStart = performance.now();
  const res = await fetch(`${url}/spreadsheets/evaluations.csv`, { headers: { 'x-api-key': KEY } });
  if (!res.ok) throw new Error(`export: ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body!) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const exportMs = Math.round(performance.now() - exportStart);
  exporting = false;
  await pinger;
  console.log(`export: ${exportMs} ms, ${Math.round(bytes / 2 ** 20)} MiB, ${lines} lines; health during it: p50 ${percentile(health, 50)} ms, p99 ${percentile(health, 99)} ms over ${health.length} pings`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(
    JSON.stringify({
      database: postgres ? 'postgres' : 'sqlite',
      evaluations: total,
      agencies: agencyCount,
      dashboardP95Ms: percentile(dashboard, 95),
      dashboardFirstMs,
      dashboardAfterWriteMs,
      reportP95Ms: percentile(report, 95),
      exportMs,
      healthP99Ms: percentile(health, 99),
    }),
  );
} finally {
  await stop(server);
  rmSync(dir, { recursive: true, force: true });
}
