/**
 * Drafts through HTTP, on both databases: upload (validated like files on disk), diff, and an impact job on the
 * example agencies whose effects are worked out by hand in test/committee.spec.ts (from test/examples/WORKED.md).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allExamples } from '../support/standard.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { as, createAgency, startApi, type DbKind, type RunningApi } from './support.js';

const RULES = join(import.meta.dirname, '..', '..', 'rules');
const read = (dir: string, f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));

/** R1: four stars from 85 (three stars [70, 85)); R2: platform foundation 0.10, sustainability 0.30. */
function revisionFiles() {
  const base = read(RULES, 'base.json');
  base.grades = base.grades.map((g: { id: string }) => (g.id === 'fourStar' ? { ...g, min: 85 } : g.id === 'threeStar' ? { ...g, max: 85 } : g));
  const platform = read(RULES, 'platform.json');
  Object.assign(platform.weights.nodes, { foundation: 0.1, sustainability: 0.3 });
  return { 'base.json': base, 'platform.json': platform };
}

describe.each<DbKind>(['sqlite', 'postgres'])('drafts and impact on %s', (kind) => {
  let api: RunningApi;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi(kind);
    for (const example of allExamples()) {
      const agencyId = await createAgency(api.url, example.category, example.id);
      const submission = await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period: '2026', facts: example.facts }).expect(201);
      // Evaluated under the rules in force: GET /calibration reads the stored evaluations' summaries.
      await as(api.url, 'assessor').post('/evaluations', { submissionId: submission.body.id }).expect(201);
      ids[agencyId] = example.id;
    }
  });
  afterAll(async () => api.close());

  it('refuses a broken draft with each file and JSON pointer named, and drafts from non-admins', async () => {
    const base = read(RULES, 'base.json');
    base.weights.nodes.demandResponse = 0.6; // needsCommunication then sums to 1.1 (no category overrides it)
    const other = { ...read(RULES, 'other.json'), vetoes: { x: { basis: 'committee', rationale: { zh: 'x', en: 'x' }, reason: { zh: 'x', en: 'x' }, conditions: { all: [{ fact: 'crmSystem', operator: 'equals', value: true }] } } } };
    const res = await as(api.url, 'admin').post('/rulesets/candidates', { files: { 'base.json': base, 'other.json': other } }).expect(422);
    expect(res.body.code).toBe('rulesetInvalid');
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'rules/base.json', pointer: '/weights/nodes' }),
        expect.objectContaining({ file: 'rules/other.json', pointer: '/vetoes/x/conditions/all/0/operator' }),
      ]),
    );
    await as(api.url, 'assessor').post('/rulesets/candidates', { files: revisionFiles() }).expect(403);
    await as(api.url, 'admin').post('/rulesets/candidates', { files: { '../etc.json': {} } }).expect(400);
  });

  it('uploads a draft, lists its changes, and reports its impact worked out by hand', async () => {
    const created = await as(api.url, 'admin').post('/rulesets/candidates', { name: 'R1+R2', files: revisionFiles() }).expect(201);
    expect(created.body.changes).toHaveLength(10);
    const diff = await as(api.url, 'viewer').get(`/rulesets/candidates/${created.body.id}/diff?lang=zh`).expect(200);
    expect(diff.body.changes.map((c: { text: string }) => c.text)).toContain('维度“持续发展能力”权重 0.25 → 0.3');

    const started = await as(api.url, 'admin').post(`/rulesets/candidates/${created.body.id}/impact`).expect(202);
    let job = started.body;
    for (let i = 0; i < 200 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await as(api.url, 'viewer').get(`/impact-jobs/${job.id}`).expect(200)).body;
    }
    expect(job).toMatchObject({ status: 'done', progress: { done: 22, total: 22, percent: 100 } });
    const byCategory = Object.fromEntries(job.report.categories.map((c: { category: string }) => [c.category, c]));
    expect(byCategory.professional.transitions.filter((t: { from: string; to: string }) => t.from !== t.to)).toEqual([{ from: 'fourStar', to: 'threeStar', count: 1 }]);
    expect(byCategory.platform).toMatchObject({ meanBefore: 85.32, meanAfter: 85.45, meanShift: 0.13 });
    expect(job.report.mostAffected.map((a: { id: string; delta: number }) => [ids[a.id], a.delta])).toEqual([
      ['b2b-platform', 0.13],
      ['guarantee-company', 0],
    ]);
    expect(job.report.calibration.candidate.professional.grades.threeStar).toBe(job.report.calibration.active.professional.grades.threeStar + 1);

    // calibration data under the draft: guarantee-company moves from four to three stars; platform's b2b mean 85.45
    const cal = (await as(api.url, 'viewer').get(`/rulesets/candidates/${created.body.id}/calibration`).expect(200)).body;
    expect(cal.active.professional.grades.fourStar - cal.candidate.professional.grades.fourStar).toBe(1);
    expect([cal.active.platform.meanTotal, cal.candidate.platform.meanTotal]).toEqual([85.32, 85.45]);
    // GET /calibration: the same figures, from the summaries of the stored evaluations in SQL
    const active = (await as(api.url, 'viewer').get('/calibration').expect(200)).body;
    expect(active).toEqual({ active: cal.active });
    expect(active.active.professional.agencies).toBe(8);
  });
});

describe('a rules folder that is a symbolic link', () => {
  it('is copied for a draft, never written through: the files in force stay as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sme-rules-link-'));
    const copy = join(dir, 'rules-copy');
    cpSync(RULES, copy, { recursive: true });
    symlinkSync(copy, join(dir, 'rules'));
    const api = await startApi('sqlite', { RULES_DIR: join(dir, 'rules') });
    try {
      const before = readFileSync(join(copy, 'base.json'), 'utf8');
      await as(api.url, 'admin').post('/rulesets/candidates', { files: { 'base.json': '{"not": "a ruleset"' } }).expect(422);
      await as(api.url, 'admin').post('/rulesets/candidates', { files: revisionFiles() }).expect(201);
      expect(readFileSync(join(copy, 'base.json'), 'utf8')).toBe(before);
      expect(readFileSync(join(copy, 'platform.json'), 'utf8')).toBe(readFileSync(join(RULES, 'platform.json'), 'utf8'));
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
