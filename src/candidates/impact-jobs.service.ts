import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { calibrate, type Calibration } from '../committee/calibration.js';
import { ImpactBase, type ImpactAgency, type ImpactOptions, type ImpactReport } from '../committee/impact.js';
import { ApiError } from '../common/api-error.js';
import { toErrorBody } from '../common/error-body.js';
import { Evaluator, hashFacts } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { latestSubmissions } from '../submissions/latest-submissions.js';
import { CandidatesService } from './candidates.service.js';
import { Agency } from '../agencies/agency.entity.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import { ImpactJob } from './impact-job.entity.js';

/** How often (agencies) a running job writes its progress. */
const PROGRESS_EVERY = 1000;

/**
 * Impact runs: every agency's latest submission re-scored under a candidate and under the rules in force. The job
 * runs on the instance that received it; its progress and report are in the database, so any instance answers.
 */
@Injectable()
export class ImpactJobsService {
  private readonly logger = new Logger(ImpactJobsService.name);
  /** Stored rule outcomes under the rules in force, kept while the rules and the submissions stay the same. */
  private base?: { key: string; base: ImpactBase };
  /** What the stored outcomes were last checked against (rules, counts and latest times), and a build under way. */
  private checked?: { stamp: string; base: Promise<ImpactBase> };

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly candidates: CandidatesService,
  ) {}

  /** Starts an impact run of a candidate; answers at once with the job to poll. */
  async start(candidateId: string, principal: string) {
    const candidate = await this.candidates.standardOf(candidateId);
    const job: ImpactJob = { id: randomUUID(), candidateId, status: 'running', done: 0, total: 0, report: null, error: null, createdBy: principal, createdAt: new Date().toISOString(), finishedAt: null };
    await this.db.write((m) => m.insert(ImpactJob, job as QueryDeepPartialEntity<ImpactJob>));
    void this.run(job, new Evaluator(candidate));
    return this.view(job);
  }

  async get(id: string) {
    const job = await this.db.read((m) => m.findOneBy(ImpactJob, { id }));
    if (!job) throw ApiError.notFound({ zh: '影响分析任务', en: 'impact job' }, id);
    return this.view(job);
  }

  /** The latest finished run of a candidate, or null. */
  latestDone(candidateId: string): Promise<ImpactJob | null> {
    return this.db.read((m) => m.findOne(ImpactJob, { where: { candidateId, status: 'done' }, order: { createdAt: 'DESC' } }));
  }

  /**
   * Calibration view data (grade distribution and mean dimension scores per category) of every agency's latest
   * submission under the rules in force and, when a candidate is named, under the candidate.
   */
  async calibration(candidateId?: string): Promise<{ active: Calibration; candidate?: Calibration }> {
    const base = await this.baseline(await this.db.read((m) => latestSubmissions(m)));
    const active = calibrate(base.baselines.map((b) => b.result));
    if (!candidateId) return { active };
    const candidate = new Evaluator(await this.candidates.standardOf(candidateId));
    return { active, candidate: calibrate((await base.rescoreAll(candidate)).after) };
  }

  /**
   * A draft's effect on every agency's latest submission, on the stored outcomes under the rules in force. This is
   * what the workbench's live panel runs after each edit: the outcomes are looked up by a cheap check (the rules in
   * force, and the count and latest time of agencies and submissions, which are never changed once written), and
   * built again only when that changes.
   */
  async impactOf(candidate: Evaluator, options: ImpactOptions = {}): Promise<ImpactReport> {
    return (await this.currentBaseline()).compare(candidate, options);
  }

  /** The stored outcomes as of now (one build at a time; concurrent callers share it). */
  currentBaseline(): Promise<ImpactBase> {
    return this.stamp().then((stamp) => {
      if (this.checked?.stamp !== stamp) {
        const base = this.db.read((m) => latestSubmissions(m)).then((agencies) => this.baseline(agencies));
        this.checked = { stamp, base };
        base.catch(() => (this.checked = undefined));
      }
      return this.checked.base;
    });
  }

  private async stamp(): Promise<string> {
    const hashes = [...this.standard.current.editions.hashes()].sort().join();
    const [s, a] = await this.db.read(async (m) => [
      await m.createQueryBuilder(FactSubmission, 's').select('COUNT(*)', 'n').addSelect('MAX(s.created_at)', 'at').getRawOne<{ n: string | number; at: string | null }>(),
      await m.createQueryBuilder(Agency, 'a').select('COUNT(*)', 'n').addSelect('MAX(a.created_at)', 'at').getRawOne<{ n: string | number; at: string | null }>(),
    ]);
    return `${hashes}|${s?.n}:${s?.at}|${a?.n}:${a?.at}`;
  }

  /** The stored outcomes under the rules in force, built again only when the rules or the submissions changed. */
  private async baseline(agencies: ImpactAgency[], onProgress?: (done: number) => void): Promise<ImpactBase> {
    const active = this.standard.current;
    const key = `${[...active.editions.hashes()].sort().join()}|${agencies.map((a) => `${a.id}:${hashFacts(a.facts)}`).join()}`;
    if (this.base?.key !== key) this.base = { key, base: await ImpactBase.build(active.evaluator, agencies, { onProgress }) };
    return this.base.base;
  }

  private async run(job: ImpactJob, candidate: Evaluator): Promise<void> {
    try {
      const agencies = await this.db.read((m) => latestSubmissions(m));
      const total = agencies.length * 2;
      await this.progress(job.id, 0, total);
      let done = 0;
      const onProgress = (d: number) => {
        if (d - done >= PROGRESS_EVERY) void this.progress(job.id, (done = d), total);
      };
      const base = await this.baseline(agencies, onProgress);
      const offset = agencies.length;
      const report = await base.compare(candidate, { onProgress: (d) => onProgress(offset + d) });
      await this.db.write((m) => m.update(ImpactJob, { id: job.id }, { status: 'done', done: total, total, report, finishedAt: new Date().toISOString() }));
      this.logger.log(`impact job ${job.id}: ${agencies.length} agencies`);
    } catch (error) {
      this.logger.error(`impact job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.db.write((m) => m.update(ImpactJob, { id: job.id }, { status: 'failed', error: toErrorBody(error), finishedAt: new Date().toISOString() }));
    }
  }

  private progress(id: string, done: number, total: number): Promise<unknown> {
    return this.db.write((m) => m.update(ImpactJob, { id }, { done, total }));
  }

  private view(job: ImpactJob) {
    return {
      id: job.id,
      candidateId: job.candidateId,
      status: job.status,
      progress: { done: job.done, total: job.total, percent: job.total === 0 ? 0 : Math.round((job.done / job.total) * 100) },
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
      report: job.report,
      error: job.error,
    };
  }
}
