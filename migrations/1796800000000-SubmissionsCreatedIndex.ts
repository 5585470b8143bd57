import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An agency's submissions in creation order (time, then id): the list's keyset pages read the index. */
export class SubmissionsCreatedIndex1796800000000 implements MigrationInterface {
  name = 'SubmissionsCreatedIndex1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_fact_submissions_agency_created" ON "fact_submissions" ("agency_id", "created_at", "id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? `DROP INDEX "public"."idx_fact_submissions_agency_created"` : `DROP INDEX "idx_fact_submissions_agency_created"`);
  }
}
