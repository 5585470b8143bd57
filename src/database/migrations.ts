import { Initial1795742621207 } from '../../migrations/1795742621207-Initial.js';
import { CommitteeCandidates1795750000000 } from '../../migrations/1795750000000-CommitteeCandidates.js';
import { Jobs1796000000000 } from '../../migrations/1796000000000-Jobs.js';
import { Instances1796000000001 } from '../../migrations/1796000000001-Instances.js';
import { IdempotencyExpiry1796000000002 } from '../../migrations/1796000000002-IdempotencyExpiry.js';
import { EvaluationEngine1796100000000 } from '../../migrations/1796100000000-EvaluationEngine.js';
import { EvaluationSummaries1796300000000 } from '../../migrations/1796300000000-EvaluationSummaries.js';
import { EvaluationsCreatedIndex1796400000000 } from '../../migrations/1796400000000-EvaluationsCreatedIndex.js';
import { ImpactOutcomes1796600000001 } from '../../migrations/1796600000001-ImpactOutcomes.js';
import { EvaluationSummariesPeriodIndex1796700000000 } from '../../migrations/1796700000000-EvaluationSummariesPeriodIndex.js';
import { SubmissionsCreatedIndex1796800000000 } from '../../migrations/1796800000000-SubmissionsCreatedIndex.js';
import { JobFiles1796800000001 } from '../../migrations/1796800000001-JobFiles.js';

/** Every migration in `migrations/`, in order. Add each new migration here (listed by class: no globs). */
export const MIGRATIONS = [Initial1795742621207, CommitteeCandidates1795750000000, Jobs1796000000000, Instances1796000000001, IdempotencyExpiry1796000000002, EvaluationEngine1796100000000, EvaluationSummaries1796300000000, EvaluationsCreatedIndex1796400000000, ImpactOutcomes1796600000001, EvaluationSummariesPeriodIndex1796700000000, SubmissionsCreatedIndex1796800000000, JobFiles1796800000001];
