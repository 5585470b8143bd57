import type { MigrationInterface, QueryRunner } from 'typeorm';

const SQLITE =
  'CREATE TABLE "impact_outcomes" ("ruleset_hash" varchar(64) NOT NULL, "agency_id" varchar(36) NOT NULL, "submission_id" varchar(36) NOT NULL, ' +
  '"category" varchar(32) NOT NULL, "matched" text NOT NULL, "total" double precision NOT NULL, "grade" varchar(32) NOT NULL, "eligible" boolean NOT NULL, ' +
  '"vetoed" boolean NOT NULL, "scores" text NOT NULL, "created_at" varchar(24) NOT NULL, PRIMARY KEY ("ruleset_hash", "agency_id"))';
const POSTGRES =
  'CREATE TABLE "impact_outcomes" ("ruleset_hash" character varying(64) NOT NULL, "agency_id" character varying(36) NOT NULL, ' +
  '"submission_id" character varying(36) NOT NULL, "category" character varying(32) NOT NULL, "matched" text NOT NULL, "total" double precision NOT NULL, ' +
  '"grade" character varying(32) NOT NULL, "eligible" boolean NOT NULL, "vetoed" boolean NOT NULL, "scores" text NOT NULL, ' +
  '"created_at" character varying(24) NOT NULL, CONSTRAINT "PK_acdb2b73c5adb3681d5181e1331" PRIMARY KEY ("ruleset_hash", "agency_id"))';

/**
 * The impact baseline in the database: each agency's outcomes under the rules in force (matched rules, total, grade,
 * scores), keyed by ruleset hash, written by the impact jobs. Empty at first: the first impact job fills it.
 */
export class ImpactOutcomes1796600000001 implements MigrationInterface {
  name = 'ImpactOutcomes1796600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? POSTGRES : SQLITE);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "impact_outcomes"');
  }
}
