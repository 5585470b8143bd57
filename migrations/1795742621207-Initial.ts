import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: agencies, fact submissions, evaluations, ruleset snapshots, idempotency keys.
 * Generated from the entities on each database (SQLite through better-sqlite3, and PostgreSQL); the dialects
 * differ, so each has its statements. Times are ISO-8601 UTC strings in both.
 */
export class Initial1795742621207 implements MigrationInterface {
  name = 'Initial1795742621207';

  async up(q: QueryRunner): Promise<void> {
    const statements = q.connection.options.type === 'postgres' ? POSTGRES_UP : SQLITE_UP;
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    const statements = q.connection.options.type === 'postgres' ? POSTGRES_DOWN : SQLITE_DOWN;
    for (const sql of statements) await q.query(sql);
  }
}

const SQLITE_UP = [
  `CREATE TABLE "agencies" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(200) NOT NULL, "credit_code" varchar(18) NOT NULL, "region" varchar(100) NOT NULL, "category" varchar(32) NOT NULL, "class_path" varchar(300) NOT NULL, "created_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL)`,
  `CREATE UNIQUE INDEX "uq_agencies_credit_code" ON "agencies" ("credit_code") `,
  `CREATE INDEX "idx_agencies_region" ON "agencies" ("region") `,
  `CREATE INDEX "idx_agencies_category" ON "agencies" ("category") `,
  `CREATE INDEX "idx_agencies_created" ON "agencies" ("created_at", "id") `,
  `CREATE TABLE "ruleset_snapshots" ("hash" varchar(64) PRIMARY KEY NOT NULL, "ruleset_id" varchar(100) NOT NULL, "category" varchar(32) NOT NULL, "version" varchar(32) NOT NULL, "snapshot" text NOT NULL, "created_at" varchar(24) NOT NULL)`,
  `CREATE TABLE "fact_submissions" ("id" varchar(36) PRIMARY KEY NOT NULL, "agency_id" varchar(36) NOT NULL, "period" varchar(16) NOT NULL, "version" integer NOT NULL, "facts" text NOT NULL, "facts_hash" varchar(64) NOT NULL, "evidence" text, "submitted_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "evaluated_at" varchar(24), CONSTRAINT "fk_fact_submissions_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
  `CREATE UNIQUE INDEX "uq_fact_submissions_version" ON "fact_submissions" ("agency_id", "period", "version") `,
  `CREATE TABLE "evaluations" ("id" varchar(36) PRIMARY KEY NOT NULL, "submission_id" varchar(36) NOT NULL, "agency_id" varchar(36) NOT NULL, "period" varchar(16) NOT NULL, "category" varchar(32) NOT NULL, "total" double precision NOT NULL, "grade" varchar(32) NOT NULL, "passing" boolean NOT NULL, "eligible" boolean NOT NULL, "vetoed" boolean NOT NULL, "ruleset_id" varchar(100) NOT NULL, "ruleset_version" varchar(32) NOT NULL, "ruleset_hash" varchar(64) NOT NULL, "facts_hash" varchar(64) NOT NULL, "result" text NOT NULL, "evaluated_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, CONSTRAINT "fk_evaluations_submission" FOREIGN KEY ("submission_id") REFERENCES "fact_submissions" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "fk_evaluations_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "fk_evaluations_ruleset" FOREIGN KEY ("ruleset_hash") REFERENCES "ruleset_snapshots" ("hash") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
  `CREATE INDEX "idx_evaluations_agency" ON "evaluations" ("agency_id", "created_at") `,
  `CREATE UNIQUE INDEX "uq_evaluations_submission_ruleset" ON "evaluations" ("submission_id", "ruleset_hash") `,
  `CREATE TABLE "idempotency_keys" ("key" varchar(300) PRIMARY KEY NOT NULL, "fingerprint" varchar(64) NOT NULL, "response" text NOT NULL, "created_at" varchar(24) NOT NULL)`,
];

const SQLITE_DOWN = [
  `DROP TABLE "idempotency_keys"`,
  `DROP INDEX "uq_evaluations_submission_ruleset"`,
  `DROP INDEX "idx_evaluations_agency"`,
  `DROP TABLE "evaluations"`,
  `DROP INDEX "uq_fact_submissions_version"`,
  `DROP TABLE "fact_submissions"`,
  `DROP TABLE "ruleset_snapshots"`,
  `DROP INDEX "idx_agencies_created"`,
  `DROP INDEX "idx_agencies_category"`,
  `DROP INDEX "idx_agencies_region"`,
  `DROP INDEX "uq_agencies_credit_code"`,
  `DROP TABLE "agencies"`,
];

const POSTGRES_UP = [
  `CREATE TABLE "agencies" ("id" character varying(36) NOT NULL, "name" character varying(200) NOT NULL, "credit_code" character varying(18) NOT NULL, "region" character varying(100) NOT NULL, "category" character varying(32) NOT NULL, "class_path" character varying(300) NOT NULL, "created_by" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "uq_agencies_credit_code" ON "agencies" ("credit_code") `,
  `CREATE INDEX "idx_agencies_region" ON "agencies" ("region") `,
  `CREATE INDEX "idx_agencies_category" ON "agencies" ("category") `,
  `CREATE INDEX "idx_agencies_created" ON "agencies" ("created_at", "id") `,
  `CREATE TABLE "ruleset_snapshots" ("hash" character varying(64) NOT NULL, "ruleset_id" character varying(100) NOT NULL, "category" character varying(32) NOT NULL, "version" character varying(32) NOT NULL, "snapshot" text NOT NULL, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_2debebf160f23532d3713cc8c85" PRIMARY KEY ("hash"))`,
  `CREATE TABLE "fact_submissions" ("id" character varying(36) NOT NULL, "agency_id" character varying(36) NOT NULL, "period" character varying(16) NOT NULL, "version" integer NOT NULL, "facts" text NOT NULL, "facts_hash" character varying(64) NOT NULL, "evidence" text, "submitted_by" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, "evaluated_at" character varying(24), CONSTRAINT "PK_7b24e39a62cf47d54ef695f35d1" PRIMARY KEY ("id"))`,
  `CREATE UNIQUE INDEX "uq_fact_submissions_version" ON "fact_submissions" ("agency_id", "period", "version") `,
  `CREATE TABLE "evaluations" ("id" character varying(36) NOT NULL, "submission_id" character varying(36) NOT NULL, "agency_id" character varying(36) NOT NULL, "period" character varying(16) NOT NULL, "category" character varying(32) NOT NULL, "total" double precision NOT NULL, "grade" character varying(32) NOT NULL, "passing" boolean NOT NULL, "eligible" boolean NOT NULL, "vetoed" boolean NOT NULL, "ruleset_id" character varying(100) NOT NULL, "ruleset_version" character varying(32) NOT NULL, "ruleset_hash" character varying(64) NOT NULL, "facts_hash" character varying(64) NOT NULL, "result" text NOT NULL, "evaluated_by" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_f683b433eba0e6dae7e19b29e29" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_evaluations_agency" ON "evaluations" ("agency_id", "created_at") `,
  `CREATE UNIQUE INDEX "uq_evaluations_submission_ruleset" ON "evaluations" ("submission_id", "ruleset_hash") `,
  `CREATE TABLE "idempotency_keys" ("key" character varying(300) NOT NULL, "fingerprint" character varying(64) NOT NULL, "response" text NOT NULL, "created_at" character varying(24) NOT NULL, CONSTRAINT "PK_0afd83cbf08c9d12089a9bffc5e" PRIMARY KEY ("key"))`,
  `ALTER TABLE "fact_submissions" ADD CONSTRAINT "fk_fact_submissions_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
  `ALTER TABLE "evaluations" ADD CONSTRAINT "fk_evaluations_submission" FOREIGN KEY ("submission_id") REFERENCES "fact_submissions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
  `ALTER TABLE "evaluations" ADD CONSTRAINT "fk_evaluations_agency" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
  `ALTER TABLE "evaluations" ADD CONSTRAINT "fk_evaluations_ruleset" FOREIGN KEY ("ruleset_hash") REFERENCES "ruleset_snapshots"("hash") ON DELETE RESTRICT ON UPDATE NO ACTION`,
];

const POSTGRES_DOWN = [
  `ALTER TABLE "evaluations" DROP CONSTRAINT "fk_evaluations_ruleset"`,
  `ALTER TABLE "evaluations" DROP CONSTRAINT "fk_evaluations_agency"`,
  `ALTER TABLE "evaluations" DROP CONSTRAINT "fk_evaluations_submission"`,
  `ALTER TABLE "fact_submissions" DROP CONSTRAINT "fk_fact_submissions_agency"`,
  `DROP TABLE "idempotency_keys"`,
  `DROP INDEX "uq_evaluations_submission_ruleset"`,
  `DROP INDEX "idx_evaluations_agency"`,
  `DROP TABLE "evaluations"`,
  `DROP INDEX "uq_fact_submissions_version"`,
  `DROP TABLE "fact_submissions"`,
  `DROP TABLE "ruleset_snapshots"`,
  `DROP INDEX "idx_agencies_created"`,
  `DROP INDEX "idx_agencies_category"`,
  `DROP INDEX "idx_agencies_region"`,
  `DROP INDEX "uq_agencies_credit_code"`,
  `DROP TABLE "agencies"`,
];
