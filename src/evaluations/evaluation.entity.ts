import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity.js';
import { RulesetSnapshot } from '../rulesets/ruleset-snapshot.entity.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import type { StoredResult } from './stored-results.js';

/** A stored evaluation of one submission under one ruleset content (at most one per pair). */
@Entity('evaluations')
@Index('uq_evaluations_submission_ruleset', ['submissionId', 'rulesetHash'], { unique: true })
@Index('idx_evaluations_agency', ['agencyId', 'createdAt'])
@Index('idx_evaluations_created', ['createdAt', 'id'])
export class Evaluation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @ManyToOne(() => FactSubmission, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'fk_evaluations_submission' })
  submission?: FactSubmission;

  @Column({ name: 'submission_id', type: 'varchar', length: 36 })
  submissionId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_evaluations_agency' })
  agency?: Agency;

  @Column({ name: 'agency_id', type: 'varchar', length: 36 })
  agencyId: string;

  @Column({ type: 'varchar', length: 16 })
  period: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'double precision' })
  total: number;

  @Column({ type: 'varchar', length: 32 })
  grade: string;

  @Column({ type: 'boolean' })
  passing: boolean;

  @Column({ type: 'boolean' })
  eligible: boolean;

  @Column({ type: 'boolean' })
  vetoed: boolean;

  @Column({ name: 'ruleset_id', type: 'varchar', length: 100 })
  rulesetId: string;

  @Column({ name: 'ruleset_version', type: 'varchar', length: 32 })
  rulesetVersion: string;

  @ManyToOne(() => RulesetSnapshot, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'ruleset_hash', foreignKeyConstraintName: 'fk_evaluations_ruleset' })
  ruleset?: RulesetSnapshot;

  @Column({ name: 'ruleset_hash', type: 'varchar', length: 64 })
  rulesetHash: string;

  @Column({ name: 'facts_hash', type: 'varchar', length: 64 })
  factsHash: string;

  /**
   * The compact result (ids, numbers, compared values; StoredResults expands it with the ruleset of `rulesetHash`),
   * or the full result in rows stored before results were compact.
   */
  @Column({ type: 'simple-json' })
  result: StoredResult;

  /** The engine that decided the rules: "compiled" or "jre" (rows stored before engines were recorded: "jre"). */
  @Column({ type: 'varchar', length: 16, default: 'jre' })
  engine: string;

  @Column({ name: 'evaluated_by', type: 'varchar', length: 64 })
  evaluatedBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
