import { Global, Injectable, Module } from '@nestjs/common';
import { Evaluator, isCompact, type CompactResult, type EvaluationResult } from '../core/index.js';
import { ApiError } from '../common/api-error.js';
import { RulesetSnapshotsService } from '../rulesets/ruleset-snapshots.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import type { Evaluation } from './evaluation.entity.js';

/**
 * What an evaluation row's `result` column holds: the compact result (ids, numbers and compared values, a few KB),
 * or, in rows stored before results were compact, the full result.
 */
export type StoredResult = CompactResult | EvaluationResult;

/** An evaluation row whose result has been read in full (see StoredResults.expand). */
export type ExpandedEvaluation = Evaluation & { result: EvaluationResult };

/** Evaluators for stored snapshots kept at once (a few rulesets are in use at any time; each is a few MB). */
const SNAPSHOT_EVALUATORS = 16;

/**
 * Reads stored results: a compact result is expanded to the full one (labels, reasons, provenance, compared facts)
 * from the ruleset content it names by hash — the rules in force when the hash is theirs, else the stored snapshot
 * of that hash (its evaluator cached, a bounded number of them). A full result from an older row is returned as is.
 */
@Injectable()
export class StoredResults {
  private readonly bySnapshot = new Map<string, Evaluator>();

  constructor(
    private readonly standard: StandardService,
    private readonly snapshots: RulesetSnapshotsService,
  ) {}

  /** The full result of a stored one. */
  async full(stored: StoredResult): Promise<EvaluationResult> {
    if (!isCompact(stored)) return stored;
    const evaluator = await this.evaluatorOf(stored.category, stored.hash);
    if (!evaluator) throw ApiError.notFound({ zh: '规则集快照', en: 'ruleset snapshot' }, stored.hash);
    return evaluator.expand(stored);
  }

  /**
   * The evaluator of a category's rules with this hash: one in force (of any edition), else the stored snapshot's
   * (kept, the least recently used dropped beyond the bound); undefined when that snapshot is gone.
   */
  async evaluatorOf(category: string, hash: string): Promise<Evaluator | undefined> {
    return this.inForce(category, hash) ?? (await this.ofSnapshot(hash));
  }

  /** The rows with their full results (in place), for rows read from the evaluations table. */
  async expand<T extends { result: StoredResult }>(rows: T[]): Promise<(T & { result: EvaluationResult })[]> {
    for (const row of rows) row.result = await this.full(row.result);
    return rows as (T & { result: EvaluationResult })[];
  }

  private inForce(category: string, hash: string): Evaluator | undefined {
    for (const edition of this.standard.current.editions.editions) {
      const evaluator = edition.evaluator;
      if (evaluator.categories().includes(category) && evaluator.ruleset(category).hash === hash) return evaluator;
    }
    return undefined;
  }

  private async ofSnapshot(hash: string): Promise<Evaluator | undefined> {
    let evaluator = this.bySnapshot.get(hash);
    if (evaluator) {
      this.bySnapshot.delete(hash);
    } else {
      const row = await this.snapshots.find(hash);
      if (!row) return undefined;
      evaluator = Evaluator.fromSnapshot(row.snapshot, this.standard.current.standard.criteria);
      if (this.bySnapshot.size >= SNAPSHOT_EVALUATORS) this.bySnapshot.delete(this.bySnapshot.keys().next().value!);
    }
    this.bySnapshot.set(hash, evaluator);
    return evaluator;
  }
}

/** StoredResults for every module that reads evaluation rows (evaluations, reports, registry, exports). */
@Global()
@Module({ providers: [StoredResults], exports: [StoredResults] })
export class StoredResultsModule {}
