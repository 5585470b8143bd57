import type { DataSource } from 'typeorm';

/**
 * The PostgreSQL advisory lock every instance takes before migrating: one constant of the service (the bytes of
 * "sme-eval"), so instances started together migrate one after the other and the later ones find nothing to do.
 */
export const MIGRATION_LOCK = '8317415332473364844';

/**
 * Applies pending migrations, all in one transaction. On PostgreSQL it first takes {@link MIGRATION_LOCK} on a
 * connection of its own and keeps it until the migrations are done, so any number of instances can start at once
 * on an empty database (without it, two of them race on `CREATE TABLE` and one exits). SQLite needs no lock: its
 * writes are already serialised by the file's own lock.
 */
export async function migrate(ds: DataSource): Promise<void> {
  if (ds.options.type !== 'postgres') {
    await ds.runMigrations({ transaction: 'all' });
    return;
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'all' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
