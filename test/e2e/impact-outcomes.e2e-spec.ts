/**
 * The impact baseline in the database, on both databases: an impact job stores each agency's outcome under the rules
 * in force (keyed by ruleset hash), the next job reads the stored rows instead of scoring again, a newer submission
 * has its row written again, and a reload of changed rules queues the job that stores the outcomes under the new
 * hash and drops the old ones.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Evaluator, loadStandard } from '../../src/core/index.js';
import { allExamples } from '../support/standard.js';
import { as, createAgency, startApi, type DbKind, type RunningApi } from './support.js';

const RULES = join(import.meta.dirname, '..', '..', 'rules');
const CRITERIA = join(import.meta.dirname, '..', '..', 'criteria');
const read = (dir: string, f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));

/** Platform foundation 0.10, sustainability 0.30 (a re-grade: no condition changes). */
function revisionFiles() {
  const platform = read(RULES, 'platform.json');
  Object.assign(platform.weights.nodes, { foundation: 0.1, sustainability: 0.3 });
  return { 'platform.json': platform };
}

interface Row {
  ruleset_hash: string;
  agency_id: string;
  submission_id: string;
  total: number;
  grade: string;
}

describe.each<DbKind>(['sqlite', 'postgres'])('the impact baseline in the database on %s', (kind) => {
  let api: RunningApi;
  let ds: DataSource;
  const dir = mkdtempSync(join(tmpdir(), 'sme-impact-outcomes-'));
  const rulesDir = join(dir, 'rules');
  const ids: Record<string, string> = {};
  const hashes = () => {
    const evaluator = new Evaluator(loadStandard({ rulesDir, criteriaDir: CRITERIA }));
    return Object.fromEntries(evaluator.categories().map((c) => [c, evaluator.ruleset(c).hash]));
  };
  const rows = () => ds.query('SELECT "ruleset_hash", "agency_id", "submission_id", "total", "grade" FROM "impact_outcomes" ORDER BY "agency_id"') as Promise<Row[]>;
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');

  async function impact(candidateId: string) {
    let job = (await as(api.url, 'admin').post(`/rulesets/candidates/${candidateId}/impact`).expect(202)).body;
    for (let i = 0; i < 200 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await as(api.url, 'viewer').get(`/impact-jobs/${job.id}`).expect(200)).body;
    }
    expect(job.status).toBe('done');
    return job.report as { agencies: number; mostAffected: { id: string; before: { total: number; grade: string }; after: { total: number }; delta: number }[] };
  }

  beforeAll(async () => {
    cpSync(RULES, rulesDir, { recursive: true });
    api = await startApi(kind, { RULES_DIR: rulesDir });
    ds = api.app.get(DataSource);
    for (const example of allExamples()) {
      const agencyId = await createAgency(api.url, example.category, example.id);
      await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period: '2026', facts: example.facts }).expect(201);
      ids[example.id] = agencyId;
    }
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores each outcome under its hash, reads it back on the next run, and writes it again after a newer submission', async () => {
    expect(await rows()).toEqual([]);
    const candidate = (await as(api.url, 'admin').post('/rulesets/candidates', { name: 'weights', files: revisionFiles() }).expect(201)).body;
    const first = await impact(candidate.id);
    expect(first.agencies).toBe(11);
    const stored = await rows();
    const inForce = hashes();
    expect(stored).toHaveLength(11);
    const categoryOf = Object.fromEntries(allExamples().map((e) => [ids[e.id], e.category]));
    for (const row of stored) expect(row.ruleset_hash).toBe(inForce[categoryOf[row.agency_id]]);
    // guarantee-company scores 82.40, four stars (test/examples/WORKED.md)
    expect(stored.find((r) => r.agency_id === ids['guarantee-company'])).toMatchObject({ total: 82.4, grade: 'fourStar' });

    // The next run reads the stored row: a stored total of 50 (one star) is what it compares the candidate with.
    await ds.query(`UPDATE "impact_outcomes" SET "total" = 50, "grade" = 'oneStar' WHERE "agency_id" = ${p(1)}`, [ids['guarantee-company']]);
    const second = await impact(candidate.id);
    // 82.40 under the candidate (a professional agency: the platform weights do not touch it) − 50 = 32.40
    expect(second.mostAffected[0]).toMatchObject({ id: ids['guarantee-company'], before: { total: 50, grade: 'oneStar' }, after: { total: 82.4 }, delta: 32.4 });

    // A correction is the agency's latest submission: its outcome is scored and stored again.
    const example = allExamples().find((e) => e.id === 'guarantee-company')!;
    const corrected = (await as(api.url, 'assessor').post(`/agencies/${ids['guarantee-company']}/submissions`, { period: '2026', facts: example.facts }).expect(201)).body;
    const third = await impact(candidate.id);
    expect(third.mostAffected.map((a) => a.id)).not.toContain(ids['guarantee-company']);
    expect((await rows()).find((r) => r.agency_id === ids['guarantee-company'])).toMatchObject({ submission_id: corrected.id, total: 82.4, grade: 'fourStar' });
  });

  it('stores the outcomes under the new hash when the rules change, and drops those under the old one', async () => {
    const before = hashes();
    const base = read(rulesDir, 'base.json');
    // A band's rationale reworded: a new hash, the same scores.
    const band = base.grades[base.grades.length - 1];
    band.rationale = { zh: `${band.rationale.zh}（修订）`, en: `${band.rationale.en} (revised)` };
    writeFileSync(join(rulesDir, 'base.json'), JSON.stringify(base, null, 2));
    const after = hashes();
    expect(after.other).not.toBe(before.other);
    await as(api.url, 'admin').post('/rulesets/reload').expect(200);
    let stored = await rows();
    for (let i = 0; i < 200 && !(stored.length === 11 && stored.every((r) => Object.values(after).includes(r.ruleset_hash))); i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = await rows();
    }
    expect(stored).toHaveLength(11);
    expect(stored.filter((r) => Object.values(before).includes(r.ruleset_hash))).toEqual([]);
  });
});
