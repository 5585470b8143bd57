import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An agency's stored outcome under one ruleset (by hash), from its latest submission: which rules matched (a bitset
 * in the program's rule order, which the hash fixes), the total, grade, eligibility and veto, and the node scores and
 * indicator contributions. The impact runs compare candidates against these rows instead of scoring every agency
 * again; a row whose submission is no longer the agency's latest is written again, and rows of rulesets no longer in
 * force are dropped after a full pass.
 */
@Entity('impact_outcomes')
export class ImpactOutcome {
  @PrimaryColumn({ name: 'ruleset_hash', type: 'varchar', length: 64 })
  rulesetHash: string;

  @PrimaryColumn({ name: 'agency_id', type: 'varchar', length: 36 })
  agencyId: string;

  @Column({ name: 'submission_id', type: 'varchar', length: 36 })
  submissionId: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  /** The matched rules: a bitset over the ruleset's rules in file order, base64. */
  @Column({ type: 'text' })
  matched: string;

  @Column({ type: 'double precision' })
  total: number;

  @Column({ type: 'varchar', length: 32 })
  grade: string;

  @Column({ type: 'boolean' })
  eligible: boolean;

  @Column({ type: 'boolean' })
  vetoed: boolean;

  /** Each node's score, then each indicator's contribution to the total, in the tree's order (JSON array). */
  @Column({ type: 'text' })
  scores: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
