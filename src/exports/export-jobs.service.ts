import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobFilesService } from '../job-files/job-files.service.js';
import type { Job } from '../jobs/job.entity.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { XLSX } from '../spreadsheets/spreadsheets.controller.js';
import { EvaluationExportsService, type ExportFilter } from '../spreadsheets/evaluation-exports.service.js';

/** The job kind of an export. */
export const EXPORT = 'export';

export type ExportFormat = 'csv' | 'xlsx';

interface ExportPayload extends ExportFilter {
  format: ExportFormat;
}

/** What a finished export job made. */
export interface ExportResult {
  format: ExportFormat;
  filename: string;
  contentType: string;
  bytes: number;
  evaluations: number;
  /** When the file is deleted (JOB_FILE_TTL after it was written). */
  expiresAt: string;
}

/** An export job as the API shows it. */
export interface ExportJobView {
  id: string;
  status: Job['status'];
  progress: { done: number; total: number; percent: number };
  format: ExportFormat;
  filters: ExportFilter;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  result: ExportResult | null;
  error: unknown;
}

const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', xlsx: XLSX };

/**
 * Exports as jobs of the job system: the same streamed CSV or XLSX as GET /spreadsheets/evaluations.csv|.xlsx,
 * written part by part into the database under the job's id (so any instance serves the file), kept for
 * JOB_FILE_TTL. Progress counts the evaluations written (the XLSX writes each three times: the wide sheet, the
 * indicator sheet and the fact sheets). A job started again writes its file again from the start.
 */
@Injectable()
export class ExportJobsService implements OnModuleInit {
  private readonly logger = new Logger(ExportJobsService.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly files: JobFilesService,
    private readonly sheets: EvaluationExportsService,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ExportPayload, ExportResult>(EXPORT, (ctx) => this.run(ctx.id, ctx.payload, ctx.progress));
  }

  /** Queues an export (an unknown category is refused at once); a retry with the same Idempotency-Key gets the first answer. */
  async start(format: ExportFormat, filter: ExportFilter, principal: string, idem?: IdempotencyContext): Promise<ExportJobView> {
    await this.sheets.count(filter);
    const payload: ExportPayload = { format, ...(filter.category ? { category: filter.category } : {}), ...(filter.period ? { period: filter.period } : {}) };
    return this.idempotency.execute(idem, async () => undefined, async (m) => view(await this.jobs.enqueue(EXPORT, { ...payload }, { createdBy: principal }, m)));
  }

  async get(id: string): Promise<ExportJobView> {
    return view(await this.find(id));
  }

  /** The finished export's file as a stream, with its name and type: 409 before it is done, 410 once deleted. */
  async file(id: string): Promise<{ stream: Readable; result: ExportResult }> {
    const job = await this.find(id);
    if (job.status === 'failed') throw new ApiError(409, 'exportFailed', { zh: '导出任务失败，没有文件（原因见任务）', en: 'The export job failed and has no file (see the job for why)' });
    if (job.status !== 'done') throw new ApiError(409, 'exportNotReady', { zh: '导出尚未完成，请稍后再取', en: 'The export is not finished yet; fetch the file once the job is done' });
    if (!(await this.files.exists(id))) throw new ApiError(410, 'exportExpired', { zh: '导出文件已过期删除，请重新导出', en: 'The export file has expired and was deleted; export again' });
    return { stream: this.files.stream(id), result: job.result as ExportResult };
  }

  private async find(id: string): Promise<Job> {
    const job = await this.jobs.get(id);
    if (!job || job.kind !== EXPORT) throw ApiError.notFound({ zh: '导出任务', en: 'export job' }, id);
    return job;
  }

  private async run(jobId: string, p: ExportPayload, progress: (done: number, total: number) => Promise<void>): Promise<ExportResult> {
    const filter: ExportFilter = { category: p.category, period: p.period };
    const evaluations = await this.sheets.count(filter);
    const total = p.format === 'xlsx' ? evaluations * 3 : evaluations;
    let done = 0;
    await progress(0, total);
    const onRows = (n: number) => void progress((done += n), total);
    const stream = p.format === 'xlsx' ? await this.sheets.exportXlsx(filter, undefined, onRows) : await this.sheets.exportCsv(filter, undefined, onRows);
    let bytes: number;
    try {
      bytes = await this.files.store(jobId, stream);
    } catch (e) {
      // a failed job has no file: the parts written so far go (a start again writes the file from the start anyway)
      await this.files.remove(jobId).catch(() => undefined);
      throw e;
    }
    this.logger.log(`export job ${jobId}: ${evaluations} evaluations, ${p.format}, ${bytes} bytes`);
    return {
      format: p.format,
      filename: `evaluations.${p.format}`,
      contentType: CONTENT_TYPES[p.format],
      bytes,
      evaluations,
      expiresAt: new Date(Date.now() + this.config.jobFileTtlSeconds * 1000).toISOString(),
    };
  }
}

function view(job: Job): ExportJobView {
  const p = job.payload as unknown as ExportPayload;
  return {
    id: job.id,
    status: job.status,
    progress: { done: job.done, total: job.total, percent: job.total === 0 ? 0 : Math.round((job.done / job.total) * 100) },
    format: p.format,
    filters: { ...(p.category ? { category: p.category } : {}), ...(p.period ? { period: p.period } : {}) },
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    result: job.status === 'done' ? (job.result as ExportResult) : null,
    error: job.error ?? null,
  };
}
