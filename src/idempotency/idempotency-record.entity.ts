import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The answer given to a POST carrying an `Idempotency-Key`, replayed for a retry with the same body until it expires
 * (IDEMPOTENCY_TTL). A large answer is kept as `{"$ref": <row id>}` and rendered again from its row.
 */
@Entity('idempotency_keys')
@Index('idx_idempotency_keys_created', ['createdAt'])
export class IdempotencyRecord {
  /** `<principal>:<Idempotency-Key>`: keys are scoped to the API key that sent them. */
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key: string;

  /** sha256 of method, path and canonical body. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ type: 'text' })
  response: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt: string;
}
