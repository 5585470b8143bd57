import type { EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import { rawQuery } from '../database/raw-sql.js';
import { Evaluation } from './evaluation.entity.js';
import { nodeScoresJson, type SummarySource } from './summary.js';

/** What evaluating a submission needs: the submission and its agency's category. */
export interface SubmissionToEvaluate {
  id: string;
  agencyId: string;
  period: string;
  facts: Record<string, unknown>;
  factsHash: string;
  evaluatedAt: string | null;
  category: string;
}

interface SubmissionRow {
  id: string;
  agency_id: string;
  period: string;
  facts: string;
  facts_hash: string;
  evaluated_at: string | null;
  category: string;
}

const COLUMNS = [
  'id', 'submission_id', 'agency_id', 'period', 'category', 'total', 'grade', 'passing', 'eligible', 'vetoed',
  'ruleset_id', 'ruleset_version', 'ruleset_hash', 'facts_hash', 'result', 'evaluated_by', 'created_at', 'engine',
];
const INSERT = `INSERT INTO "evaluations" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const SUMMARY_COLUMNS = ['evaluation_id', 'agency_id', 'category', 'period', 'ruleset_hash', 'created_at', 'total', 'grade', 'eligible', 'vetoed', 'node_scores'];
const INSERT_SUMMARY = `INSERT INTO "evaluation_summaries" (${SUMMARY_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${SUMMARY_COLUMNS.map(() => '?').join(', ')})`;

/**
 * The persisted-evaluation hot path in plain SQL (the HTTP benchmark's persisted rate is bound by it); the
 * entities and the migration remain the schema's definition, and the e2e suite checks both paths agree.
 */
export const EvaluationsRepository = {
  async submission(m: EntityManager, id: string): Promise<SubmissionToEvaluate> {
    const rows = await rawQuery<SubmissionRow[]>(
      m,
      'SELECT s."id", s."agency_id", s."period", s."facts", s."facts_hash", s."evaluated_at", a."category" ' +
        'FROM "fact_submissions" s JOIN "agencies" a ON a."id" = s."agency_id" WHERE s."id" = ?',
      [id],
    );
    const r = rows[0];
    if (!r) throw ApiError.notFound({ zh: '事实提交', en: 'submission' }, id);
    return { id: r.id, agencyId: r.agency_id, period: r.period, facts: JSON.parse(r.facts), factsHash: r.facts_hash, evaluatedAt: r.evaluated_at, category: r.category };
  },

  /** The evaluation stored for a submission under a ruleset content, if any. */
  async existing(m: EntityManager, submissionId: string, rulesetHash: string): Promise<Evaluation | null> {
    const rows = await rawQuery<{ id: string }[]>(m, 'SELECT "id" FROM "evaluations" WHERE "submission_id" = ? AND "ruleset_hash" = ?', [submissionId, rulesetHash]);
    return rows.length === 0 ? null : m.findOneBy(Evaluation, { id: rows[0].id });
  },

  /**
   * Stores an evaluation (its compact result as `resultJson`) and its summary, from the full result's scores (call
   * it inside the write transaction: both or neither).
   */
  async insert(m: EntityManager, e: Evaluation, resultJson: string, full: SummarySource): Promise<void> {
    await rawQuery(m, INSERT, [
      e.id, e.submissionId, e.agencyId, e.period, e.category, e.total, e.grade, e.passing, e.eligible, e.vetoed,
      e.rulesetId, e.rulesetVersion, e.rulesetHash, e.factsHash, resultJson, e.evaluatedBy, e.createdAt, e.engine,
    ]);
    await rawQuery(m, INSERT_SUMMARY, [
      e.id, e.agencyId, e.category, e.period, e.rulesetHash, e.createdAt, e.total, e.grade, e.eligible, e.vetoed, nodeScoresJson(full),
    ]);
  },

  /** Records the first evaluation time; a submission is immutable from then on. */
  async markEvaluated(m: EntityManager, submissionId: string, at: string): Promise<void> {
    await rawQuery(m, 'UPDATE "fact_submissions" SET "evaluated_at" = ? WHERE "id" = ? AND "evaluated_at" IS NULL', [at, submissionId]);
  },
};
