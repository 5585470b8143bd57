import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Readable } from 'node:stream';
import { MoreThan } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Db } from '../database/db.service.js';
import { Expiry } from '../database/expiry.js';
import { JobFile } from './job-file.entity.js';

/** Bytes per stored part (stored as base64 text, a third more). */
const PART_BYTES = 512 * 1024;

/**
 * Files kept for jobs in the `job_files` table, in parts of 512 KiB: written from a stream part by part and read
 * back as a stream part by part, so neither side holds a whole file. Files older than JOB_FILE_TTL are deleted
 * every ten minutes.
 */
@Injectable()
export class JobFilesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly expiry: Expiry<JobFile>;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.expiry = new Expiry(db, JobFile, config.jobFileTtlSeconds, new Logger(JobFilesService.name), 'job file part(s)');
  }

  onApplicationBootstrap(): void {
    this.expiry.start();
  }

  beforeApplicationShutdown(): void {
    this.expiry.stop();
  }

  /**
   * Stores a stream as the file `fileId`, replacing any parts stored before under that id (a job started again
   * writes its file again from the start). Answers the number of bytes.
   */
  async store(fileId: string, source: Readable | Buffer): Promise<number> {
    await this.remove(fileId);
    const createdAt = new Date().toISOString();
    let part = 0;
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const data = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      await this.db.write((m) => m.insert(JobFile, { fileId, part: part++, data: data.toString('base64'), createdAt }));
    };
    for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      for (let at = 0; at < buf.length; ) {
        const take = buf.subarray(at, at + PART_BYTES - pendingBytes);
        pending.push(take);
        pendingBytes += take.length;
        bytes += take.length;
        at += take.length;
        if (pendingBytes === PART_BYTES) await flush();
      }
    }
    if (pendingBytes > 0 || part === 0) await flush();
    return bytes;
  }

  /** Whether the file is (still) stored. */
  async exists(fileId: string): Promise<boolean> {
    return (await this.db.read((m) => m.countBy(JobFile, { fileId, part: 0 }))) > 0;
  }

  /** The whole file (for an import's upload, which is read whole by the parser anyway); undefined when gone. */
  async read(fileId: string): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    for await (const p of this.parts(fileId)) parts.push(p);
    return parts.length === 0 ? undefined : Buffer.concat(parts);
  }

  /** The file as a stream, one part read at a time. */
  stream(fileId: string): Readable {
    return Readable.from(this.parts(fileId));
  }

  async remove(fileId: string): Promise<void> {
    await this.db.write((m) => m.delete(JobFile, { fileId }));
  }

  /** Deletes the parts older than JOB_FILE_TTL; answers how many. */
  cleanup(): Promise<number> {
    return this.expiry.sweep();
  }

  private async *parts(fileId: string): AsyncGenerator<Buffer> {
    for (let part = -1; ; ) {
      const row = await this.db.read((m) => m.findOne(JobFile, { where: { fileId, part: MoreThan(part) }, order: { part: 'ASC' } }));
      if (!row) return;
      part = row.part;
      yield Buffer.from(row.data, 'base64');
    }
  }
}
