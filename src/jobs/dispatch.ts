import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { MIGRATION_LOCK } from '../database/migrate.js';
import { Job } from './job.entity.js';

/** A job this instance may try to claim, and what to call once it is settled. */
export interface Offer {
  jobId: string;
  /** Tells the queue the offer is handled (claimed and run, or already taken by another instance). */
  settle: () => Promise<void>;
}

/**
 * How queued jobs reach an instance. The `jobs` table holds the truth (status, owner, progress, result); a dispatch
 * only offers job ids, and an instance runs a job only after claiming its row.
 */
export interface Dispatch {
  start(kinds: string[]): Promise<void>;
  /** Inside the transaction that queues the job (so a job is offered if and only if its row is committed). */
  announce(m: EntityManager, kind: string, jobId: string): Promise<void>;
  /** Up to `n` offers of the given kinds. */
  next(kinds: string[], n: number): Promise<Offer[]>;
  stop(): Promise<void>;
}

/** SQLite (one instance per file): the `jobs` table itself is the queue, oldest first. */
export class TableDispatch implements Dispatch {
  constructor(private readonly read: <T>(work: (m: EntityManager) => Promise<T>) => Promise<T>) {}

  async start(): Promise<void> {}

  async announce(): Promise<void> {}

  async next(kinds: string[], n: number): Promise<Offer[]> {
    if (kinds.length === 0) return [];
    const rows = await this.read((m) =>
      m.createQueryBuilder(Job, 'j').select('j.id', 'id').where('j.status = :s', { s: 'queued' }).andWhere('j.kind IN (:...kinds)', { kinds }).orderBy('j.created_at', 'ASC').limit(n).getRawMany<{ id: string }>(),
    );
    return rows.map((r) => ({ jobId: r.id, settle: async () => undefined }));
  }

  async stop(): Promise<void> {}
}

/**
 * PostgreSQL: pg-boss carries the offers between instances (its own schema, `pgboss`, installed at start-up under
 * the same advisory lock as the migrations). Each queued job is one pg-boss message holding the job's id.
 */
export class PgBossDispatch implements Dispatch {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();
  private turn = 0;

  constructor(
    url: string,
    private readonly dataSource: DataSource,
  ) {
    // A message is only an offer: the jobs table decides who runs a job, so pg-boss never retries one itself.
    this.boss = new PgBoss({ connectionString: url, max: 3, schedule: false, retryLimit: 0, expireInHours: 23 });
    this.boss.on('error', (e: Error) => this.logger.error(`pg-boss: ${e.message}`));
  }

  async start(kinds: string[]): Promise<void> {
    await this.locked(async () => {
      await this.boss.start();
      for (const kind of kinds) await this.ensureQueue(kind);
    });
  }

  async announce(m: EntityManager, kind: string, jobId: string): Promise<void> {
    if (!this.queues.has(kind)) await this.locked(() => this.ensureQueue(kind));
    await this.boss.send(kind, { jobId }, { db: { executeSql: async (text, values) => ({ rows: await m.query(text, values) }) } });
  }

  async next(kinds: string[], n: number): Promise<Offer[]> {
    const offers: Offer[] = [];
    for (let i = 0; i < kinds.length && offers.length < n; i++) {
      const kind = kinds[(this.turn + i) % kinds.length];
      if (!this.queues.has(kind)) continue;
      const got = (await this.boss.fetch<{ jobId: string }>(kind, { batchSize: n - offers.length })) ?? [];
      for (const job of got) offers.push({ jobId: job.data.jobId, settle: () => this.boss.complete(kind, job.id).then(() => undefined) });
    }
    this.turn++;
    return offers;
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
  }

  private async ensureQueue(kind: string): Promise<void> {
    if (!(await this.boss.getQueue(kind))) await this.boss.createQueue(kind);
    this.queues.add(kind);
  }

  /** Runs `work` holding the migrations' advisory lock, so instances starting together install pg-boss once. */
  private async locked(work: () => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  }
}
