import type { Logger } from '@nestjs/common';
import { LessThan, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Db } from './db.service.js';

/** How often expired rows are deleted at most (each instance; deleting twice is harmless); at least every minute. */
const SWEEP_MS = 10 * 60 * 1000;

/**
 * Rows kept for a time to live (idempotency records, job files): their `createdAt` against a cutoff, and a sweep that
 * deletes the expired ones at start-up and then every ten minutes (or every TTL, when shorter).
 */
export class Expiry<T extends ObjectLiteral & { createdAt: string }> {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly entity: EntityTarget<T>,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
    /** What the rows are, for the log: "idempotency record(s)". */
    private readonly what: string,
  ) {}

  /** The oldest `createdAt` still alive. */
  cutoff(): string {
    return new Date(Date.now() - this.ttlSeconds * 1000).toISOString();
  }

  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), Math.max(60_000, Math.min(SWEEP_MS, this.ttlSeconds * 1000)));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Deletes the expired rows; answers how many (0 when the database refused, which is logged). */
  async sweep(): Promise<number> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's where type cannot follow the generic T
      const res = await this.db.write((m) => m.delete(this.entity, { createdAt: LessThan(this.cutoff()) } as any));
      if (res.affected) this.logger.log(`${res.affected} expired ${this.what} deleted`);
      return res.affected ?? 0;
    } catch (e) {
      this.logger.warn(`expired ${this.what} not deleted: ${(e as Error).message}`);
      return 0;
    }
  }
}
