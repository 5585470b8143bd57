import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { canonicalJson, Evaluator, type CompactResult, type EngineName, type EvaluationResult } from '../core/index.js';
import { RulesetSnapshotsService } from '../rulesets/ruleset-snapshots.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { AgenciesService } from '../agencies/agencies.service.js';
import { ApiError } from '../common/api-error.js';
import { toErrorBody } from '../common/error-body.js';
import { orderedPage, type KeysetPage } from '../common/pagination.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { Db } from '../database/db.service.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { Evaluation } from './evaluation.entity.js';
import { EvaluationRunner } from './evaluation-runner.js';
import { evaluationRow } from './evaluation-rows.js';
import { resultJson } from './result-json.js';
import { StoredResults } from './stored-results.js';
import { EvaluationsRepository, type SubmissionToEvaluate } from './evaluations.repository.js';
import { EvaluationAnswer, EvaluationSummary, EvaluationView, ReproduceView, type BatchItemResult, type BatchResult, type ListEvaluationsQuery } from './evaluations.dto.js';

interface Evaluated {
  submission: SubmissionToEvaluate;
  /** What the row stores. */
  compact: CompactResult;
  /** The evaluator whose rules scored it (it expands the compact result). */
  evaluator: Evaluator;
}

/** A stored evaluation's columns, and its full result when asked for. */
interface Stored {
  row: Omit<Evaluation, 'result'>;
  result: () => EvaluationResult | Promise<EvaluationResult>;
}

/**
 * Evaluations of stored submissions (persisted, at most one per submission and ruleset content), previews of
 * inline facts (nothing stored), and bounded batches with a result or an error per item.
 */
@Injectable()
export class EvaluationsService {
  private readonly logger = new Logger(EvaluationsService.name);

