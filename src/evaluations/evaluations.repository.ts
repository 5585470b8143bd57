import type { EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import type { Evaluator } from '../core/index.js';
import { rawQuery } from '../database/raw-sql.js';
import { Evaluation } from './evaluation.entity.js';
import {
  evaluationWrites,
  SELECT_EXISTING,
  SELECT_SUBMISSION,
  submissionOf,
  type SubmissionRow,
  type SubmissionToEvaluate,
} from './evaluation-rows.js';

export type { SubmissionToEvaluate } from './evaluation-rows.js';

/**
 * The persisted-evaluation path through TypeORM, in the plain SQL of evaluation-rows.ts (the HTTP benchmark's
 * persisted rate is bound by it): on PostgreSQL, with an Idempotency-Key, or when no evaluation thread stores rows.
 */
export const EvaluationsRepository = {
  async submission(m: EntityManager, id: string): Promise<SubmissionToEvaluate> {
    const rows = await rawQuery<SubmissionRow[]>(m, SELECT_SUBMISSION, [id]);
    if (!rows[0]) throw ApiError.notFound({ zh: '事实提交', en: 'submission' }, id);
    return submissionOf(rows[0]);
  },

  /** The evaluation stored for a submission under a ruleset content, if any. */
  async existing(m: EntityManager, submissionId: string, rulesetHash: string): Promise<Evaluation | null> {
    const rows = await rawQuery<{ id: string }[]>(m, SELECT_EXISTING, [submissionId, rulesetHash]);
    return rows.length === 0 ? null : m.findOneBy(Evaluation, { id: rows[0].id });
  },

  /**
   * Stores an evaluation (its compact result as `resultJson`), its summary and, on the submission's first evaluation,
   * its evaluated-at (call it inside the write transaction: all or none).
   */
  async insert(m: EntityManager, e: Evaluation, resultJson: string, evaluator: Evaluator, firstEvaluation: boolean): Promise<void> {
    for (const [sql, params] of evaluationWrites(e, resultJson, evaluator, firstEvaluation)) await rawQuery(m, sql, params);
  },
};
