import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RulesetSnapshot as CoreSnapshot } from '../core/index.js';

/** Each distinct rules content, stored once under its hash, so any evaluation can be reproduced exactly. */
@Entity('ruleset_snapshots')
export class RulesetSnapshot {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ name: 'ruleset_id', type: 'varchar', length: 100 })
  rulesetId: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ type: 'simple-json' })
  snapshot: CoreSnapshot;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
