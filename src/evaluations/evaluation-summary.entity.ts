import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Evaluation } from './evaluation.entity.js';

/**
 * A stored evaluation's compact summary, written in the same transaction as the evaluation: what the pages that
 * aggregate over many agencies need (totals, grade, eligibility and veto, each node's score), in a few hundred bytes
 * instead of the ~25 KB stored result.
 */
@Entity('evaluation_summaries')
@Index('idx_evaluation_summaries_category', ['category', 'rulesetHash', 'agencyId', 'createdAt'])
@Index('idx_evaluation_summaries_agency', ['agencyId', 'createdAt'])
@Index('idx_evaluation_summaries_period', ['agencyId', 'period', 'createdAt'])
export class EvaluationSummaryRow {
  @PrimaryColumn({ name: 'evaluation_id', type: 'varchar', length: 36 })
  evaluationId: string;

  @ManyToOne(() => Evaluation, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'evaluation_id', foreignKeyConstraintName: 'fk_evaluation_summaries_evaluation' })
  evaluation?: Evaluation;

  @Column({ name: 'agency_id', type: 'varchar', length: 36 })
  agencyId: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 16 })
  period: string;

  @Column({ name: 'ruleset_hash', type: 'varchar', length: 64 })
  rulesetHash: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;

  @Column({ type: 'double precision' })
  total: number;

  @Column({ type: 'varchar', length: 32 })
  grade: string;

  @Column({ type: 'boolean' })
  eligible: boolean;

  @Column({ type: 'boolean' })
  vetoed: boolean;

  /** Each node's score and each indicator's score as % of its full mark, by id (JSON text). */
  @Column({ name: 'node_scores', type: 'text' })
  nodeScores: string;
}
