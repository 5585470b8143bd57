import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';

/** TypeORM options for the configured database; migrations are listed by class and never synchronised. */
export function databaseOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
  } as const;
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, extra: { max: 10 } };
  }
  mkdirSync(dirname(db.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    enableWAL: true,
    timeout: 5000,
  };
}
