import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The answer given to a POST carrying an `Idempotency-Key`, replayed for a retry with the same body. */
@Entity('idempotency_keys')
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
