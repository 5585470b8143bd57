import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

type Work<T> = (manager: EntityManager) => Promise<T>;

interface Job {
  kind: 'read' | 'write';
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Serialises every database access on SQLite, whose TypeORM driver shares one connection between all callers
 * (concurrent `transaction()` calls fail there and can commit rows whose promise rejected).
 *
 * Jobs queued during one tick run together: all writes in ONE transaction, each inside its own savepoint so a
 * failing job is undone alone; promises settle only after the COMMIT, so no caller is told "done" for a row that
 * is then lost, nor "failed" for a row that was kept. Reads run after the batch, outside any transaction.
 * A job must not itself queue another job (it would wait for itself).
 */
export class SqliteQueue {
  private readonly logger = new Logger(SqliteQueue.name);
  private pending: Job[] = [];
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxBatch = 1000,
  ) {}

  /** Runs `work` on its own, outside a transaction. */
  read<T>(work: Work<T>): Promise<T> {
    return this.enqueue('read', work);
  }

  /** Runs `work` atomically; its result is delivered after the commit that made it durable. */
  write<T>(work: Work<T>): Promise<T> {
    return this.enqueue('write', work);
  }

  private enqueue<T>(kind: Job['kind'], work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ kind, work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const jobs = this.pending.splice(0, this.maxBatch);
        const writes = jobs.filter((j) => j.kind === 'write');
        if (writes.length > 0) await this.runWrites(writes);
        for (const job of jobs) {
          if (job.kind !== 'read') continue;
          try {
            job.resolve(await job.work(this.dataSource.manager));
          } catch (e) {
            job.reject(e);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async runWrites(jobs: Job[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      // IMMEDIATE takes the write lock up front, so several processes on one file wait for each other (busy
      // timeout) instead of failing with SQLITE_BUSY when a read snapshot goes stale before the first write.
      await runner.query('BEGIN IMMEDIATE');
      for (const job of jobs) {
        await runner.query('SAVEPOINT job');
        try {
          const value = await job.work(runner.manager);
          await runner.query('RELEASE job');
          outcomes.push({ ok: true, value });
        } catch (e) {
          await runner.query('ROLLBACK TO job');
          await runner.query('RELEASE job');
          outcomes.push({ ok: false, value: e });
        }
      }
      await runner.query('COMMIT');
    } catch (e) {
      this.logger.error({ jobs: jobs.length }, e instanceof Error ? e.stack : String(e));
      await runner.query('ROLLBACK').catch(() => undefined);
      for (const job of jobs) job.reject(e);
      return;
    } finally {
      await runner.release();
    }
    jobs.forEach((job, i) => (outcomes[i].ok ? job.resolve(outcomes[i].value) : job.reject(outcomes[i].value)));
  }
}
