import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each stored evaluation records the engine that decided its rules: "compiled" or "jre" (json-rules-engine). Rows
 * stored before were all decided by json-rules-engine, hence the default.
 */
export class EvaluationEngine1796100000000 implements MigrationInterface {
  name = 'EvaluationEngine1796100000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    await q.query(`ALTER TABLE "evaluations" ADD ${postgres ? `"engine" character varying(16) NOT NULL DEFAULT 'jre'` : `"engine" varchar(16) NOT NULL DEFAULT ('jre')`}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "evaluations" DROP COLUMN "engine"`);
  }
}
