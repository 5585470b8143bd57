import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The committee's draft rulesets (candidates) and their impact runs. Generated from the entities on each database;
 * the dialects differ, so each has its statements.
 */
export class CommitteeCandidates1795750000000 implements MigrationInterface {
  name = 'CommitteeCandidates1795750000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of q.connection.options.type === 'postgres' ? POSTGRES_UP : SQLITE_UP) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of q.connection.options.type === 'postgres' ? POSTGRES_DOWN : SQLITE_DOWN) await q.query(sql);
  }
}

const SQLITE_UP = [
  `CREATE TABLE "ruleset_candidates" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "files" text NOT NULL, "hashes" text NOT NULL, "created_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL)`,
  `CREATE TABLE "impact_jobs" ("id" varchar(36) PRIMARY KEY NOT NULL, "candidate_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "done" integer NOT NULL, "total" integer NOT NULL, "report" text, "error" text, "created_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "finished_at" varchar(24), CONSTRAINT "fk_impact_jobs_candidate" FOREIGN KEY ("candidate_id") REFERENCES "ruleset_candidates" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE INDEX "idx_impact_jobs_candidate" ON "impact_jobs" ("candidate_id", "created_at") `,
];

const SQLITE_DOWN = [`DROP INDEX "idx_impact_jobs_candidate"`, `DROP TABLE "impact_jobs"`, `DROP TABLE "ruleset_candidates"`];

const POSTGRES_UP = [
  `CREATE TABLE "ruleset_candidates" ("id" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "files" text NOT NULL, "hashes" text NOT NULL, "created_by" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_2be616a70d0635a986c93b6221a" PRIMARY KEY ("id"))`,
  `CREATE TABLE "impact_jobs" ("id" character varying(36) NOT NULL, "candidate_id" character varying(36) NOT NULL, "status" character varying(16) NOT NULL, "done" integer NOT NULL, "total" integer NOT NULL, "report" text, "error" text, "created_by" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, "finished_at" character varying(24), CONSTRAINT "PK_77900653ade2cca28a6aea873d3" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_impact_jobs_candidate" ON "impact_jobs" ("candidate_id", "created_at") `,
  `ALTER TABLE "impact_jobs" ADD CONSTRAINT "fk_impact_jobs_candidate" FOREIGN KEY ("candidate_id") REFERENCES "ruleset_candidates"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
];

const POSTGRES_DOWN = [
  `ALTER TABLE "impact_jobs" DROP CONSTRAINT "fk_impact_jobs_candidate"`,
  `DROP INDEX "public"."idx_impact_jobs_candidate"`,
  `DROP TABLE "impact_jobs"`,
  `DROP TABLE "ruleset_candidates"`,
];
