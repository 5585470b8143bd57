import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../src/database/migrations.js';
import { instanceEnv, spawnInstance, type Instance } from './instances.js';
import { as, freshDatabase } from './support.js';

/** Separate `node dist/src/main.js` processes on one PostgreSQL database (the embedded one of the test run). */
describe('several instances on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let instances: Instance[] = [];
  beforeAll(async () => {
    db = await freshDatabase('postgres');
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await db.drop();
  });

  it('10 instances started at once on an empty database: all 10 migrate (one at a time) and serve', async () => {
    instances = await Promise.all(Array.from({ length: 10 }, (_, i) => spawnInstance(`i${i}`, instanceEnv(db.env))));
    const outcomes = await Promise.allSettled(instances.map((i) => i.ready(240_000)));
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${instances[i].name}: ${String(o.reason)}`] : []));
    expect(failed).toEqual([]);
    for (const i of instances) await as(i.url, 'viewer').get('/rulesets').expect(200);
    const ds = await new DataSource({ type: 'postgres', url: db.env.DATABASE_URL }).initialize();
    try {
      const rows: { name: string }[] = await ds.query('SELECT name FROM migrations ORDER BY id');
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    } finally {
      await ds.destroy();
    }
  }, 300_000);
});
