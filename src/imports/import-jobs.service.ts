import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobFilesService } from '../job-files/job-files.service.js';
import type { Job } from '../jobs/job.entity.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { SpreadsheetsService, type ImportReport } from '../spreadsheets/spreadsheets.service.js';
import { checkZip } from '../spreadsheets/stream-facts.js';

/** The job kind of a spreadsheet import. */
export const IMPORT = 'import';

interface ImportPayload {
  fileId: string;
  principal: string;
  acceptValid: boolean;
}

/** An import job as the API shows it. */
export interface ImportJobView {
  id: string;
  status: Job['status'];
  progress: { done: number; total: number; percent: number };
  acceptValid: boolean;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  report: ImportReport | null;
  error: unknown;
}

/**
 * Spreadsheet imports as jobs of the job system: the upload is kept in the database (any instance runs the job),
 * the job reads it exactly as the synchronous import does (POST /spreadsheets/facts: every cell checked on a worker
 * thread, then each row's agency and facts), and stores each row's submission under an idempotency key of the job
 * and the row, so a job taken over after its instance stopped does not store a row twice. Its report is the
 * synchronous import's answer; a file with errors (without acceptValid) fails the job with the same 422 body.
 */
@Injectable()
export class ImportJobsService implements OnModuleInit {
  private readonly logger = new Logger(ImportJobsService.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly files: JobFilesService,
    private readonly sheets: SpreadsheetsService,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ImportPayload, ImportReport>(IMPORT, (ctx) => this.run(ctx.id, ctx.payload, ctx.progress));
  }

  /**
   * Keeps the upload and queues its import (a file that is not a workbook, or inflates too far, is refused at once).
   * A retry with the same Idempotency-Key and file gets the first answer and queues nothing (the upload of a retry
   * that raced the first is left to JOB_FILE_TTL).
   */
  async start(file: Buffer, principal: string, acceptValid: boolean, idem?: IdempotencyContext): Promise<ImportJobView> {
    const { maxRows, maxCells, maxUncompressedBytes } = this.config.spreadsheet;
    const refused = checkZip(file, { maxRows, maxCells, maxUncompressedBytes });
    if (refused) throw new ApiError(refused.status, refused.code, refused.message);
    const fileId = randomUUID();
    return this.idempotency.execute(
      idem,
      () => this.files.store(fileId, file),
      async (m) => view(await this.jobs.enqueue(IMPORT, { fileId, principal, acceptValid }, { subject: fileId, createdBy: principal }, m)),
    );
  }

  async get(id: string): Promise<ImportJobView> {
    const job = await this.jobs.get(id);
    if (!job || job.kind !== IMPORT) throw ApiError.notFound({ zh: '导入任务', en: 'import job' }, id);
    return view(job);
  }

  private async run(jobId: string, p: ImportPayload, progress: (done: number, total: number) => Promise<void>): Promise<ImportReport> {
    const file = await this.files.read(p.fileId);
    if (!file) throw new ApiError(410, 'uploadExpired', { zh: '上传的文件已过期删除，请重新上传', en: 'The uploaded file has expired and was deleted; upload it again' });
    let report: ImportReport;
    try {
      report = await this.sheets.import(file, p.principal, p.acceptValid, { rowKey: (sheet, row) => `import-job:${jobId}:${sheet}:${row}`, progress });
    } catch (e) {
      // A refusal of the file (422 with its errors…) is the job's outcome: the upload is no longer needed. Any other
      // failure (the database going away as the instance stops) keeps it for a start again; JOB_FILE_TTL removes it.
      if (e instanceof ApiError) await this.dropUpload(p.fileId);
      throw e;
    }
    this.logger.log(`import job ${jobId}: ${report.stored.length} stored, ${report.errors.length} error(s)`);
    await this.dropUpload(p.fileId);
    return report;
  }

  private async dropUpload(fileId: string): Promise<void> {
    await this.files.remove(fileId).catch((e: Error) => this.logger.warn(`upload ${fileId} not removed: ${e.message}`));
  }
}

function view(job: Job): ImportJobView {
  return {
    id: job.id,
    status: job.status,
    progress: { done: job.done, total: job.total, percent: job.total === 0 ? 0 : Math.round((job.done / job.total) * 100) },
    acceptValid: (job.payload as unknown as ImportPayload).acceptValid,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    report: job.status === 'done' ? (job.result as ImportReport) : null,
    error: job.error ?? null,
  };
}