  constructor(
    private readonly db: Db,
    private readonly idempotency: IdempotencyService,
    private readonly runner: EvaluationRunner,
    private readonly standard: StandardService,
    private readonly snapshots: RulesetSnapshotsService,
    private readonly results: StoredResults,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Evaluates a stored submission and stores the result; an evaluation already stored for it is returned as is. */
  async evaluateSubmission(submissionId: string, principal: string, idem?: IdempotencyContext): Promise<EvaluationView> {
    return (await this.evaluateStored(submissionId, principal, idem, true)) as EvaluationView;
  }

  /**
   * `evaluateSubmission`, answering the summary, with the full result only when `full` (expanding the stored compact
   * result is work a summary does not need).
   */
  async evaluateStored(submissionId: string, principal: string, idem: IdempotencyContext | undefined, full: boolean): Promise<EvaluationAnswer> {
    const stored = (!idem && (await this.storeOnThread(submissionId, principal))) || (await this.storeHere(submissionId, principal, idem));
    const summary = EvaluationSummary.of(stored.row);
    return full ? { ...summary, result: await stored.result() } : summary;
  }

  /** Stored by an evaluation thread, off the event loop (SQLite); undefined when none does it. */
  private async storeOnThread(submissionId: string, principal: string): Promise<Stored | undefined> {
    const outcome = await this.runner.store(submissionId, principal);
    if (outcome?.type === 'stored') return { row: outcome.row, result: () => this.results.full(JSON.parse(outcome.json) as CompactResult) };
    if (outcome?.type === 'existing') {
      const row = (await this.db.read((m) => m.findOneBy(Evaluation, { id: outcome.evaluationId })))!;
      return { row, result: () => this.results.full(row.result) };
    }
    return undefined;
  }

  /** Evaluated on this event loop (or its thread's result) and stored through TypeORM, honouring Idempotency-Key. */
  private async storeHere(submissionId: string, principal: string, idem: IdempotencyContext | undefined): Promise<Stored> {
    let rulesetHash: string | undefined;
    const prepare = async () => {
      const evaluated = await this.evaluate(submissionId);
      rulesetHash = evaluated.compact.hash;
      return evaluated;
    };
    const stored = (row: Evaluation): Stored => ({ row, result: () => this.results.full(row.result) });
    try {
      // The key's record keeps the evaluation's id, and a replay reads the row.
      return await this.idempotency.execute(idem, prepare, (m, e) => this.store(m, e, principal), {
        id: (s) => s.row.id,
        load: async (m, id) => stored((await m.findOneBy(Evaluation, { id }))!),
      });
    } catch (err) {
      if (!isUniqueViolation(err) || !rulesetHash) throw err;
      // PostgreSQL: a concurrent request stored this submission's evaluation under the same ruleset first.
      const found = await this.db.read((m) => m.findOneBy(Evaluation, { submissionId, rulesetHash }));
      if (!found) throw err;
      return stored(found);
    }
  }

  /** Evaluates inline facts; nothing is stored. */
  preview(category: string, facts: Record<string, unknown>): Promise<EvaluationResult> {
    return this.runner.evaluate(category, facts);
  }

  /** The same facts under every edition in force when the period began (a transition window has two). */
  async previewEditions(category: string, facts: Record<string, unknown>, period: string) {
    const { editions } = this.standard.current;
    const results = [];
    for (const edition of editions.forPeriodAll(category, period)) {
      const r = edition.evaluator.ruleset(category);
      results.push({ folder: edition.folder, edition: r.ruleset.standard.edition, version: r.ruleset.version, hash: r.hash, result: await edition.evaluator.evaluate(category, facts) });
    }
    return { period, editions: results };
  }

  /**
   * Runs a stored evaluation again on its stored ruleset snapshot and the stored facts, on the engine it was
   * stored with or on the one asked for, and says whether the output is identical (compared as canonical JSON).
   */
  async reproduce(id: string, engine?: EngineName): Promise<ReproduceView> {
    const row = await this.db.read((m) => m.findOneBy(Evaluation, { id }));
    if (!row) throw ApiError.notFound({ zh: '评价', en: 'evaluation' }, id);
    const snapshot = await this.snapshots.find(row.rulesetHash);
    if (!snapshot) throw ApiError.notFound({ zh: '规则集快照', en: 'ruleset snapshot' }, row.rulesetHash);
    const submission = await this.db.read((m) => EvaluationsRepository.submission(m, row.submissionId));
    const used = engine ?? (row.engine as EngineName);
    const evaluator = Evaluator.fromSnapshot(snapshot.snapshot, this.standard.current.standard.criteria, used);
    const reproduced = await evaluator.evaluate(row.category, submission.facts);
    // Compared in full: a compact row expanded with its snapshot (an older row holds its full result).
    const stored = await this.results.full(row.result);
    const [a, b] = [stored, reproduced] as unknown as Record<string, unknown>[];
    const differences = Object.keys({ ...a, ...b }).filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
    return {
      evaluationId: row.id,
      rulesetHash: row.rulesetHash,
      reproducedHash: reproduced.ruleset.hash,
      factsHash: row.factsHash,
      storedEngine: row.engine as EngineName,
      engine: used,
      identical: differences.length === 0,
      differences,
      stored: { total: stored.total, grade: stored.grade },
      reproduced: { total: reproduced.total, grade: reproduced.grade },
    };
  }

  async get(id: string): Promise<EvaluationView> {
    const row = await this.db.read((m) => m.findOneBy(Evaluation, { id }));
    if (!row) throw ApiError.notFound({ zh: '评价', en: 'evaluation' }, id);
    return this.view(row);
  }

  /** A stored row with its full result. */
  private async view(row: Evaluation): Promise<EvaluationView> {
    return EvaluationView.full(row, await this.results.full(row.result));
  }

  /**
   * An agency's evaluations, newest first in (creation time, id) order: the numbered page, or the page after the
   * cursor `after` (keyset, on the agency/creation-time index).
   */
  async listForAgency(agencyId: string, q: ListEvaluationsQuery): Promise<KeysetPage<EvaluationSummary>> {
    const page = await this.db.read(async (m) => {
      await AgenciesService.find(m, agencyId);
      const where = () => {
        const qb = m.createQueryBuilder(Evaluation, 'e').where('e.agency_id = :agencyId', { agencyId });
        if (q.period) qb.andWhere('e.period = :period', { period: q.period });
        return qb;
      };
      return orderedPage(where, 'e', 'DESC', q);
    });
    return { ...page, items: page.items.map(EvaluationSummary.of) };
  }

  /** Evaluates up to BATCH_MAX_ITEMS submissions; each item gets its evaluation or its error. */
  async batch(submissionIds: string[], principal: string, idem?: IdempotencyContext): Promise<BatchResult> {
    if (submissionIds.length > this.config.batchMaxItems) {
      throw ApiError.badRequest(
        'batchTooLarge',
        { zh: `一次最多 ${this.config.batchMaxItems} 项`, en: `At most ${this.config.batchMaxItems} items per batch` },
        [{ field: 'items', message: { zh: `收到 ${submissionIds.length} 项`, en: `got ${submissionIds.length} items` } }],
      );
    }
    const replay = await this.idempotency.lookup<BatchResult>(idem);
    if (replay) return replay;
    const items = await Promise.all(submissionIds.map((id, index) => this.batchItem(id, index, principal)));
    const failed = items.filter((i) => i.error).length;
    return this.idempotency.record(idem, { succeeded: items.length - failed, failed, items });
  }

  private async batchItem(submissionId: string, index: number, principal: string): Promise<BatchItemResult> {
    try {
      // The batch answers summaries; the full result is at GET /evaluations/{id}.
      const evaluation = await this.evaluateStored(submissionId, principal, undefined, false);
      return { index, submissionId, status: 201, evaluation };
    } catch (err) {
      const error = toErrorBody(err);
      if (error.statusCode >= 500) this.logger.error({ index }, err instanceof Error ? err.stack : String(err));
      return { index, submissionId, status: error.statusCode, error };
    }
  }

  private async evaluate(submissionId: string): Promise<Evaluated> {
    const submission = await this.db.read((m) => EvaluationsRepository.submission(m, submissionId));
    return { submission, ...(await this.runner.evaluateCompact(submission.category, submission.facts, submission.period)) };
  }

  /**
   * Stores the compact result with the row's columns and its summary, all read from the compact result and the rules
   * that scored it (no full result is built to store one).
   */
  private async store(m: EntityManager, { submission, compact, evaluator }: Evaluated, principal: string): Promise<Stored> {
    const existing = await EvaluationsRepository.existing(m, submission.id, compact.hash);
    if (existing) return { row: existing, result: () => this.results.full(existing.result) };
    const row = evaluationRow(submission, compact, evaluator, { id: uuidv7(), principal, engine: this.config.engine, now: new Date().toISOString() });
    await EvaluationsRepository.insert(m, row, resultJson(compact), evaluator, !submission.evaluatedAt);
    return { row, result: () => evaluator.expand(compact) };
  }
}
