/**
 * The job system across processes: an impact run survives `kill -9` of the instance running it. On PostgreSQL
 * (three instances) another instance takes it over; on SQLite the restarted instance resumes it. Agencies are
 * seeded straight into the database so the run lasts long enough to be killed mid-way.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Agency } from '../../src/agencies/agency.entity.js';
import { databaseOptions } from '../../src/database/database.options.js';
import { FactSubmission } from '../../src/submissions/fact-submission.entity.js';
import { defaultDirs, hashFacts, loadStandard } from '../../src/core/index.js';
import { FactsGenerator, seededRandom } from '../../src/sample/facts-generator.js';
import { CATEGORY_IDS } from '../support/standard.js';
import { instanceEnv, spawnInstance, type Instance } from './instances.js';
import { as, CLASS_PATHS, creditCodeFor, freshDatabase, type DbKind } from './support.js';

const AGENCIES = 10000;
const RULES = join(import.meta.dirname, '..', '..', 'rules');

/** A draft that moves the four-star band (the run re-grades every agency). */
function draft() {
  const base = JSON.parse(readFileSync(join(RULES, 'base.json'), 'utf8'));
  base.grades = base.grades.map((g: { id: string }) => (g.id === 'fourStar' ? { ...g, min: 85 } : g.id === 'threeStar' ? { ...g, max: 85 } : g));
  return { name: 'R1', files: { 'base.json': base } };
}

function dataSource(env: Record<string, string>): DataSource {
  return new DataSource(databaseOptions(env.DATABASE_URL ? { type: 'postgres', url: env.DATABASE_URL } : { type: 'sqlite', path: env.SQLITE_PATH }));
}

/** `n` agencies, each with one submission of generated facts, inserted directly (after an instance migrated). */
async function seed(env: Record<string, string>, n: number): Promise<void> {
  const generator = new FactsGenerator(loadStandard(defaultDirs()).criteria.facts, seededRandom(7));
  const ds = await dataSource(env).initialize();
  try {
    const at = new Date().toISOString();
    for (let start = 0; start < n; start += 500) {
      const agencies: Agency[] = [];
      const subs: FactSubmission[] = [];
      for (let i = start; i < Math.min(n, start + 500); i++) {
        const category = CATEGORY_IDS[i % CATEGORY_IDS.length];
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const facts = generator.next();
        agencies.push({ id, name: `机构 ${i}`, creditCode: creditCodeFor(900000 + i), region: '江苏省苏州市', category, classPath: CLASS_PATHS[category].join('/'), createdBy: 'seed', createdAt: at });
        subs.push({ id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`, agencyId: id, period: '2026', version: 1, facts, factsHash: hashFacts(facts), evidence: null, submittedBy: 'seed', createdAt: at, evaluatedAt: null });
      }
      await ds.createQueryBuilder().insert().into(Agency).values(agencies).execute();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- simple-json columns
      await ds.createQueryBuilder().insert().into(FactSubmission).values(subs as any).execute();
    }
  } finally {
    await ds.destroy();
  }
}

async function jobRow(env: Record<string, string>, id: string): Promise<{ status: string; owner: string | null; attempts: number; done: number }> {
  const ds = await dataSource(env).initialize();
  try {
    const [row] = await ds.query(`SELECT status, owner, attempts, done FROM jobs WHERE id = ${env.DATABASE_URL ? '$1' : '?'}`, [id]);
    return { ...row, attempts: Number(row.attempts), done: Number(row.done) };
  } finally {
    await ds.destroy();
  }
}

/** Polls until `until` holds for the job's row (or `timeoutMs` passes). */
async function waitFor(env: Record<string, string>, id: string, until: (row: Awaited<ReturnType<typeof jobRow>>) => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const row = await jobRow(env, id);
    if (until(row)) return row;
    if (Date.now() > end) throw new Error(`job ${id} still ${JSON.stringify(row)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts an impact run on `on`, waits until it is running with some progress, and kills its instance with SIGKILL. */
async function startAndKill(env: Record<string, string>, instances: Instance[], on: Instance): Promise<{ jobId: string; killed: Instance }> {
  const candidate = await as(on.url, 'admin').post('/rulesets/candidates', draft()).expect(201);
  const started = await as(on.url, 'admin').post(`/rulesets/candidates/${candidate.body.id}/impact`).expect(202);
  expect(started.body.status).toBe('queued');
  const row = await waitFor(env, started.body.id, (r) => r.status === 'running' && r.done > 0, 60_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${instances.map((i) => `--- ${i.name}\n${i.output().slice(-2000)}`).join('\n')}`);
  });
  const killed = instances.find((i) => i.name === row.owner)!;
  expect(killed).toBeDefined();
  killed.proc.kill('SIGKILL');
  expect(await killed.exited).toBe('SIGKILL');
  expect((await jobRow(env, started.body.id)).status).toBe('running');
  return { jobId: started.body.id, killed };
}

describe.each<DbKind>(['postgres', 'sqlite'])('an impact job whose instance is killed, on %s', (kind) => {
  let instances: Instance[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await drop?.();
  });

  it(kind === 'postgres' ? 'is finished by another of three instances' : 'resumes when the instance restarts', async () => {
    const db = await freshDatabase(kind);
    drop = db.drop;
    const env = instanceEnv(db.env, { JOB_STALE_SECONDS: '10' });
    const count = kind === 'postgres' ? 3 : 1;
    instances = [];
    for (let i = 0; i < count; i++) instances.push(await spawnInstance(`${kind}-${i}`, env));
    await Promise.all(instances.map((i) => i.ready()));
    await seed(db.env, AGENCIES);

    const { jobId, killed } = await startAndKill(db.env, instances, instances[0]);
    if (kind === 'sqlite') {
      instances.push(await spawnInstance('sqlite-restarted', env));
      await instances[1].ready();
    }
    const survivor = instances.find((i) => i !== killed)!;
    let job = (await as(survivor.url, 'viewer').get(`/impact-jobs/${jobId}`).expect(200)).body;
    for (let i = 0; i < 1200 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await as(survivor.url, 'viewer').get(`/impact-jobs/${jobId}`).expect(200)).body;
    }
    expect(job).toMatchObject({ status: 'done', progress: { done: 2 * AGENCIES, total: 2 * AGENCIES, percent: 100 }, error: null });
    const graded = job.report.categories.reduce((n: number, c: { transitions: { count: number }[] }) => n + c.transitions.reduce((m, t) => m + t.count, 0), 0);
    expect(graded).toBe(AGENCIES);
    const row = await jobRow(db.env, jobId);
    expect(row).toMatchObject({ status: 'done', owner: null, attempts: 2 });
  }, 300_000);
});
