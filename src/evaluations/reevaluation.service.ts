import { Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CoreError, type CompactResult, type Evaluator } from '../core/index.js';
import { comparePeriods } from '../committee/editions.js';
import { ApiError } from '../common/api-error.js';
import { rawQuery } from '../database/raw-sql.js';
import { Db } from '../database/db.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { Job } from '../jobs/job.entity.js';
import type { Evaluation } from './evaluation.entity.js';
import { evaluationRow } from './evaluation-rows.js';
import { EvaluationsRepository } from './evaluations.repository.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';

/** How far a re-evaluation is: agencies scored so far, of how many. */
export type ReevaluationProgress = (done: number, total: number) => void;

/** What a re-evaluation did. */
export interface ReevaluationReport {
  /** Agencies with a submission (each is re-evaluated on its latest one). */
  agencies: number;
  /** New evaluations stored (under the ruleset hash in force for their period). */
  stored: number;
  /** Already evaluated under that ruleset hash: nothing stored. */
  unchanged: number;
  /** Agencies that could not be evaluated (first 100), with the reason. */
  failed: { agencyId: string; submissionId: string; code: string; message: string }[];
  failedTotal: number;
  /** The ruleset hash of each category's main edition after the run. */
  hashes: Record<string, string>;
  ms: number;
}

interface LatestRow {
  id: string;
  agency_id: string;
  period: string;
  version: number;
  facts: string;
  facts_hash: string;
  evaluated_at: string | null;
  category: string;
}

/** The job kind of a re-evaluation of every agency. */
export const REEVALUATE = 'reevaluate';

/** Rows stored per transaction. */
const CHUNK = 500;
/** Submissions read per page. */
const PAGE = 5000;

/**
 * Re-evaluates every agency after a revision of the rules: each agency's latest submission (latest period, latest
 * correction) is scored by the compiled engine under the edition in force for its period, and stored as a new
 * evaluation under the new ruleset hash. An agency already evaluated under that hash is left as it is, so running
 * it twice stores nothing the second time.
 */
