import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database.options.js';
import { MIGRATIONS } from '../../src/database/migrations.js';
import { freshDatabase, type DbKind } from './support.js';

/** The immich check: after the real migrations, generating a migration from the entities yields nothing. */
describe.each<DbKind>(['sqlite', 'postgres'])('migrations on %s', (kind) => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await freshDatabase(kind);
    drop = db.drop;
    const config = db.env.DATABASE_URL ? { type: 'postgres' as const, url: db.env.DATABASE_URL } : { type: 'sqlite' as const, path: db.env.SQLITE_PATH };
    ds = new DataSource(databaseOptions(config));
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('creates the schema, and the entities need no further migration', async () => {
    const before = await ds.driver.createSchemaBuilder().log();
    expect(before.upQueries.length).toBeGreaterThan(0);
    const applied = await ds.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    expect(applied[0].name).toMatch(/^Initial\d{13}$/);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('undoes cleanly and applies again', async () => {
    // Every migration undone, newest first (each later one only adds to the schema the earlier ones made).
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    expect(await ds.createQueryRunner().getTables(['jobs'])).toEqual([]);
    expect(await ds.createQueryRunner().getTables(['ruleset_candidates', 'impact_jobs'])).toEqual([]);
    const tables = await ds.createQueryRunner().getTables(['agencies', 'evaluations']);
    expect(tables).toEqual([]);
    await ds.runMigrations();
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});

/** The impact runs recorded before the job system move into `jobs`; one interrupted by the upgrade is failed with that reason. */
describe.each<DbKind>(['sqlite', 'postgres'])('the jobs migration on %s', (kind) => {
  it('moves impact runs into jobs', async () => {
    const db = await freshDatabase(kind);
    const config = db.env.DATABASE_URL ? { type: 'postgres' as const, url: db.env.DATABASE_URL } : { type: 'sqlite' as const, path: db.env.SQLITE_PATH };
    const upToCandidates = MIGRATIONS.findIndex((M) => new M().name.startsWith('CommitteeCandidates')) + 1;
    const before = new DataSource({ ...databaseOptions(config), migrations: MIGRATIONS.slice(0, upToCandidates) });
    await before.initialize();
    await before.runMigrations();
    await before.query(`INSERT INTO "ruleset_candidates" ("id", "name", "files", "hashes", "created_by", "created_at") VALUES ('c1', 'R1', '{}', '{}', 'admin', '2026-01-01T00:00:00.000Z')`);
    await before.query(`INSERT INTO "impact_jobs" ("id", "candidate_id", "status", "done", "total", "report", "error", "created_by", "created_at", "finished_at") VALUES
      ('j1', 'c1', 'done', 4, 4, '{"mostAffected":[]}', NULL, 'admin', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z'),
      ('j2', 'c1', 'running', 1, 4, NULL, NULL, 'admin', '2026-01-01T00:00:03.000Z', NULL)`);
    await before.destroy();
    const after = new DataSource(databaseOptions(config));
    await after.initialize();
    try {
      await after.runMigrations();
      const rows: Record<string, unknown>[] = await after.query(`SELECT "id", "kind", "subject", "payload", "status", "done", "total", "result", "error" FROM "jobs" ORDER BY "id"`);
      expect(rows.map((r) => [r.id, r.kind, r.subject, JSON.parse(r.payload as string), r.status, Number(r.done), Number(r.total), r.result])).toEqual([
        ['j1', 'impact', 'c1', { candidateId: 'c1' }, 'done', 4, 4, '{"mostAffected":[]}'],
        ['j2', 'impact', 'c1', { candidateId: 'c1' }, 'failed', 1, 4, null],
      ]);
      expect(JSON.parse(rows[1].error as string)).toMatchObject({ code: 'jobInterrupted' });
      expect(await after.createQueryRunner().getTables(['impact_jobs'])).toEqual([]);
    } finally {
      await after.destroy();
      await db.drop();
    }
  });
});
