import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson, Evaluator, type EngineName, type EvaluationResult } from '../core/index.js';
import { RulesetSnapshotsService } from '../rulesets/ruleset-snapshots.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { AgenciesService } from '../agencies/agencies.service.js';
import { ApiError } from '../common/api-error.js';
import { toErrorBody } from '../common/error-body.js';
import { nextCursor, readCursor, type KeysetPage } from '../common/pagination.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { Db } from '../database/db.service.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { Evaluation } from './evaluation.entity.js';
import { EvaluationRunner } from './evaluation-runner.js';
import { resultJson } from './result-json.js';
import { EvaluationsRepository, type SubmissionToEvaluate } from './evaluations.repository.js';
import { EvaluationSummary, EvaluationView, ReproduceView, type BatchItemResult, type BatchResult, type ListEvaluationsQuery } from './evaluations.dto.js';

interface Evaluated {
  submission: SubmissionToEvaluate;
  result: EvaluationResult;
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Evaluates a stored submission and stores the result; an evaluation already stored for it is returned as is. */
  async evaluateSubmission(submissionId: string, principal: string, idem?: IdempotencyContext): Promise<EvaluationView> {
    let rulesetHash: string | undefined;
    const prepare = async () => {
      const evaluated = await this.evaluate(submissionId);
      rulesetHash = evaluated.result.ruleset.hash;
      return evaluated;
    };
    try {
      // The answer holds the full result: the key's record keeps the evaluation's id, and a replay reads the row.
      return await this.idempotency.execute(idem, prepare, (m, e) => this.store(m, e, principal), {
        id: (view) => view.id,
        load: async (m, id) => EvaluationView.full((await m.findOneBy(Evaluation, { id }))!),
      });
    } catch (err) {
      if (!isUniqueViolation(err) || !rulesetHash) throw err;
      // PostgreSQL: a concurrent request stored this submission's evaluation under the same ruleset first.
      const found = await this.db.read((m) => m.findOneBy(Evaluation, { submissionId, rulesetHash }));
      if (!found) throw err;
      return EvaluationView.full(found);
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
    const stored = row.result;
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
    return EvaluationView.full(row);
  }

  /**
   * An agency's evaluations, newest first in (creation time, id) order: the numbered page, or the page after the
   * cursor `after` (keyset, on the agency/creation-time index).
   */
  async listForAgency(agencyId: string, q: ListEvaluationsQuery): Promise<KeysetPage<EvaluationSummary>> {
    const after = q.after === undefined ? undefined : readCursor(q.after);
    const [rows, total] = await this.db.read(async (m) => {
      await AgenciesService.find(m, agencyId);
      const where = () => {
        const qb = m.createQueryBuilder(Evaluation, 'e').where('e.agency_id = :agencyId', { agencyId });
        if (q.period) qb.andWhere('e.period = :period', { period: q.period });
        return qb;
      };
      const page = where().orderBy('e.created_at', 'DESC').addOrderBy('e.id', 'DESC').limit(q.pageSize);
      if (after) page.andWhere('(e.created_at < :at OR (e.created_at = :at AND e.id < :id))', after);
      else page.offset((q.page - 1) * q.pageSize);
      return [await page.getMany(), await where().getCount()] as const;
    });
    return { items: rows.map(EvaluationSummary.of), page: q.page, pageSize: q.pageSize, total, next: nextCursor(rows, q.pageSize) };
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
      const { result, ...evaluation } = await this.evaluateSubmission(submissionId, principal);
      void result; // the batch answers summaries; the full result is at GET /evaluations/{id}
      return { index, submissionId, status: 201, evaluation };
    } catch (err) {
      const error = toErrorBody(err);
      if (error.statusCode >= 500) this.logger.error({ index }, err instanceof Error ? err.stack : String(err));
      return { index, submissionId, status: error.statusCode, error };
    }
  }

  private async evaluate(submissionId: string): Promise<Evaluated> {
    const submission = await this.db.read((m) => EvaluationsRepository.submission(m, submissionId));
    return { submission, result: await this.runner.evaluate(submission.category, submission.facts, submission.period) };
  }

  private async store(m: EntityManager, { submission, result }: Evaluated, principal: string): Promise<EvaluationView> {
    const hash = result.ruleset.hash;
    const existing = await EvaluationsRepository.existing(m, submission.id, hash);
    if (existing) return EvaluationView.full(existing);
    const now = new Date().toISOString();
    const row: Evaluation = {
      id: randomUUID(),
      submissionId: submission.id,
      agencyId: submission.agencyId,
      period: submission.period,
      category: result.category,
      total: result.total,
      grade: result.grade,
      passing: result.passing,
      eligible: result.eligible,
      vetoed: result.vetoed,
      rulesetId: result.ruleset.id,
      rulesetVersion: result.ruleset.version,
      rulesetHash: hash,
      factsHash: submission.factsHash,
      result,
      evaluatedBy: principal,
      createdAt: now,
      engine: this.config.engine,
    };
    await EvaluationsRepository.insert(m, row, resultJson(result));
    if (!submission.evaluatedAt) await EvaluationsRepository.markEvaluated(m, submission.id, now);
    return EvaluationView.full(row);
  }
}
