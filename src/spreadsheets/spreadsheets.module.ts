import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { SpreadsheetParser } from './spreadsheet-parser.js';
import { SpreadsheetsController, XLSX } from './spreadsheets.controller.js';
import { SpreadsheetsService } from './spreadsheets.service.js';

/** Spreadsheets: evaluations out (CSV, XLSX), the fact template out, filled templates in. */
@Module({ controllers: [SpreadsheetsController], providers: [SpreadsheetsService, SubmissionsService, SpreadsheetParser] })
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
