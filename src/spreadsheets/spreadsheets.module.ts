import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ExportJobsService } from '../exports/export-jobs.service.js';
import { ExportsController } from '../exports/exports.controller.js';
import { ImportJobsService } from '../imports/import-jobs.service.js';
import { ImportsController } from '../imports/imports.controller.js';
import { JobFilesService } from '../job-files/job-files.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { SpreadsheetParser } from './spreadsheet-parser.js';
import { SpreadsheetsController, XLSX } from './spreadsheets.controller.js';
import { EvaluationExportsService } from './evaluation-exports.service.js';
import { SpreadsheetsService } from './spreadsheets.service.js';

/**
 * Spreadsheets: evaluations out (CSV, XLSX), the fact template out, filled templates in; and the same imports and
 * exports as jobs (src/imports, src/exports), their files kept in the database (src/job-files).
 */
@Module({
  controllers: [SpreadsheetsController, ImportsController, ExportsController],
  providers: [SpreadsheetsService, EvaluationExportsService, SubmissionsService, SpreadsheetParser, JobFilesService, ImportJobsService, ExportJobsService],
})
export class SpreadsheetsModule implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** XLSX uploads arrive as raw bytes (within the configured body limit). */
  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(XLSX)) return;
    fastify.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: this.config.bodyLimitBytes }, (_req, body, done) => done(null, body));
  }
}