@Injectable()
export class ReevaluationService implements OnModuleInit {
  private readonly logger = new Logger(ReevaluationService.name);

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    /** Absent in the CLI, which runs the re-evaluation itself. */
    @Optional() private readonly jobs?: JobsService,
    @Optional() private readonly idempotency?: IdempotencyService,
  ) {}

  onModuleInit(): void {
    this.jobs?.define<{ principal: string }, ReevaluationReport>(REEVALUATE, (ctx) => this.reevaluateAll(ctx.payload.principal, (done, total) => void ctx.progress(done, total)));
  }

  /** Queues a re-evaluation of every agency as a job (any instance runs it); answers at once with the job to poll. */
  async start(principal: string, idem?: IdempotencyContext): Promise<ReevaluationJobView> {
    const { jobs, idempotency } = this;
    if (!jobs || !idempotency) throw new Error('the job system is not running');
    return idempotency.execute(idem, async () => undefined, async (m) => jobView(await jobs.enqueue(REEVALUATE, { principal }, { createdBy: principal }, m)));
  }

  /** A re-evaluation job's progress and, once done, its report. */
  async job(id: string): Promise<ReevaluationJobView> {
    const job = await this.jobs?.get(id);
    if (!job || job.kind !== REEVALUATE) throw ApiError.notFound({ zh: '重新评价任务', en: 're-evaluation job' }, id);
    return jobView(job);
  }

  async reevaluateAll(principal: string, onProgress?: ReevaluationProgress): Promise<ReevaluationReport> {
    const started = Date.now();
    const active = this.standard.current;
    const latest = await this.latestSubmissions();
    const done = new Set(
      (await this.db.read((m) => rawQuery<{ submission_id: string; ruleset_hash: string }[]>(m, 'SELECT "submission_id", "ruleset_hash" FROM "evaluations"', []))).map(
        (r) => `${r.submission_id} ${r.ruleset_hash}`,
      ),
    );
    const report: ReevaluationReport = { agencies: latest.length, stored: 0, unchanged: 0, failed: [], failedTotal: 0, hashes: {}, ms: 0 };
    let batch: { row: Evaluation; json: string; evaluator: Evaluator; firstEvaluation: boolean }[] = [];
    const flush = async () => {
      const rows = batch;
      batch = [];
      if (rows.length === 0) return;
      await this.db.write(async (m) => {
        for (const r of rows) await EvaluationsRepository.insert(m, r.row, r.json, r.evaluator, r.firstEvaluation);
      });
      report.stored += rows.length;
    };
    for (let i = 0; i < latest.length; i++) {
      const s = latest[i];
      let compact: CompactResult;
      let evaluator: Evaluator;
      try {
        evaluator = active.editions.forPeriod(s.category, s.period).evaluator;
        compact = evaluator.compactNow(s.category, JSON.parse(s.facts));
      } catch (error) {
        report.failedTotal++;
        if (report.failed.length < 100) {
          const code = error instanceof CoreError ? error.code : 'error';
          report.failed.push({ agencyId: s.agency_id, submissionId: s.id, code, message: error instanceof Error ? error.message : String(error) });
        }
        continue;
      }
      const hash = compact.hash;
      if (done.has(`${s.id} ${hash}`)) report.unchanged++;
      else {
        done.add(`${s.id} ${hash}`);
        const submission = { id: s.id, agencyId: s.agency_id, period: s.period, factsHash: s.facts_hash };
        const row = evaluationRow(submission, compact, evaluator, { id: uuidv7(), principal, engine: 'compiled', now: new Date().toISOString() });
        batch.push({ row, json: JSON.stringify(compact), evaluator, firstEvaluation: s.evaluated_at === null });
        if (batch.length >= CHUNK) await flush();
      }
      if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1, latest.length);
    }
    await flush();
    onProgress?.(latest.length, latest.length);
    for (const category of active.evaluator.categories()) report.hashes[category] = active.evaluator.ruleset(category).hash;
    report.ms = Date.now() - started;
    this.logger.log(`re-evaluated ${report.agencies} agencies: ${report.stored} stored, ${report.unchanged} unchanged, ${report.failedTotal} failed (${report.ms} ms)`);
    return report;
  }

  /** Each agency's latest submission: its latest period, and the latest version (correction) of that period. */
  private async latestSubmissions(): Promise<LatestRow[]> {
    const latest = new Map<string, LatestRow>();
    for (let after = ''; ; ) {
      const page = await this.db.read((m) =>
        rawQuery<LatestRow[]>(
          m,
          'SELECT s."id", s."agency_id", s."period", s."version", s."facts", s."facts_hash", s."evaluated_at", a."category" ' +
            'FROM "fact_submissions" s JOIN "agencies" a ON a."id" = s."agency_id" WHERE s."id" > ? ORDER BY s."id" LIMIT ' + PAGE,
          [after],
        ),
      );
      for (const s of page) {
        const seen = latest.get(s.agency_id);
        const order = seen ? comparePeriods(s.period, seen.period) : 1;
        if (order > 0 || (order === 0 && Number(s.version) > Number(seen!.version))) latest.set(s.agency_id, s);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    return [...latest.values()].sort((a, b) => (a.agency_id < b.agency_id ? -1 : 1));
  }
}

/** A re-evaluation job as the API shows it. */
export interface ReevaluationJobView {
  id: string;
  status: Job['status'];
  progress: { done: number; total: number; percent: number };
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  report: ReevaluationReport | null;
  error: unknown;
}

function jobView(job: Job): ReevaluationJobView {
  return {
    id: job.id,
    status: job.status,
    progress: { done: job.done, total: job.total, percent: job.total === 0 ? 0 : Math.round((job.done / job.total) * 100) },
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    report: job.status === 'done' ? (job.result as ReevaluationReport) : null,
    error: job.error ?? null,
  };
}
