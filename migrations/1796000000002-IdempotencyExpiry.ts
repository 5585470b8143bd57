import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency records expire: an index on their creation time for the periodic clean-up. */
export class IdempotencyExpiry1796000000002 implements MigrationInterface {
  name = 'IdempotencyExpiry1796000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_idempotency_keys_created" ON "idempotency_keys" ("created_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? `DROP INDEX "public"."idx_idempotency_keys_created"` : `DROP INDEX "idx_idempotency_keys_created"`);
  }
}
