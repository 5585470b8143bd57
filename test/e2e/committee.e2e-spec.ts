/**
 * The committee workflow through HTTP: safe reload (a broken set never replaces a good one, and evaluations made
 * while reloading name a hash that was in force), start-up with broken rules, reload on file change, editions side
 * by side, and reproducing an evaluation from its stored snapshot.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { RulesetInvalidError } from '../../src/core/index.js';
import { captureErrorLogs } from '../support/logs.js';
import { CATEGORY_IDS, copyShipped, readExample, requiredFacts, shippedStandard } from '../support/standard.js';
import { as, createAgency, freshDatabase, startApi, type RunningApi } from './support.js';

const NOT_OK = join(import.meta.dirname, '..', 'fixtures', 'not-ok');
const guarantee = readExample('guarantee-company');

/** A copy of the shipped files without the shipped rule tests (they pin the shipped weights these tests change). */
function rulesCopy() {
  const dirs = copyShipped();
  rmSync(join(dirs.rulesDir, 'tests'), { recursive: true });
  mkdirSync(join(dirs.rulesDir, 'tests', 'other'), { recursive: true });
  return dirs;
}

/** Rules folder states the tests switch between. */
function rulesStates(rulesDir: string) {
  const originals = Object.fromEntries(['other.json', 'platform.json'].map((f) => [f, readFileSync(join(rulesDir, f), 'utf8')]));
  const restore = () => {
    for (const [f, text] of Object.entries(originals)) writeFileSync(join(rulesDir, f), text);
    rmSync(join(rulesDir, 'tests', 'other', 'zz-broken.json'), { force: true });
  };
  const otherWith = (weights: number[]) => {
    const other = JSON.parse(originals['other.json']);
    other.weights = { nodes: { clientSatisfaction: weights[0], serviceValue: weights[1], honors: weights[2] } };
    writeFileSync(join(rulesDir, 'other.json'), JSON.stringify(other));
  };
  const broken: Record<string, () => void> = {
    'bad JSON': () => writeFileSync(join(rulesDir, 'other.json'), '{ "extends": "base.json", "id": "other", '),
    'unsafe path': () => cpSync(join(NOT_OK, 'unsafe-path', 'rules'), rulesDir, { recursive: true }),
    'unknown operator': () => cpSync(join(NOT_OK, 'unknown-operator', 'rules'), rulesDir, { recursive: true }),
    'failing rule test': () =>
      writeFileSync(join(rulesDir, 'tests', 'other', 'zz-broken.json'), JSON.stringify({ facts: requiredFacts(shippedStandard()), expect: { grade: 'fiveStar' } })),
  };
  return { restore, otherWith, broken };
}

