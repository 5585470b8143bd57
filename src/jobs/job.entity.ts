import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ErrorBody } from '../common/api-error.js';

/** queued → running → done | failed; a running job whose instance stopped goes back to queued (or fails). */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * A background job (an impact run…): what to do, who runs it, its progress and its result, all in the database so
 * that any instance answers for it and another instance takes it over when its own stops.
 */
@Entity('jobs')
@Index('idx_jobs_status', ['status', 'createdAt'])
@Index('idx_jobs_subject', ['kind', 'subject', 'createdAt'])
export class Job {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The handler that runs it (`JobsService.define`). */
  @Column({ type: 'varchar', length: 64 })
  kind: string;

  /** What the job is about (an impact run: its candidate's id), for looking jobs up by it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  subject: string | null;

  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: JobStatus;

  @Column({ type: 'integer' })
  done: number;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'simple-json', nullable: true })
  result: unknown;

  @Column({ type: 'simple-json', nullable: true })
  error: ErrorBody | null;

  /** Times it was started (a takeover after a stopped instance starts it again). */
  @Column({ type: 'integer' })
  attempts: number;

  /** The instance running it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  owner: string | null;

  /** Written every few seconds by the instance running it. */
  @Column({ name: 'heartbeat_at', type: 'varchar', length: 24, nullable: true })
  heartbeatAt: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'started_at', type: 'varchar', length: 24, nullable: true })
  startedAt: string | null;

  @Column({ name: 'finished_at', type: 'varchar', length: 24, nullable: true })
  finishedAt: string | null;
}
