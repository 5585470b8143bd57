import type { EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import type { Evaluator } from '../core/index.js';
import { rawQuery } from '../database/raw-sql.js';
import { Evaluation } from './evaluation.entity.js';
import {
  INSERT_EVALUATION,
  INSERT_SUMMARY,
  insertParams,
  MARK_EVALUATED,
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
   * Stores an evaluation (its compact result as `resultJson`) and its summary, from the scores of the rules that
   * produced it (call it inside the write transaction: both or neither).
   */
  async insert(m: EntityManager, e: Evaluation, resultJson: string, evaluator: Evaluator): Promise<void> {
    const params = insertParams(e, resultJson, evaluator);
    await rawQuery(m, INSERT_EVALUATION, params.evaluation);
    await rawQuery(m, INSERT_SUMMARY, params.summary);
  },

  /** Records the first evaluation time; a submission is immutable from then on. */
  async markEvaluated(m: EntityManager, submissionId: string, at: string): Promise<void> {
    await rawQuery(m, MARK_EVALUATED, [at, submissionId]);
  },
};