describe('safe reload (sqlite)', () => {
  let api: RunningApi;
  let states: ReturnType<typeof rulesStates>;

  beforeAll(async () => {
    const dirs = rulesCopy();
    states = rulesStates(dirs.rulesDir);
    states.restore();
    api = await startApi('sqlite', { RULES_DIR: dirs.rulesDir });
  });
  afterAll(async () => api.close());

  const hashes = async () => (await as(api.url, 'viewer').get('/rulesets/status').expect(200)).body.editions[0].rulesets.map((r: { hash: string }) => r.hash);
  const preview = async () => (await as(api.url, 'viewer').post('/evaluations/preview', { category: 'other', facts: guarantee.facts }).expect(200)).body;

  it('refuses each broken set with every issue named; the good set stays in force and evaluations are unchanged', async () => {
    const before = await preview();
    const good = await hashes();
    const expected: Record<string, [string, RegExp]> = {
      'bad JSON': ['rulesetInvalid', /rules\/other\.json/],
      'unsafe path': ['rulesetInvalid', /rules\/other\.json/],
      'unknown operator': ['rulesetInvalid', /rules\/other\.json/],
      'failing rule test': ['ruleTestsFailed', /rules\/tests\/other\/zz-broken\.json/],
    };
    for (const [name, breakIt] of Object.entries(states.broken)) {
      breakIt();
      const errors = captureErrorLogs();
      const res = await Promise.resolve(as(api.url, 'admin').post('/rulesets/reload').expect(422)).finally(errors.restore);
      expect([name, res.body.code]).toEqual([name, expected[name][0]]);
      expect(res.body.details.map((d: { file: string }) => d.file).join(' ')).toMatch(expected[name][1]);
      // The server log says the same: not loaded, the rules in force stay, and the file at fault.
      expect(errors.lines[0]).toContain('[StandardService] rules not loaded (admin); the rules in force stay');
      expect(errors.lines.slice(1).join('\n')).toMatch(expected[name][1]);
      const status = (await as(api.url, 'viewer').get('/rulesets/status').expect(200)).body;
      expect(status.lastAttempt).toMatchObject({ ok: false, trigger: 'admin', error: { code: expected[name][0] } });
      expect(await hashes()).toEqual(good);
      expect(await preview()).toEqual(before);
      states.restore();
    }
    await as(api.url, 'admin').post('/rulesets/reload').expect(200);
    expect(await hashes()).toEqual(good);
  });

  it('50 reloads alternating good and bad while evaluations run: every stored evaluation names a hash that was in force', async () => {
    const agencyId = await createAgency(api.url, 'other');
    const submissions: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period: `20${30 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}`, facts: guarantee.facts }).expect(201);
      submissions.push(res.body.id);
    }
    const inForce = new Set<string>(await hashes());
    const brokenKinds = Object.values(states.broken);
    const errors = captureErrorLogs();
    let reloading = true;
    const reloads = (async () => {
      for (let i = 0; i < 50; i++) {
        if (i % 2 === 0) {
          states.restore();
          states.otherWith(i % 4 === 0 ? [0.6, 0.3, 0.1] : [0.5, 0.25, 0.25]);
          await as(api.url, 'admin').post('/rulesets/reload').expect(200);
          for (const h of await hashes()) inForce.add(h);
        } else {
          brokenKinds[i % brokenKinds.length]();
          await as(api.url, 'admin').post('/rulesets/reload').expect(422);
        }
      }
      reloading = false;
    })();
    const evaluated: { id: string; hash: string }[] = [];
    let k = 0;
    while (reloading || k < submissions.length) {
      const res = await as(api.url, 'assessor').post('/evaluations', { submissionId: submissions[k % submissions.length] }).expect(201);
      evaluated.push({ id: res.body.id, hash: res.body.ruleset.hash });
      k++;
    }
    await reloads.finally(errors.restore);
    // Each of the 25 broken sets was refused and logged as such.
    expect(errors.lines.filter((l) => l.includes('rules not loaded (admin); the rules in force stay'))).toHaveLength(25);
    expect(evaluated.length).toBeGreaterThanOrEqual(submissions.length);
    const otherHashes = new Set(evaluated.map((e) => e.hash));
    expect(otherHashes.size).toBeGreaterThan(1); // evaluations did run under more than one set
    for (const e of evaluated) expect(inForce).toContain(e.hash);
    states.restore();
    await as(api.url, 'admin').post('/rulesets/reload').expect(200);
  });

  it('reproduces a stored evaluation exactly from its ruleset snapshot', async () => {
    const agencyId = await createAgency(api.url, 'professional');
    const sub = await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period: '2026', facts: guarantee.facts }).expect(201);
    const ev = await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);
    // the rules change after the evaluation: the reproduction still uses the snapshot it names
    states.otherWith([0.5, 0.25, 0.25]);
    await as(api.url, 'admin').post('/rulesets/reload').expect(200);
    const res = await as(api.url, 'viewer').get(`/evaluations/${ev.body.id}/reproduce`).expect(200);
    expect(res.body).toMatchObject({ identical: true, differences: [], rulesetHash: ev.body.ruleset.hash, reproducedHash: ev.body.ruleset.hash, stored: { total: 82.4, grade: 'fourStar' }, reproduced: { total: 82.4, grade: 'fourStar' } });
    // The row records the engine that produced it (the default, compiled); either engine reproduces it identically.
    expect(ev.body.engine).toBe('compiled');
    expect(res.body).toMatchObject({ storedEngine: 'compiled', engine: 'compiled' });
    const onJre = await as(api.url, 'viewer').get(`/evaluations/${ev.body.id}/reproduce?engine=jre`).expect(200);
    expect(onJre.body).toMatchObject({ storedEngine: 'compiled', engine: 'jre', identical: true, differences: [], reproduced: { total: 82.4, grade: 'fourStar' } });
    const bad = await as(api.url, 'viewer').get(`/evaluations/${ev.body.id}/reproduce?engine=fast`).expect(400);
    expect(JSON.stringify(bad.body)).toContain('engine');
    states.restore();
    await as(api.url, 'admin').post('/rulesets/reload').expect(200);
  });
});

