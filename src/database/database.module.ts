import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { databaseOptions } from './database.options.js';
import { Db } from './db.service.js';
import { migrate } from './migrate.js';

/** TypeORM on SQLite or PostgreSQL, migrations applied at start-up (under an advisory lock on PostgreSQL), and the {@link Db} access service. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...databaseOptions(config.database), migrationsRun: false, retryAttempts: 1 }),
      // Migrations run here, under PostgreSQL's advisory lock, before any service uses the connection.
      dataSourceFactory: async (options) => {
        const ds = await new DataSource(options!).initialize();
        await migrate(ds);
        return ds;
      },
    }),
  ],
  providers: [Db],
  exports: [Db],
})
export class DatabaseModule {}
