import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { toErrorBody } from '../common/error-body.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Db } from '../database/db.service.js';
import { insertRows } from '../database/insert-row.js';
import { PgBossDispatch, TableDispatch, type Dispatch, type Offer } from './dispatch.js';
import { Job } from './job.entity.js';

/** What a handler gets: the job's payload, and a way to report progress that never throws. */
export interface JobContext<P> {
  id: string;
  payload: P;
  /** 1 on the first start, 2 after a takeover… */
  attempt: number;
  /** Records progress (written at most every half second; a failed write is logged, never thrown). */
  progress: (done: number, total: number) => Promise<void>;
}

export type JobHandler<P, R> = (ctx: JobContext<P>) => Promise<R>;

/** Starts of one job before it is marked failed (a job that keeps stopping its instance must not loop forever). */
const MAX_ATTEMPTS = 3;
/** How often an idle instance looks for queued jobs. */
const POLL_MS = 500;

const now = () => new Date().toISOString();

/**
 * One job system for long work (impact runs…): `define(kind, handler)`, then `enqueue(kind, payload)` from any
 * instance. Jobs live in the `jobs` table (status, owner, heartbeat, progress, result); on PostgreSQL pg-boss
 * offers them to every instance, on SQLite the table itself is the queue. Each instance runs at most
 * JOB_CONCURRENCY jobs at once, and writes a heartbeat for each; a running job whose heartbeat is older than
 * JOB_STALE_SECONDS (its instance was killed) goes back to the queue and another instance starts it again, up to
 * three starts, after which it is failed with that reason. On SQLite, a restart puts the jobs it interrupted back in
 * the queue at once. No job is left `running` by an instance that is gone.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobsService.name);
  private readonly handlers = new Map<string, JobHandler<never, unknown>>();
  private readonly dispatch: Dispatch;
  private readonly running = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = true;
  private polling = false;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.dispatch = config.database.type === 'postgres' ? new PgBossDispatch(config.database.url, db.dataSource) : new TableDispatch((w) => db.read(w));
  }

  /** Registers the handler of a kind of job (call it from a module's constructor or `onModuleInit`). */
  define<P, R>(kind: string, handler: JobHandler<P, R>): void {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} is defined twice`);
    this.handlers.set(kind, handler as JobHandler<never, unknown>);
  }

  /**
   * Queues a job; any instance may run it. Answers with its row (status `queued`). With `m`, the job is queued in
   * that transaction (an idempotent POST records its answer with it), else in a write of its own.
   */
  async enqueue(kind: string, payload: Record<string, unknown>, options: { subject?: string; createdBy: string }, m?: EntityManager): Promise<Job> {
    if (!this.handlers.has(kind)) throw new Error(`job kind ${kind} is not defined`);
    const job: Job = {
      id: randomUUID(), kind, subject: options.subject ?? null, payload, status: 'queued', done: 0, total: 0, result: null, error: null,
      attempts: 0, owner: null, heartbeatAt: null, createdBy: options.createdBy, createdAt: now(), startedAt: null, finishedAt: null,
    };
    const queue = async (m: EntityManager) => {
      await insertRows(m, Job, job);
      await this.dispatch.announce(m, kind, job.id);
    };
    await (m ? queue(m) : this.db.write(queue));
    setImmediate(() => void this.poll());
    return job;
  }

  get(id: string): Promise<Job | null> {
    return this.db.read((m) => m.findOneBy(Job, { id }));
  }

  /** The newest job of a kind about a subject, optionally in one status. */
  latest(kind: string, subject: string, status?: Job['status']): Promise<Job | null> {
    return this.db.read((m) => m.findOne(Job, { where: { kind, subject, ...(status ? { status } : {}) }, order: { createdAt: 'DESC' } }));
  }

  /** Jobs this instance is running now. */
  get active(): number {
    return this.running.size;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.dispatch.start([...this.handlers.keys()]);
    // On SQLite one instance owns the file: whatever is `running` there was interrupted by the last stop.
    if (this.config.database.type !== 'postgres') await this.requeueStale(now());
    this.stopped = false;
    const beat = Math.max(500, (this.config.jobStaleSeconds * 1000) / 4);
    this.timers = [setInterval(() => void this.poll(), POLL_MS), setInterval(() => void this.heartbeat(), beat)];
    for (const t of this.timers) t.unref();
    void this.poll();
  }

  /** Stops polling before any module shuts down, so no timer reaches a database connection being closed. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.dispatch.stop();
  }

  /** Claims and starts queued jobs while this instance has room for more. */
  private async poll(): Promise<void> {
    if (this.stopped || this.polling) return;
    this.polling = true;
    try {
      const room = this.config.jobConcurrency - this.running.size;
      if (room <= 0) return;
      const offers = await this.dispatch.next([...this.handlers.keys()], room);
      for (const offer of offers) await this.take(offer);
    } catch (e) {
      if (!this.stopped) this.logger.error(`looking for jobs failed: ${(e as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private async take(offer: Offer): Promise<void> {
    const at = now();
    const claimed = await this.db.write(async (m) => {
      const res = await m
        .createQueryBuilder()
        .update(Job)
        .set({ status: 'running', owner: this.config.instanceName, heartbeatAt: at, attempts: () => 'attempts + 1', startedAt: at })
        .where('id = :id AND status = :queued', { id: offer.jobId, queued: 'queued' })
        .execute();
      return res.affected === 1 ? m.findOneBy(Job, { id: offer.jobId }) : null;
    });
    await offer.settle().catch((e: Error) => this.logger.warn(`job offer ${offer.jobId} not settled: ${e.message}`));
    if (claimed) {
      this.running.add(claimed.id);
      void this.run(claimed).finally(() => {
        this.running.delete(claimed.id);
        setImmediate(() => void this.poll());
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    let lastWrite = 0;
    const progress = async (done: number, total: number) => {
      if (Date.now() - lastWrite < 500 && done < total) return;
      lastWrite = Date.now();
      await this.db.write((m) => this.mine(m, job.id).set({ done, total }).execute()).catch((e: Error) => this.logger.warn(`job ${job.id}: progress not written: ${e.message}`));
    };
    try {
      const result = await handler({ id: job.id, payload: job.payload as never, attempt: job.attempts, progress });
      await this.finish(job, { status: 'done', result: result ?? null, done: (() => 'total') as never, finishedAt: now() });
      this.logger.log(`job ${job.kind} ${job.id} done`);
    } catch (error) {
      if (this.stopped) {
        // The database is closing under it: the job stays `running`, for a takeover or the next start to run again.
        this.logger.warn(`job ${job.kind} ${job.id} interrupted by this instance's stop; it will run again`);
        return;
      }
      const body = toErrorBody(error);
      // A refusal of the job's input (a 4xx, e.g. a spreadsheet with errors) is an outcome, not a fault of the service.
      const log = body.statusCode < 500 ? 'warn' : 'error';
      this.logger[log](`job ${job.kind} ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      await this.finish(job, { status: 'failed', error: body, finishedAt: now() });
    }
  }

  /** Writes the outcome if this instance still owns the job (retried: a lost outcome would leave it to a takeover). */
  private async finish(job: Job, outcome: Partial<Job>): Promise<void> {
    for (let i = 0; i < 3; i++) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- simple-json columns take any value
        await this.db.write((m) => this.mine(m, job.id).set({ ...outcome, owner: null } as any).execute());
        return;
      } catch (e) {
        if (this.stopped) {
          this.logger.warn(`job ${job.id}: outcome not written as this instance stops; the job will run again`);
          return;
        }
        this.logger.error(`job ${job.id}: outcome not written (${(e as Error).message})`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** An UPDATE of a job this instance runs (no effect once another instance has taken it over). */
  private mine(m: EntityManager, id: string) {
    return m.createQueryBuilder().update(Job).where('id = :id AND owner = :owner AND status = :running', { id, owner: this.config.instanceName, running: 'running' });
  }

  /** Keeps this instance's jobs alive, and hands back the jobs of instances that stopped writing theirs. */
  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.running.size > 0) {
        await this.db.write((m) => m.createQueryBuilder().update(Job).set({ heartbeatAt: now() }).where('owner = :owner AND status = :running', { owner: this.config.instanceName, running: 'running' }).execute());
      }
      await this.requeueStale(new Date(Date.now() - this.config.jobStaleSeconds * 1000).toISOString());
    } catch (e) {
      if (!this.stopped) this.logger.error(`job heartbeat failed: ${(e as Error).message}`);
    }
  }

  /** Running jobs whose last heartbeat is older than `cutoff`: queued again, or failed after {@link MAX_ATTEMPTS}. */
  private async requeueStale(cutoff: string): Promise<void> {
    const stale = await this.db.read((m) =>
      m.createQueryBuilder(Job, 'j').select(['j.id', 'j.kind', 'j.attempts', 'j.owner']).where('j.status = :running AND j.heartbeat_at < :cutoff', { running: 'running', cutoff }).getMany(),
    );
    for (const job of stale) {
      if (this.running.has(job.id)) continue;
      const giveUp = job.attempts >= MAX_ATTEMPTS;
      const taken = await this.db.write(async (m) => {
        const res = await m
          .createQueryBuilder()
          .update(Job)
          .set(
            giveUp
              ? { status: 'failed', owner: null, finishedAt: now(), error: interrupted(job.attempts) as never }
              : { status: 'queued', owner: null, heartbeatAt: null, done: 0 },
          )
          .where('id = :id AND status = :running AND heartbeat_at < :cutoff', { id: job.id, running: 'running', cutoff })
          .execute();
        if (res.affected === 1 && !giveUp) await this.dispatch.announce(m, job.kind, job.id);
        return res.affected === 1;
      });
      if (taken) this.logger.warn(`job ${job.kind} ${job.id}: instance ${job.owner} stopped; ${giveUp ? 'failed' : 'queued again'}`);
    }
  }
}

function interrupted(attempts: number) {
  return {
    statusCode: 500,
    code: 'jobInterrupted',
    message: { zh: `任务所在的实例已停止 ${attempts} 次，任务未完成`, en: `The instance running this job stopped ${attempts} times; the job was not finished` },
    details: [],
  };
}
