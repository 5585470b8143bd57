import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Calibration } from '../committee/calibration.js';
import { ImpactComparison } from '../committee/impact-comparison.js';
import { ImpactBase, type ImpactOptions, type ImpactReport, type StoredOutcome } from '../committee/impact.js';
import { ApiError } from '../common/api-error.js';
import { Evaluator } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { CandidatesService } from './candidates.service.js';
import { ImpactOutcomesStore } from './impact-outcomes.store.js';
import { Agency } from '../agencies/agency.entity.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { Job } from '../jobs/job.entity.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';

/** The job kind of impact runs. */
export const IMPACT = 'impact';
/** The job kind that stores every agency's outcomes under the rules in force (queued when the rules change). */
export const IMPACT_OUTCOMES = 'impact-outcomes';
/** How long after a reload its outcomes job is queued: the reload reaches every instance within 2 s. */
const OUTCOMES_DELAY_MS = 2500;

/**
 * Impact runs: every agency's latest submission re-scored under a candidate and under the rules in force. A run is
 * a job of the job system (any instance runs it, another takes it over if that one stops); its progress and report
 * are in the database, so any instance answers. The outcomes under the rules in force are in the database too
 * (ImpactOutcomesStore), stored by the first job that needs them or by the job queued when the rules change.
 */
