/**
 * How a persisted evaluation reaches the database, in plain SQL with `?` placeholders: reading the submission,
 * the row and its summary, and marking the submission evaluated. Pure (no NestJS, no TypeORM), so that the server
 * (through TypeORM, on either database) and an evaluation thread (its own SQLite connection) store the same rows
 * with the same statements. The entities and the migrations remain the schema's definition; the e2e suites check
 * that both writers agree.
 */
import type { CompactResult, EngineName, Evaluator } from '../core/index.js';
import type { Evaluation } from './evaluation.entity.js';
import { nodeScoresJson } from './summary.js';

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

/** A row of {@link SELECT_SUBMISSION}. */
export interface SubmissionRow {
  id: string;
  agency_id: string;
  period: string;
  facts: string;
  facts_hash: string;
  evaluated_at: string | null;
  category: string;
}

export const SELECT_SUBMISSION =
  'SELECT s."id", s."agency_id", s."period", s."facts", s."facts_hash", s."evaluated_at", a."category" ' +
  'FROM "fact_submissions" s JOIN "agencies" a ON a."id" = s."agency_id" WHERE s."id" = ?';

/** The id of the evaluation stored for a submission under a ruleset content (parameters: submission id, hash). */
export const SELECT_EXISTING = 'SELECT "id" FROM "evaluations" WHERE "submission_id" = ? AND "ruleset_hash" = ?';

const COLUMNS = [
  'id', 'submission_id', 'agency_id', 'period', 'category', 'total', 'grade', 'passing', 'eligible', 'vetoed',
  'ruleset_id', 'ruleset_version', 'ruleset_hash', 'facts_hash', 'result', 'evaluated_by', 'created_at', 'engine',
];
const SUMMARY_COLUMNS = ['evaluation_id', 'agency_id', 'category', 'period', 'ruleset_hash', 'created_at', 'total', 'grade', 'eligible', 'vetoed', 'node_scores'];
const insertInto = (table: string, columns: string[]) =>
  `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
const INSERT_EVALUATION = insertInto('evaluations', COLUMNS);
const INSERT_SUMMARY = insertInto('evaluation_summaries', SUMMARY_COLUMNS);

/** Records the first evaluation time; a submission is immutable from then on. */
const MARK_EVALUATED = 'UPDATE "fact_submissions" SET "evaluated_at" = ? WHERE "id" = ? AND "evaluated_at" IS NULL';

/** The submission a {@link SELECT_SUBMISSION} row describes, its facts parsed. */
export function submissionOf(r: SubmissionRow): SubmissionToEvaluate {
  return { id: r.id, agencyId: r.agency_id, period: r.period, facts: JSON.parse(r.facts), factsHash: r.facts_hash, evaluatedAt: r.evaluated_at, category: r.category };
}

/** Who stores an evaluation, and when. */
export interface Stamp {
  id: string;
  principal: string;
  engine: EngineName;
  now: string;
}

/** The row of a new evaluation, its columns read from the compact result and the rules that scored it. */
export function evaluationRow(submission: Pick<SubmissionToEvaluate, 'id' | 'agencyId' | 'period' | 'factsHash'>, compact: CompactResult, evaluator: Evaluator, stamp: Stamp): Evaluation {
  const ruleset = evaluator.ruleset(compact.category).ruleset;
  return {
    id: stamp.id,
    submissionId: submission.id,
    agencyId: submission.agencyId,
    period: submission.period,
    category: compact.category,
    total: compact.total,
    grade: compact.grade,
    passing: evaluator.grade(compact.category, compact.grade).passing,
    eligible: compact.unmet.length === 0,
    vetoed: compact.vetoes.length > 0,
    rulesetId: ruleset.id,
    rulesetVersion: ruleset.version,
    rulesetHash: compact.hash,
    factsHash: submission.factsHash,
    result: compact,
    evaluatedBy: stamp.principal,
    createdAt: stamp.now,
    engine: stamp.engine,
  };
}

/**
 * The statements that store a new evaluation, with their parameters (booleans as they are: the caller binds them as
 * its database wants): the row (its compact result as `resultJson`), its summary, and, on the submission's first
 * evaluation, its evaluated-at. Both writers run exactly these, in one transaction: both or none.
 */
export function evaluationWrites(e: Evaluation, resultJson: string, evaluator: Evaluator, firstEvaluation: boolean): [sql: string, params: unknown[]][] {
  const writes: [string, unknown[]][] = [
    [
      INSERT_EVALUATION,
      [
        e.id, e.submissionId, e.agencyId, e.period, e.category, e.total, e.grade, e.passing, e.eligible, e.vetoed,
        e.rulesetId, e.rulesetVersion, e.rulesetHash, e.factsHash, resultJson, e.evaluatedBy, e.createdAt, e.engine,
      ],
    ],
    [
      INSERT_SUMMARY,
      [
        e.id, e.agencyId, e.category, e.period, e.rulesetHash, e.createdAt, e.total, e.grade, e.eligible, e.vetoed,
        nodeScoresJson(evaluator.scores(e.result as CompactResult)),
      ],
    ],
  ];
  if (firstEvaluation) writes.push([MARK_EVALUATED, [e.createdAt, e.submissionId]]);
  return writes;
}
