import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One job system: the `jobs` table (kind, payload, status, owner and heartbeat, progress, result). The impact runs
 * recorded so far move into it (kind `impact`, the candidate as subject, the report as result), and their own table
 * goes. A run that was `running` when this ran was interrupted by the upgrade: it is kept as failed, with that reason.
 */
export class Jobs1796000000000 implements MigrationInterface {
  name = 'Jobs1796000000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    for (const sql of pg ? POSTGRES_UP : SQLITE_UP) await q.query(sql);
    await q.query(`INSERT INTO "jobs" ("id", "kind", "subject", "payload", "status", "done", "total", "result", "error", "attempts", "owner", "heartbeat_at", "created_by", "created_at", "started_at", "finished_at")
      SELECT "id", 'impact', "candidate_id", '{"candidateId":"' || "candidate_id" || '"}', CASE WHEN "status" = 'running' THEN 'failed' ELSE "status" END, "done", "total", "report",
        CASE WHEN "status" = 'running' THEN '${INTERRUPTED}' ELSE "error" END, 1, NULL, NULL, "created_by", "created_at", "created_at", COALESCE("finished_at", "created_at")
      FROM "impact_jobs"`);
    if (pg) await q.query(`ALTER TABLE "impact_jobs" DROP CONSTRAINT "fk_impact_jobs_candidate"`);
    await q.query(pg ? `DROP INDEX "public"."idx_impact_jobs_candidate"` : `DROP INDEX "idx_impact_jobs_candidate"`);
    await q.query(`DROP TABLE "impact_jobs"`);
  }

  async down(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    if (pg) {
      await q.query(`CREATE TABLE "impact_jobs" ("id" character varying(36) NOT NULL, "candidate_id" character varying(36) NOT NULL, "status" character varying(16) NOT NULL, "done" integer NOT NULL, "total" integer NOT NULL, "report" text, "error" text, "created_by" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, "finished_at" character varying(24), CONSTRAINT "PK_77900653ade2cca28a6aea873d3" PRIMARY KEY ("id"))`);
      await q.query(`CREATE INDEX "idx_impact_jobs_candidate" ON "impact_jobs" ("candidate_id", "created_at") `);
      await q.query(`ALTER TABLE "impact_jobs" ADD CONSTRAINT "fk_impact_jobs_candidate" FOREIGN KEY ("candidate_id") REFERENCES "ruleset_candidates"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    } else {
      await q.query(`CREATE TABLE "impact_jobs" ("id" varchar(36) PRIMARY KEY NOT NULL, "candidate_id" varchar(36) NOT NULL, "status" varchar(16) NOT NULL, "done" integer NOT NULL, "total" integer NOT NULL, "report" text, "error" text, "created_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "finished_at" varchar(24), CONSTRAINT "fk_impact_jobs_candidate" FOREIGN KEY ("candidate_id") REFERENCES "ruleset_candidates" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
      await q.query(`CREATE INDEX "idx_impact_jobs_candidate" ON "impact_jobs" ("candidate_id", "created_at") `);
    }
    await q.query(`INSERT INTO "impact_jobs" ("id", "candidate_id", "status", "done", "total", "report", "error", "created_by", "created_at", "finished_at")
      SELECT "id", "subject", CASE WHEN "status" IN ('done', 'failed') THEN "status" ELSE 'failed' END, "done", "total", "result", "error", "created_by", "created_at", "finished_at"
      FROM "jobs" WHERE "kind" = 'impact' AND "subject" IN (SELECT "id" FROM "ruleset_candidates")`);
    for (const sql of pg ? POSTGRES_DOWN : SQLITE_DOWN) await q.query(sql);
  }
}

const INTERRUPTED = JSON.stringify({
  statusCode: 500,
  code: 'jobInterrupted',
  message: { zh: '任务在升级时中断，未完成', en: 'The job was interrupted by an upgrade and not finished' },
  details: [],
});

const SQLITE_UP = [
  `CREATE TABLE "jobs" ("id" varchar(36) PRIMARY KEY NOT NULL, "kind" varchar(64) NOT NULL, "subject" varchar(100), "payload" text NOT NULL, "status" varchar(16) NOT NULL, "done" integer NOT NULL, "total" integer NOT NULL, "result" text, "error" text, "attempts" integer NOT NULL, "owner" varchar(100), "heartbeat_at" varchar(24), "created_by" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "started_at" varchar(24), "finished_at" varchar(24))`,
  `CREATE INDEX "idx_jobs_subject" ON "jobs" ("kind", "subject", "created_at") `,
  `CREATE INDEX "idx_jobs_status" ON "jobs" ("status", "created_at") `,
];

const SQLITE_DOWN = [`DROP INDEX "idx_jobs_status"`, `DROP INDEX "idx_jobs_subject"`, `DROP TABLE "jobs"`];

const POSTGRES_UP = [
  `CREATE TABLE "jobs" ("id" character varying(36) NOT NULL, "kind" character varying(64) NOT NULL, "subject" character varying(100), "payload" text NOT NULL, "status" character varying(16) NOT NULL, "done" integer NOT NULL, "total" integer NOT NULL, "result" text, "error" text, "attempts" integer NOT NULL, "owner" character varying(100), "heartbeat_at" character varying(24), "created_by" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, "started_at" character varying(24), "finished_at" character varying(24), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_jobs_subject" ON "jobs" ("kind", "subject", "created_at") `,
  `CREATE INDEX "idx_jobs_status" ON "jobs" ("status", "created_at") `,
];

const POSTGRES_DOWN = [`DROP INDEX "public"."idx_jobs_status"`, `DROP INDEX "public"."idx_jobs_subject"`, `DROP TABLE "jobs"`];