@Injectable()
export class ImpactJobsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ImpactJobsService.name);
  /**
   * The workbench's cache: the stored outcomes with the facts, read from the database and kept while the rules and
   * the submissions stay the same (what they were last checked against: rules, counts and latest times).
   */
  private checked?: { stamp: string; base: Promise<ImpactBase> };
  /** Set when the instance shuts down: the outcomes job stops at the next page. */
  private closing = false;
  /** The outcomes job to queue after a reload. */
  private queueing?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly candidates: CandidatesService,
    private readonly jobs: JobsService,
    private readonly outcomes: ImpactOutcomesStore,
    private readonly idempotency: IdempotencyService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ candidateId: string }, ImpactReport>(IMPACT, (ctx) => this.run(ctx.payload.candidateId, ctx.progress));
    this.jobs.define<{ hashes: string[] }, { agencies: number; written: number }>(IMPACT_OUTCOMES, (ctx) => this.store(ctx.payload.hashes, ctx.progress));
    // A reload on this instance (not one passed on from another) queues the job that stores the new outcomes, once the
    // reload has reached the other instances and the reloads of a burst are over.
    this.standard.onReload(async (_, trigger) => {
      if (trigger !== 'admin' && trigger !== 'file change') return;
      clearTimeout(this.queueing);
      this.queueing = setTimeout(() => {
        if (this.closing) return;
        this.queueOutcomes(this.standard.current.evaluator).catch((e: unknown) => this.logger.warn(`impact outcomes job not queued: ${(e as Error).message}`));
      }, OUTCOMES_DELAY_MS);
      this.queueing.unref();
    });
  }

  onModuleDestroy(): void {
    this.closing = true;
    clearTimeout(this.queueing);
  }

  /** Queues an impact run of a candidate; answers at once with the job to poll. */
  async start(candidateId: string, principal: string, idem?: IdempotencyContext) {
    await this.candidates.standardOf(candidateId);
    return this.idempotency.execute(idem, async () => undefined, async (m) => this.view(await this.jobs.enqueue(IMPACT, { candidateId }, { subject: candidateId, createdBy: principal }, m)));
  }

  async get(id: string) {
    const job = await this.jobs.get(id);
    if (!job || job.kind !== IMPACT) throw ApiError.notFound({ zh: '影响分析任务', en: 'impact job' }, id);
    return this.view(job);
  }

  /** The report of the latest finished run of a candidate, or null. */
  async latestDone(candidateId: string): Promise<{ report: ImpactReport } | null> {
    const job = await this.jobs.latest(IMPACT, candidateId, 'done');
    return job ? { report: job.result as ImpactReport } : null;
  }

  /**
   * Calibration view data (grade distribution and mean dimension scores per category) of every agency's latest
   * submission under the rules in force and under a candidate: one pass over the stored outcomes. (The calibration
   * under the rules in force alone is the dashboard's, from the evaluation summaries.)
   */
  async calibration(candidateId: string): Promise<{ active: Calibration; candidate: Calibration }> {
    const active = this.standard.current.evaluator;
    const report = await this.compareStored(active, new Evaluator(await this.candidates.standardOf(candidateId)), true);
    return { active: report.calibration.active, candidate: report.calibration.candidate };
  }

  /**
   * A draft's effect on every agency's latest submission, on the stored outcomes under the rules in force. This is
   * what the workbench's live panel runs after each edit: the outcomes and facts are read from the database once and
   * kept while a cheap check (the rules in force, and the count and latest time of agencies and submissions, which
   * are never changed once written) stays the same.
   */
  async impactOf(candidate: Evaluator, options: ImpactOptions = {}): Promise<ImpactReport> {
    return (await this.currentBaseline()).compare(candidate, options);
  }

  /** The stored outcomes as of now, with the facts (one read at a time; concurrent callers share it). */
  currentBaseline(): Promise<ImpactBase> {
    return this.stamp().then((stamp) => {
      if (this.checked?.stamp !== stamp) {
        const base = this.readBaseline();
        this.checked = { stamp, base };
        base.catch(() => (this.checked = undefined));
      }
      return this.checked.base;
    });
  }

  private async readBaseline(): Promise<ImpactBase> {
    const active = this.standard.current.evaluator;
    const outcomes: StoredOutcome[] = [];
    for await (const page of this.outcomes.pages(active, true)) outcomes.push(...page.outcomes);
    return new ImpactBase(active, outcomes);
  }

  private async stamp(): Promise<string> {
    const hashes = [...this.standard.current.editions.hashes()].sort().join();
    const [s, a] = await this.db.read(async (m) => [
      await m.createQueryBuilder(FactSubmission, 's').select('COUNT(*)', 'n').addSelect('MAX(s.created_at)', 'at').getRawOne<{ n: string | number; at: string | null }>(),
      await m.createQueryBuilder(Agency, 'a').select('COUNT(*)', 'n').addSelect('MAX(a.created_at)', 'at').getRawOne<{ n: string | number; at: string | null }>(),
    ]);
    return `${hashes}|${s?.n}:${s?.at}|${a?.n}:${a?.at}`;
  }

  /** Queues the job that stores the outcomes under these rules (its subject: their hashes, hashed), unless one is already queued or running. */
  private async queueOutcomes(active: Evaluator): Promise<void> {
    const hashes = hashesOf(active);
    const subject = createHash('sha256').update(hashes.join()).digest('hex');
    for (const status of ['queued', 'running'] as const) if (await this.jobs.latest(IMPACT_OUTCOMES, subject, status)) return;
    await this.jobs.enqueue(IMPACT_OUTCOMES, { hashes }, { subject, createdBy: 'system' });
  }

  /**
   * The outcomes job: every agency's outcome under the rules named stored (those already stored are kept), then the
   * outcomes under other rules dropped. An instance that serves other rules (the rules changed again, or the reload
   * has not reached it yet) leaves the work to the job of that reload or to the next impact run. It stops at the next
   * page when the instance shuts down (the outcomes stored so far stay).
   */
  private async store(hashes: string[], progress: (done: number, total: number) => Promise<void>): Promise<{ agencies: number; written: number }> {
    const active = this.standard.current.evaluator;
    if (hashesOf(active).join() !== [...hashes].sort().join()) {
      this.logger.warn('impact outcomes not stored: this instance serves other rules than those they were asked for');
      return { agencies: 0, written: 0 };
    }
    const total = await this.outcomes.agencies();
    let written = 0;
    for await (const page of this.outcomes.pages(active, false, (d) => progress(d, total))) {
      written += page.written;
      if (this.closing) return { agencies: total, written };
    }
    await this.outcomes.prune(active);
    this.logger.log(`impact outcomes under the rules in force: ${written} of ${total} agencies scored and stored`);
    return { agencies: total, written };
  }

  /** A candidate compared with the stored outcomes, one page of agencies at a time (memory stays bounded). */
  private async compareStored(active: Evaluator, candidate: Evaluator, full: boolean, done?: (agencies: number) => Promise<void>): Promise<ImpactReport> {
    const comparison = new ImpactComparison(active, candidate);
    for await (const page of this.outcomes.pages(active, full, done)) {
      for (const o of page.outcomes) comparison.add(o.agency, o.matched, o.scores);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return comparison.report();
  }

  /**
   * The job's work: the outcomes under the rules in force stored where missing (the first half of its progress),
   * then the candidate compared with them page by page (the second half).
   */
  private async run(candidateId: string, progress: (done: number, total: number) => Promise<void>): Promise<ImpactReport> {
    const candidate = new Evaluator(await this.candidates.standardOf(candidateId));
    const active = this.standard.current.evaluator;
    const agencies = await this.outcomes.agencies();
    const total = agencies * 2;
    await progress(0, total);
    for await (const page of this.outcomes.pages(active, false, (d) => progress(d, total))) void page;
    const report = await this.compareStored(active, candidate, true, (d) => progress(agencies + d, total));
    this.logger.log(`impact of candidate ${candidateId}: ${report.agencies} agencies`);
    return report;
  }

  private view(job: Job) {
    return {
      id: job.id,
      candidateId: job.subject,
      status: job.status,
      progress: { done: job.done, total: job.total, percent: job.total === 0 ? 0 : Math.round((job.done / job.total) * 100) },
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
      report: job.status === 'done' ? (job.result as ImpactReport) : null,
      error: job.error,
    };
  }
}

/** The distinct ruleset hashes of an evaluator's categories, sorted. */
function hashesOf(evaluator: Evaluator): string[] {
  return [...new Set(evaluator.categories().map((c) => evaluator.ruleset(c).hash))].sort();
}
