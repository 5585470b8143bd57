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
    expect(await ds.createQueryRunner().getTables(['ruleset_candidates', 'impact_jobs'])).toEqual([]);
    const tables = await ds.createQueryRunner().getTables(['agencies', 'evaluations']);
    expect(tables).toEqual([]);
    await ds.runMigrations();
    expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
