import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The summaries by (agency, period, creation time): "each agency's latest evaluation of a period" (the dashboard's
 * period filter) takes each agency's latest time from this index instead of reading every row of the agency.
 */
export class EvaluationSummariesPeriodIndex1796700000000 implements MigrationInterface {
  name = 'EvaluationSummariesPeriodIndex1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_evaluation_summaries_period" ON "evaluation_summaries" ("agency_id", "period", "created_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? `DROP INDEX "public"."idx_evaluation_summaries_period"` : `DROP INDEX "idx_evaluation_summaries_period"`);
  }
}