describe('editions and start-up', () => {
  it('refuses to start with broken rules, listing the issues', async () => {
    const dirs = copyShipped();
    cpSync(join(NOT_OK, 'unknown-operator', 'rules'), dirs.rulesDir, { recursive: true });
    const db = await freshDatabase('sqlite');
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', RULES_DIR: dirs.rulesDir, ...db.env });
    const errors = captureErrorLogs();
    const started = createApp(config).then(async (app) => {
      await app.init();
      await app.close();
      return 'started';
    });
    await expect(started).rejects.toBeInstanceOf(RulesetInvalidError);
    errors.restore();
    await expect(started).rejects.toMatchObject({ issues: [expect.objectContaining({ file: 'rules/other.json' })] });
    expect(errors.lines).toEqual([
      expect.stringContaining('[StandardService] rules not loaded (start-up); no rules in force'),
      expect.stringMatching(/rules\/other\.json#\/indicators\/staffSize\/.*unknown operator "greaterThen"/),
    ]);
    await db.drop();
  });

  // With an evaluation thread, the main edition's periods are stored on the thread and the other edition's here.
  it.each(['0', '1'])('runs a period on the edition in force when it began, and both editions side by side in a transition window (EVAL_THREADS=%s)', async (threads) => {
    const dirs = rulesCopy();
    const base = JSON.parse(readFileSync(join(dirs.rulesDir, 'base.json'), 'utf8'));
    writeFileSync(join(dirs.rulesDir, 'base.json'), JSON.stringify({ ...base, effectiveTo: '2027-06-30' }));
    const next = join(dirs.rulesDir, 'editions', '2027');
    mkdirSync(next, { recursive: true });
    for (const f of ['base.json', ...CATEGORY_IDS.map((c) => `${c}.json`)]) cpSync(join(dirs.rulesDir, f), join(next, f));
    const grades = base.grades.map((g: { id: string; min: number; max: number }) => (g.id === 'fourStar' ? { ...g, min: 85 } : g.id === 'threeStar' ? { ...g, max: 85 } : g));
    writeFileSync(join(next, 'base.json'), JSON.stringify({ ...base, version: '2.0.0', effectiveFrom: '2027-01-01', effectiveTo: null, grades, standard: { ...base.standard, edition: '2027' } }));
    const api = await startApi('sqlite', { RULES_DIR: dirs.rulesDir, EVAL_THREADS: threads });
    try {
      const side = await as(api.url, 'viewer').post('/evaluations/preview/editions', { category: 'professional', facts: guarantee.facts, period: '2027-Q1' }).expect(200);
      expect(side.body.editions.map((e: { version: string; result: { total: number; grade: string } }) => [e.version, e.result.total, e.result.grade])).toEqual([
        ['2.0.0', 82.4, 'threeStar'],
        ['1.0.0', 82.4, 'fourStar'],
      ]);
      const agencyId = await createAgency(api.url, 'professional');
      const grades: Record<string, string> = {};
      for (const period of ['2026-H2', '2027-H2']) {
        const sub = await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period, facts: guarantee.facts }).expect(201);
        const ev = await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201);
        grades[period] = `${ev.body.ruleset.version} ${ev.body.grade}`;
      }
      expect(grades).toEqual({ '2026-H2': '1.0.0 fourStar', '2027-H2': '2.0.0 threeStar' });
    } finally {
      await api.close();
    }
  });

  it('reloads by itself when a rules file changes', async () => {
    const dirs = rulesCopy();
    const api = await startApi('sqlite', { RULES_DIR: dirs.rulesDir, RULES_WATCH: 'true' });
    try {
      const status = async () => (await as(api.url, 'viewer').get('/rulesets/status').expect(200)).body;
      const before = (await status()).editions[0].rulesets.find((r: { category: string }) => r.category === 'other').hash;
      const other = JSON.parse(readFileSync(join(dirs.rulesDir, 'other.json'), 'utf8'));
      writeFileSync(join(dirs.rulesDir, 'other.json'), JSON.stringify({ ...other, weights: { nodes: { clientSatisfaction: 0.5, serviceValue: 0.25, honors: 0.25 } } }));
      let after = before;
      for (let i = 0; i < 100 && after === before; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = (await status()).editions[0].rulesets.find((r: { category: string }) => r.category === 'other').hash;
      }
      expect(after).not.toBe(before);
      expect((await status()).lastAttempt).toMatchObject({ ok: true, trigger: 'file change' });
    } finally {
      await api.close();
    }
  });
});
