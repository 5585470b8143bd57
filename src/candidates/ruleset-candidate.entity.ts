import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A draft revision of the rules uploaded by an admin: the files that differ from the rules in force (laid over
 * them), validated like files on disk. Never in force; used for diff and impact runs.
 */
@Entity('ruleset_candidates')
export class RulesetCandidate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Rule file name → its content. */
  @Column({ type: 'simple-json' })
  files: Record<string, unknown>;

  /** Category → ruleset content hash of the candidate. */
  @Column({ type: 'simple-json' })
  hashes: Record<string, string>;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
