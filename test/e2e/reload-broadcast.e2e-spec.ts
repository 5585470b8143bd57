/**
 * Reloads across instances: an admin reload on instance A reaches B and C (separate processes on one PostgreSQL,
 * each reading the same rules folder), GET /rulesets/status lists the hash each serves, and every evaluation
 * stored meanwhile names a hash that was in force. The time B and C took is printed (not a pass condition).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExample } from '../support/standard.js';
import { instanceEnv, spawnInstance, type Instance } from './instances.js';
import { StandardService } from '../../src/rulesets/standard.service.js';
import { captureErrorLogs } from '../support/logs.js';
import { as, createAgency, freshDatabase, startApi } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('a reload on one of three instances (PostgreSQL)', () => {
  const instances: Instance[] = [];
  let drop: (() => Promise<void>) | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sme-reload-'));
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches B and C, and every evaluation names a hash that was in force', async () => {
    const rulesDir = join(dir, 'rules');
    cpSync(join(ROOT, 'rules'), rulesDir, { recursive: true });
    const db = await freshDatabase('postgres');
    drop = db.drop;
    const env = instanceEnv(db.env, { RULES_DIR: rulesDir, RULES_WATCH: 'false' });
    for (const name of ['A', 'B', 'C']) instances.push(await spawnInstance(name, env));
    await Promise.all(instances.map((i) => i.ready()));
    const [a, b, c] = instances;
    const hashOn = async (i: Instance) => (await as(i.url, 'viewer').get('/rulesets/other').expect(200)).body.hash as string;
    const before = await hashOn(a);

    const example = readExample('other-consulting');
    const agency = await createAgency(a.url, 'other');
    const subs: string[] = [];
    for (let i = 0; i < 4; i++) subs.push((await as(a.url, 'assessor').post(`/agencies/${agency}/submissions`, { period: `202${6 + i}`, facts: example.facts }).expect(201)).body.id);

    // Evaluations keep arriving on B and C while A reloads.
    let stop = false;
    const stored: string[] = [];
    const load = [b, c].map(async (i) => {
      for (let n = 0; !stop; n++) {
        const res = await as(i.url, 'assessor').post('/evaluations', { submissionId: subs[n % subs.length] }).expect(201);
        stored.push(res.body.ruleset.hash);
      }
    });

    const file = join(rulesDir, 'other.json');
    const rules = JSON.parse(readFileSync(file, 'utf8'));
    rules.note.en += ' (revised)';
    writeFileSync(file, JSON.stringify(rules, null, 2));
    const reloaded = await as(a.url, 'admin').post('/rulesets/reload').expect(200);
    const started = Date.now();
    const after = reloaded.body.editions[0].rulesets.find((r: { category: string }) => r.category === 'other').hash;
    expect(after).not.toBe(before);
    const reachedMs: Record<string, number> = {};
    while (Object.keys(reachedMs).length < 2 && Date.now() - started < 30_000) {
      for (const i of [b, c]) if (!reachedMs[i.name] && (await hashOn(i)) === after) reachedMs[i.name] = Date.now() - started;
      await new Promise((r) => setTimeout(r, 50));
    }
    stop = true;
    await Promise.all(load);
    console.log(JSON.stringify({ reloadReachedMs: reachedMs }));
    expect(Object.keys(reachedMs).sort()).toEqual(['B', 'C']);
    expect(stored.length).toBeGreaterThan(0);
    expect([...new Set(stored)].filter((h) => h !== before && h !== after)).toEqual([]);

    const status = (await as(a.url, 'viewer').get('/rulesets/status').expect(200)).body;
    expect(status.instance).toBe('A');
    expect(status.instances.map((i: { name: string; hashes: Record<string, string> }) => [i.name, i.hashes.other])).toEqual([
      ['A', after],
      ['B', after],
      ['C', after],
    ]);
  }, 300_000);
});

describe('a step after the swap that fails', () => {
  it('leaves the new set in force, and the status says so with the failure as a warning', async () => {
    const api = await startApi('sqlite');
    const errors = captureErrorLogs();
    try {
      api.app.get(StandardService).onReload(async () => {
        throw new Error('listener broke');
      });
      const res = await as(api.url, 'admin').post('/rulesets/reload').expect(200);
      expect(res.body.lastAttempt).toMatchObject({ ok: true, trigger: 'admin', warnings: ['listener broke'] });
      expect(res.body.loadedAt).toBe(res.body.lastAttempt.at);
      expect(errors.lines).toEqual([expect.stringContaining('after the reload (admin): listener broke')]);
    } finally {
      errors.restore();
      await api.close();
    }
  });
});
