import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Calibration } from '../committee/calibration.js';
import { ImpactBase, type ImpactAgency, type ImpactOptions, type ImpactReport } from '../committee/impact.js';
import { ApiError } from '../common/api-error.js';
import { Evaluator, hashFacts } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { latestSubmissions } from '../submissions/latest-submissions.js';
import { CandidatesService } from './candidates.service.js';
import { Agency } from '../agencies/agency.entity.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { Job } from '../jobs/job.entity.js';

/** The job kind of impact runs. */
export const IMPACT = 'impact';

/**
 * Impact runs: every agency's latest submission re-scored under a candidate and under the rules in force. A run is
 * a job of the job system (any instance runs it, another takes it over if that one stops); its progress and report
 * are in the database, so any instance answers.
 */
@Injectable()
export class ImpactJobsService implements OnModuleInit {
  private readonly logger = new Logger(ImpactJobsService.name);
  /** Stored rule outcomes under the rules in force, kept while the rules and the submissions stay the same. */
  private base?: { key: string; base: ImpactBase };
  /** What the stored outcomes were last checked against (rules, counts and latest times), and a build under way. */
  private checked?: { stamp: string; base: Promise<ImpactBase> };

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly candidates: CandidatesService,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ candidateId: string }, ImpactReport>(IMPACT, (ctx) => this.run(ctx.payload.candidateId, ctx.progress));
  }

  /** Queues an impact run of a candidate; answers at once with the job to poll. */
  async start(candidateId: string, principal: string) {
    await this.candidates.standardOf(candidateId);
    return this.view(await this.jobs.enqueue(IMPACT, { candidateId }, { subject: candidateId, createdBy: principal }));
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
   * submission under the rules in force and, when a candidate is named, under the candidate.
   */
  async calibration(candidateId?: string): Promise<{ active: Calibration; candidate?: Calibration }> {
    const base = await this.baseline(await this.db.read((m) => latestSubmissions(m)));
    const active = base.calibration();
    if (!candidateId) return { active };
    const candidate = new Evaluator(await this.candidates.standardOf(candidateId));
    return { active, candidate: (await base.compare(candidate)).calibration.candidate };
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

  /** The job's work: the stored outcomes under the rules in force, then the candidate compared with them. */
  private async run(candidateId: string, progress: (done: number, total: number) => Promise<void>): Promise<ImpactReport> {
    const candidate = new Evaluator(await this.candidates.standardOf(candidateId));
    const agencies = await this.db.read((m) => latestSubmissions(m));
    const total = agencies.length * 2;
    await progress(0, total);
    const base = await this.baseline(agencies, (d) => void progress(d, total));
    const report = await base.compare(candidate, { onProgress: (d) => void progress(agencies.length + d, total) });
    this.logger.log(`impact of candidate ${candidateId}: ${agencies.length} agencies`);
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
