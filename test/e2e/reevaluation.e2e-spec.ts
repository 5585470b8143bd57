/**
 * Re-evaluating every agency after a revision: each agency's latest submission is scored by the compiled engine and
 * stored under the new ruleset hash; agencies already evaluated under that hash are left alone. Through the service
 * (with its progress) and through the CLI (`sme-eval reevaluate`, a separate process on the same SQLite file).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReevaluationService } from '../../src/evaluations/reevaluation.service.js';
import { copyShipped, readExample, requiredFacts, shippedStandard } from '../support/standard.js';
import { as, createAgency, startApi, type RunningApi } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const guarantee = readExample('guarantee-company');

describe('re-evaluating every agency (sqlite)', () => {
  let api: RunningApi;
  let rulesDir: string;
  let criteriaDir: string;

  beforeAll(async () => {
    ({ rulesDir, criteriaDir } = copyShipped());
    // The shipped rule tests pin the shipped weights, which this test changes.
    rmSync(join(rulesDir, 'tests'), { recursive: true });
    api = await startApi('sqlite', { RULES_DIR: rulesDir, CRITERIA_DIR: criteriaDir });
  });
  afterAll(async () => api.close());

  const evaluations = async (agencyId: string) => (await as(api.url, 'viewer').get(`/agencies/${agencyId}/evaluations`).expect(200)).body.items;

  it('stores one new evaluation per agency not yet evaluated under the rules in force, with progress; a second run stores nothing', async () => {
    const professional = await createAgency(api.url, 'professional');
    const other = await createAgency(api.url, 'other');
    const sub = await as(api.url, 'assessor').post(`/agencies/${professional}/submissions`, { period: '2026', facts: guarantee.facts }).expect(201);
    // An older period of the same agency: only the latest period is re-evaluated.
    await as(api.url, 'assessor').post(`/agencies/${other}/submissions`, { period: '2026-H1', facts: requiredFacts(shippedStandard()) }).expect(201);
    await as(api.url, 'assessor').post(`/agencies/${other}/submissions`, { period: '2026-H2', facts: requiredFacts(shippedStandard()) }).expect(201);
    await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);

    const progress: [number, number][] = [];
    const service = api.app.get(ReevaluationService);
    const first = await service.reevaluateAll('admin#test', (done, total) => progress.push([done, total]));
    expect(first).toMatchObject({ agencies: 2, stored: 1, unchanged: 1, failedTotal: 0, failed: [] });
    expect(progress[progress.length - 1]).toEqual([2, 2]);
    const stored = await evaluations(other);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ period: '2026-H2', engine: 'compiled', evaluatedBy: 'admin#test', ruleset: { hash: first.hashes.other } });
    const reproduced = await as(api.url, 'viewer').get(`/evaluations/${stored[0].id}/reproduce?engine=jre`).expect(200);
    expect(reproduced.body).toMatchObject({ identical: true, storedEngine: 'compiled', engine: 'jre' });

    expect(await service.reevaluateAll('admin#test')).toMatchObject({ agencies: 2, stored: 0, unchanged: 2 });
  });

  it('after a revision, the CLI stores the changed category under its new hash and leaves the others', async () => {
    const file = join(rulesDir, 'other.json');
    const rules = JSON.parse(readFileSync(file, 'utf8'));
    rules.weights = { nodes: { clientSatisfaction: 0.5, serviceValue: 0.25, honors: 0.25 } };
    writeFileSync(file, JSON.stringify(rules));
    await as(api.url, 'admin').post('/rulesets/reload').expect(200);

    const database = api.config.database;
    if (database.type !== 'sqlite') throw new Error('this test runs on SQLite');
    const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'test', SQLITE_PATH: database.path, RULES_DIR: rulesDir, CRITERIA_DIR: criteriaDir };
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'reevaluate', '--json', '--by', 'cli#test'], { encoding: 'utf8', env });
    expect(run.stderr).not.toContain('error');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    // Both agencies counted; only "other" changed, so one new row; the professional agency is unchanged.
    expect(report).toMatchObject({ agencies: 2, stored: 1, unchanged: 1, failedTotal: 0 });
    const ids = (await as(api.url, 'viewer').get('/rulesets/status').expect(200)).body.editions[0].rulesets.map((r: { category: string; hash: string }) => [r.category, r.hash]);
    expect(Object.fromEntries(ids).other).toBe(report.hashes.other);
  });

  it('POST /evaluations/reevaluate (admin) runs it as a job; GET /reevaluation-jobs/{id} gives progress and the report', async () => {
    await as(api.url, 'assessor').post('/evaluations/reevaluate').expect(403);
    const started = await as(api.url, 'admin').post('/evaluations/reevaluate').expect(202);
    expect(started.body).toMatchObject({ status: 'queued', report: null, createdBy: expect.any(String) });
    let job = started.body;
    for (let i = 0; i < 100 && job.status !== 'done' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      job = (await as(api.url, 'viewer').get(`/reevaluation-jobs/${job.id}`).expect(200)).body;
    }
    // Everything is evaluated under the rules in force by now (the CLI did the last revision): nothing new to store.
    expect(job).toMatchObject({ status: 'done', progress: { done: 2, total: 2, percent: 100 }, report: { agencies: 2, stored: 0, unchanged: 2, failedTotal: 0 } });
    await as(api.url, 'viewer').get('/reevaluation-jobs/00000000-0000-4000-8000-000000000000').expect(404);
  });
});

describe('ENGINE=jre (sqlite)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { ENGINE: 'jre' });
  });
  afterAll(async () => api.close());

  it('stores evaluations decided by json-rules-engine, and the compiled engine reproduces them identically', async () => {
    const agencyId = await createAgency(api.url, 'professional');
    const sub = await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period: '2026', facts: guarantee.facts }).expect(201);
    const ev = await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);
    // The guarantee company's total and grade, worked out by hand in test/examples/WORKED.md.
    expect(ev.body).toMatchObject({ engine: 'jre', total: 82.4, grade: 'fourStar' });
    const res = await as(api.url, 'viewer').get(`/evaluations/${ev.body.id}/reproduce?engine=compiled`).expect(200);
    expect(res.body).toMatchObject({ storedEngine: 'jre', engine: 'compiled', identical: true, differences: [] });
  });
});
