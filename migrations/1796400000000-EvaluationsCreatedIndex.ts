import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Evaluations in creation order (time, then id): the CSV export's keyset pages read the index, not a sort of every row. */
export class EvaluationsCreatedIndex1796400000000 implements MigrationInterface {
  name = 'EvaluationsCreatedIndex1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_evaluations_created" ON "evaluations" ("created_at", "id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? `DROP INDEX "public"."idx_evaluations_created"` : `DROP INDEX "idx_evaluations_created"`);
  }
}
