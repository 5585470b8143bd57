import { Agency } from '../agencies/agency.entity.js';
import { ImpactOutcome } from '../candidates/impact-outcome.entity.js';
import { RulesetCandidate } from '../candidates/ruleset-candidate.entity.js';
import { EvaluationSummaryRow } from '../evaluations/evaluation-summary.entity.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { IdempotencyRecord } from '../idempotency/idempotency-record.entity.js';
import { ClusterSetting, Instance } from '../instances/instance.entity.js';
import { JobFile } from '../job-files/job-file.entity.js';
import { Job } from '../jobs/job.entity.js';
import { RulesetSnapshot } from '../rulesets/ruleset-snapshot.entity.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';

/** Every entity, listed by class (no globs: the same list works under jest, tsc output and the TypeORM CLI). */
export const ENTITIES = [Agency, FactSubmission, Evaluation, EvaluationSummaryRow, RulesetSnapshot, IdempotencyRecord, RulesetCandidate, Job, Instance, ClusterSetting, JobFile, ImpactOutcome];
