import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS_SQLITE =
  '"evaluation_id" varchar(36) PRIMARY KEY NOT NULL, "agency_id" varchar(36) NOT NULL, "category" varchar(32) NOT NULL, "period" varchar(16) NOT NULL, ' +
  '"ruleset_hash" varchar(64) NOT NULL, "created_at" varchar(24) NOT NULL, "total" double precision NOT NULL, "grade" varchar(32) NOT NULL, ' +
  '"eligible" boolean NOT NULL, "vetoed" boolean NOT NULL, "node_scores" text NOT NULL';
const COLUMNS_POSTGRES =
  '"evaluation_id" character varying(36) NOT NULL, "agency_id" character varying(36) NOT NULL, "category" character varying(32) NOT NULL, ' +
  '"period" character varying(16) NOT NULL, "ruleset_hash" character varying(64) NOT NULL, "created_at" character varying(24) NOT NULL, ' +
  '"total" double precision NOT NULL, "grade" character varying(32) NOT NULL, "eligible" boolean NOT NULL, "vetoed" boolean NOT NULL, "node_scores" text NOT NULL';
const FK = 'CONSTRAINT "fk_evaluation_summaries_evaluation" FOREIGN KEY ("evaluation_id") REFERENCES "evaluations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION';

const SQLITE_UP = [`CREATE TABLE "evaluation_summaries" (${COLUMNS_SQLITE}, ${FK})`];
const POSTGRES_UP = [
  `CREATE TABLE "evaluation_summaries" (${COLUMNS_POSTGRES}, CONSTRAINT "PK_c5be4ca773df3c24dd198ba9194" PRIMARY KEY ("evaluation_id"))`,
  `ALTER TABLE "evaluation_summaries" ADD ${FK}`,
];
const INDEXES = [
  `CREATE INDEX "idx_evaluation_summaries_agency" ON "evaluation_summaries" ("agency_id", "created_at") `,
  `CREATE INDEX "idx_evaluation_summaries_category" ON "evaluation_summaries" ("category", "ruleset_hash", "agency_id", "created_at") `,
];

interface Stored {
  id: string;
  agency_id: string;
  category: string;
  period: string;
  ruleset_hash: string;
  created_at: string;
  total: number;
  grade: string;
  eligible: boolean | number;
  vetoed: boolean | number;
  result: string;
}

/** Each node's score and each indicator's % of its full mark, by id (as src/evaluations/summary.ts, frozen here). */
function nodeScores(resultText: string): string {
  const r = JSON.parse(resultText) as { nodes?: { id: string; score: number }[]; indicators?: { id: string; points: number; max: number }[] };
  const scores: Record<string, number> = {};
  for (const n of r.nodes ?? []) scores[n.id] = n.score;
  for (const i of r.indicators ?? []) scores[i.id] = i.max > 0 ? (100 * i.points) / i.max : 0;
  return JSON.stringify(scores);
}

/**
 * Each stored evaluation's compact summary (totals, grade, eligibility and veto, node scores) in its own small table,
 * for the pages that aggregate over many agencies. The summaries of the evaluations stored before are written from
 * their stored results, 500 rows at a time.
 */
export class EvaluationSummaries1796300000000 implements MigrationInterface {
  name = 'EvaluationSummaries1796300000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    for (const sql of [...(postgres ? POSTGRES_UP : SQLITE_UP), ...INDEXES]) await q.query(sql);
    const p = (n: number) => (postgres ? `$${n}` : '?');
    const insert =
      'INSERT INTO "evaluation_summaries" ("evaluation_id", "agency_id", "category", "period", "ruleset_hash", "created_at", "total", "grade", "eligible", "vetoed", "node_scores") ' +
      `VALUES (${Array.from({ length: 11 }, (_, i) => p(i + 1)).join(', ')})`;
    let after = '';
    for (;;) {
      const rows = (await q.query(
        `SELECT "id", "agency_id", "category", "period", "ruleset_hash", "created_at", "total", "grade", "eligible", "vetoed", "result" FROM "evaluations" WHERE "id" > ${p(1)} ORDER BY "id" LIMIT 500`,
        [after],
      )) as Stored[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const flag = (b: boolean | number) => (postgres ? Boolean(b) : b ? 1 : 0);
        await q.query(insert, [r.id, r.agency_id, r.category, r.period, r.ruleset_hash, r.created_at, r.total, r.grade, flag(r.eligible), flag(r.vetoed), nodeScores(r.result)]);
      }
      after = rows[rows.length - 1].id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "evaluation_summaries"`);
  }
}
