import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity.js';

/**
 * The facts an agency (or its assessor) submitted for one period. Never updated: a correction is a new version,
 * and `evaluatedAt` records that a version has been evaluated.
 */
@Entity('fact_submissions')
@Index('uq_fact_submissions_version', ['agencyId', 'period', 'version'], { unique: true })
@Index('idx_fact_submissions_agency_created', ['agencyId', 'createdAt', 'id'])
export class FactSubmission {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_fact_submissions_agency' })
  agency?: Agency;

  @Column({ name: 'agency_id', type: 'varchar', length: 36 })
  agencyId: string;

  @Column({ type: 'varchar', length: 16 })
  period: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'simple-json' })
  facts: Record<string, unknown>;

  @Column({ name: 'facts_hash', type: 'varchar', length: 64 })
  factsHash: string;

  /** References to the material (材料) behind each fact, by fact id. */
  @Column({ type: 'simple-json', nullable: true })
  evidence: Record<string, string[]> | null;

  @Column({ name: 'submitted_by', type: 'varchar', length: 64 })
  submittedBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'evaluated_at', type: 'varchar', length: 24, nullable: true })
  evaluatedAt: string | null;
}
