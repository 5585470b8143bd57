import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SqliteQueue } from './sqlite-queue.js';

/**
 * The one way services reach the database: `read` and `write` (atomic). On SQLite both go through the
 * {@link SqliteQueue}; on PostgreSQL reads use the pool and writes a real transaction each.
 */
@Injectable()
export class Db {
  private readonly logger = new Logger(Db.name);
  private readonly queue?: SqliteQueue;

  constructor(readonly dataSource: DataSource) {
    if (dataSource.options.type === 'better-sqlite3') this.queue = new SqliteQueue(dataSource);
    this.logger.log(`database: ${dataSource.options.type}`);
  }

  /** 'better-sqlite3' or 'postgres'. */
  get type(): string {
    return this.dataSource.options.type;
  }

  read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.queue ? this.queue.read(work) : work(this.dataSource.manager);
  }

  write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.queue ? this.queue.write(work) : this.dataSource.transaction(work);
  }
}
