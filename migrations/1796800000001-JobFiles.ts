import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Files kept for jobs (import uploads, export results) in parts, with an index on their age for the clean-up. */
export class JobFiles1796800000001 implements MigrationInterface {
  name = 'JobFiles1796800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "job_files" ("file_id" varchar(36) NOT NULL, "part" integer NOT NULL, "data" text NOT NULL, "created_at" varchar(24) NOT NULL, ` +
        `CONSTRAINT "PK_job_files" PRIMARY KEY ("file_id", "part"))`,
    );
    await q.query(`CREATE INDEX "idx_job_files_created" ON "job_files" ("created_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? `DROP INDEX "public"."idx_job_files_created"` : `DROP INDEX "idx_job_files_created"`);
    await q.query(`DROP TABLE "job_files"`);
  }
}
