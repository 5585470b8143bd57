import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import { Db } from '../database/db.service.js';
import { isUniqueViolation } from '../database/db-errors.js';
import type { IdempotencyContext } from './idempotency.decorator.js';
import { IdempotencyRecord } from './idempotency-record.entity.js';

/** Thrown inside a write to hand back the stored answer of an earlier request with the same key. */
class Replay {
  constructor(readonly value: unknown) {}
}

/**
 * Makes POSTs safe to retry. The key is checked before any work, checked again inside the write's transaction,
 * and recorded with the answer in that same transaction: the same key and body give the same answer and one row,
 * even when the retries race (on PostgreSQL the loser hits the key's primary key and replays the winner's answer).
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly db: Db) {}

  /**
   * Runs `prepare` (reads, evaluation: outside the transaction), then `write` atomically with the key's record.
   * Without a key it simply runs both.
   */
  async execute<P, T>(
    idem: IdempotencyContext | undefined,
    prepare: () => Promise<P>,
    write: (m: EntityManager, prepared: P) => Promise<T>,
  ): Promise<T> {
    if (!idem) {
      const prepared = await prepare();
      return this.db.write((m) => write(m, prepared));
    }
    const earlier = await this.db.read((m) => m.findOneBy(IdempotencyRecord, { key: idem.key }));
    if (earlier) return this.replay<T>(earlier, idem);
    const prepared = await prepare();
    try {
      return await this.db.write(async (m) => {
        const raced = await m.findOneBy(IdempotencyRecord, { key: idem.key });
        if (raced) throw new Replay(raced);
        const value = await write(m, prepared);
        await this.insert(m, idem, value);
        return value;
      });
    } catch (e) {
      if (e instanceof Replay) return this.replay<T>(e.value as IdempotencyRecord, idem);
      if (!isUniqueViolation(e)) throw e;
      const winner = await this.db.read((m) => m.findOneBy(IdempotencyRecord, { key: idem.key }));
      if (!winner) throw e;
      return this.replay<T>(winner, idem);
    }
  }

  /** The stored answer for this key, or undefined; throws 422 when the key came with another request. */
  async lookup<T>(idem: IdempotencyContext | undefined): Promise<T | undefined> {
    if (!idem) return undefined;
    const earlier = await this.db.read((m) => m.findOneBy(IdempotencyRecord, { key: idem.key }));
    return earlier ? this.replay<T>(earlier, idem) : undefined;
  }

  /** Records an answer computed by several writes (batch); an answer recorded first by a racing retry wins. */
  async record<T>(idem: IdempotencyContext | undefined, value: T): Promise<T> {
    if (!idem) return value;
    try {
      return await this.db.write(async (m) => {
        const raced = await m.findOneBy(IdempotencyRecord, { key: idem.key });
        if (raced) return this.replay<T>(raced, idem);
        await this.insert(m, idem, value);
        return value;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return (await this.lookup<T>(idem)) as T;
    }
  }

  private async insert(m: EntityManager, idem: IdempotencyContext, value: unknown): Promise<void> {
    const row = { key: idem.key, fingerprint: idem.fingerprint, response: JSON.stringify(value), createdAt: new Date().toISOString() };
    await m.insert(IdempotencyRecord, row);
  }

  private replay<T>(record: IdempotencyRecord, idem: IdempotencyContext): T {
    if (record.fingerprint !== idem.fingerprint) {
      throw new ApiError(422, 'idempotencyKeyReused', {
        zh: '此 Idempotency-Key 已用于另一个请求',
        en: 'This Idempotency-Key was used with a different request',
      }, [{ field: 'Idempotency-Key', message: { zh: '请求体或路径与首次请求不同', en: 'body or path differs from the first request' } }]);
    }
    return JSON.parse(record.response) as T;
  }
}
