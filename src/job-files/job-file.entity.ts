import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One part of a file kept for a job: an import's upload (until its job has run) or an export's result (until
 * JOB_FILE_TTL). In the database, so that any instance runs the job or serves the file; in parts, so that neither
 * side holds a whole file in memory. The bytes are base64 text: one column type on SQLite and PostgreSQL.
 */
@Entity('job_files')
@Index('idx_job_files_created', ['createdAt'])
export class JobFile {
  /** The file's id (an export's: its job's id). */
  @PrimaryColumn({ name: 'file_id', type: 'varchar', length: 36, primaryKeyConstraintName: 'PK_job_files' })
  fileId: string;

  /** 0, 1, 2… in the file's order. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_job_files' })
  part: number;

  @Column({ type: 'text' })
  data: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
