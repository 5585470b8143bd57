import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AgenciesModule } from './agencies/agencies.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CandidatesModule } from './candidates/candidates.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { CriteriaModule } from './criteria/criteria.module.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { StoredResultsModule } from './evaluations/stored-results.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { PagesModule } from './pages/pages.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RulesetsModule } from './rulesets/rulesets.module.js';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module.js';
import { SubmissionsModule } from './submissions/submissions.module.js';
import { WorkbenchModule } from './workbench/workbench.module.js';

/** The evaluation service, built from a configuration validated beforehand. */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AuthModule,
        IdempotencyModule,
        JobsModule,
        RulesetsModule,
        CandidatesModule,
        CriteriaModule,
        AgenciesModule,
        SubmissionsModule,
        EvaluationsModule,
        StoredResultsModule,
        HealthModule,
        PagesModule,
        ReportsModule,
        RegistryModule,
        WorkbenchModule,
        DashboardModule,
        SpreadsheetsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
