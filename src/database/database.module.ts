import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { databaseOptions } from './database.options.js';
import { Db } from './db.service.js';

/** TypeORM on SQLite or PostgreSQL, migrations applied at start-up, and the {@link Db} access service. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...databaseOptions(config.database), migrationsRun: true, retryAttempts: 1 }),
    }),
  ],
  providers: [Db],
  exports: [Db],
})
export class DatabaseModule {}
