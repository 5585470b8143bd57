import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ImpactReport } from '../committee/impact.js';
import type { ErrorBody } from '../common/api-error.js';
import { RulesetCandidate } from './ruleset-candidate.entity.js';

export type ImpactJobStatus = 'running' | 'done' | 'failed';

/** An impact run of a candidate against the rules in force, with progress that any instance can report. */
@Entity('impact_jobs')
@Index('idx_impact_jobs_candidate', ['candidateId', 'createdAt'])
export class ImpactJob {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @ManyToOne(() => RulesetCandidate, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'candidate_id', foreignKeyConstraintName: 'fk_impact_jobs_candidate' })
  candidate?: RulesetCandidate;

  @Column({ name: 'candidate_id', type: 'varchar', length: 36 })
  candidateId: string;

  @Column({ type: 'varchar', length: 16 })
  status: ImpactJobStatus;

  /** Agencies scored so far (under the rules in force, then under the candidate: 2 × agencies in all). */
  @Column({ type: 'integer' })
  done: number;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'simple-json', nullable: true })
  report: ImpactReport | null;

  @Column({ type: 'simple-json', nullable: true })
  error: ErrorBody | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 24, nullable: true })
  finishedAt: string | null;
}
