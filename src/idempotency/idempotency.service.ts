import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Db } from '../database/db.service.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { Expiry } from '../database/expiry.js';
import type { IdempotencyContext } from './idempotency.decorator.js';
import { IdempotencyRecord } from './idempotency-record.entity.js';

/** Thrown inside a write to hand back the stored answer of an earlier request with the same key. */
class Replay {
  constructor(readonly record: IdempotencyRecord) {}
}

/**
 * A large answer kept as a reference to the row it shows (an evaluation and its full result) instead of a copy:
 * `id` names the row in the answer, `load` renders the answer again from that row.
 */
export interface AnswerReference<T> {
  id: (value: T) => string;
  load: (m: EntityManager, id: string) => Promise<T>;
}

/**
 * Makes POSTs safe to retry. The key is checked before any work, then again inside the write's transaction after
 * taking a lock on the key (PostgreSQL: a transaction-scoped advisory lock on its hash; SQLite: the write lock every
 * write takes), and recorded with the answer in that same transaction. So racing retries with one key and one body,
 * on one instance or several, wait for the first to commit and get its answer, and only one row is written.
 * Records expire after IDEMPOTENCY_TTL (an expired key counts as new) and are deleted every ten minutes.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly expiry: Expiry<IdempotencyRecord>;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expiry = new Expiry(db, IdempotencyRecord, config.idempotencyTtlSeconds, new Logger(IdempotencyService.name), 'idempotency record(s)');
  }

  onApplicationBootstrap(): void {
    this.expiry.start();
  }

  beforeApplicationShutdown(): void {
    this.expiry.stop();
  }

  /**
   * Runs `prepare` (reads, evaluation: outside the transaction), then `write` atomically with the key's record.
   * Without a key it simply runs both. With `reference`, the record keeps the answer's row id, not the answer.
   */
  async execute<P, T>(
    idem: IdempotencyContext | undefined,
    prepare: () => Promise<P>,
    write: (m: EntityManager, prepared: P) => Promise<T>,
    reference?: AnswerReference<T>,
  ): Promise<T> {
    if (!idem) {
      const prepared = await prepare();
      return this.db.write((m) => write(m, prepared));
    }
    const earlier = await this.find(idem);
    if (earlier) return this.replay<T>(earlier, idem, reference);
    const prepared = await prepare();
    try {
      return await this.db.write(async (m) => {
        const raced = await this.lockAndFind(m, idem);
        if (raced) throw new Replay(raced);
        const value = await write(m, prepared);
        await this.insert(m, idem, reference ? { $ref: reference.id(value) } : value);
        return value;
      });
    } catch (e) {
      if (e instanceof Replay) return this.replay<T>(e.record, idem, reference);
      // Whatever failed, a retry that committed first holds the answer to give.
      const winner = await this.find(idem).catch(() => undefined);
      if (!winner) throw e;
      return this.replay<T>(winner, idem, reference);
    }
  }

  /** The stored answer for this key, or undefined; throws 422 when the key came with another request. */
  async lookup<T>(idem: IdempotencyContext | undefined): Promise<T | undefined> {
    if (!idem) return undefined;
    const earlier = await this.find(idem);
    return earlier ? this.replay<T>(earlier, idem) : undefined;
  }

  /** Records an answer computed by several writes (batch); an answer recorded first by a racing retry wins. */
  async record<T>(idem: IdempotencyContext | undefined, value: T): Promise<T> {
    if (!idem) return value;
    try {
      return await this.db.write(async (m) => {
        const raced = await this.lockAndFind(m, idem);
        if (raced) return this.replay<T>(raced, idem);
        await this.insert(m, idem, value);
        return value;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return (await this.lookup<T>(idem)) as T;
    }
  }

  /** Deletes the records older than IDEMPOTENCY_TTL; answers how many. */
  cleanup(): Promise<number> {
    return this.expiry.sweep();
  }

  /** The key's record if it has not expired. */
  private async find(idem: IdempotencyContext, m?: EntityManager): Promise<IdempotencyRecord | undefined> {
    const record = await (m ? m.findOneBy(IdempotencyRecord, { key: idem.key }) : this.db.read((r) => r.findOneBy(IdempotencyRecord, { key: idem.key })));
    return record && record.createdAt >= this.expiry.cutoff() ? record : undefined;
  }

  /** Inside a write: waits for any other transaction holding the key, then reads its live record. */
  private async lockAndFind(m: EntityManager, idem: IdempotencyContext): Promise<IdempotencyRecord | undefined> {
    if (this.db.type === 'postgres') await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [idem.key]);
    const record = await this.find(idem, m);
    // An expired record gives way to the new answer.
    if (!record) await m.delete(IdempotencyRecord, { key: idem.key });
    return record;
  }

  private async insert(m: EntityManager, idem: IdempotencyContext, value: unknown): Promise<void> {
    const row = { key: idem.key, fingerprint: idem.fingerprint, response: JSON.stringify(value), createdAt: new Date().toISOString() };
    await m.insert(IdempotencyRecord, row);
  }

  private async replay<T>(record: IdempotencyRecord, idem: IdempotencyContext, reference?: AnswerReference<T>): Promise<T> {
    if (record.fingerprint !== idem.fingerprint) {
      throw new ApiError(422, 'idempotencyKeyReused', {
        zh: '此 Idempotency-Key 已用于另一个请求',
        en: 'This Idempotency-Key was used with a different request',
      }, [{ field: 'Idempotency-Key', message: { zh: '请求体或路径与首次请求不同', en: 'body or path differs from the first request' } }]);
    }
    const stored = JSON.parse(record.response) as T | { $ref: string };
    if (reference && stored !== null && typeof stored === 'object' && '$ref' in stored) {
      return this.db.read((m) => reference.load(m, stored.$ref));
    }
    return stored as T;
  }
}
