import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { CompactResult, EvaluationResult, Evaluator } from '../core/index.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { StandardService, type ActiveStandard } from '../rulesets/standard.service.js';
import { EvaluationPool, type StoreOutcome } from './evaluation-pool.js';

/**
 * Runs the core's evaluator on the standard in force: on worker threads when EVAL_THREADS > 0, else on the event
 * loop, one evaluation at a time.
 *
 * Evaluations are CPU work with no I/O inside: on one event loop, running several at once gains nothing and costs
 * much (measured here: 32 interleaved evaluations ran at 1,122/s against 2,111/s one after another).
 *
 * A thread's result is used only when its ruleset hash is the hash of the standard in force here (whose snapshot is
 * stored); otherwise (files changed on disk, a reload in progress) the evaluation runs here. So the hash an
 * evaluation row records is always the content that produced it, and that content is in the database.
 *
 * On SQLite the threads also store evaluations of stored submissions themselves (`store`): the submission is read,
 * scored and stored with its summary on the thread, so the event loop only answers the request.
 */
@Injectable()
export class EvaluationRunner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EvaluationRunner.name);
  private tail: Promise<unknown> = Promise.resolve();
  private pool?: EvaluationPool;
  private poolMatches = false;
  private readonly storeFailures = new Set<string>();

  constructor(
    private readonly standard: StandardService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.evalThreads === 0) return;
    const { database } = this.config;
    const sqlitePath = database.type === 'sqlite' ? database.path : undefined;
    this.pool = new EvaluationPool({ rulesDir: this.config.rulesDir, criteriaDir: this.config.criteriaDir, engine: this.config.engine, sqlitePath }, this.config.evalThreads);
    this.check(await this.pool.ready(), this.standard.current);
    this.standard.onReload(async (active) => {
      this.pool!.expect({}); // nothing is stored on a thread until it has the new rules
      this.check(await this.pool!.reload(), active);
    });
    this.logger.log(`${this.config.evalThreads} evaluation thread(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.close();
  }

  /** Threads whose results are used (0 when evaluating on the event loop). */
  get threadsInUse(): number {
    return this.pool && this.poolMatches ? this.pool.size : 0;
  }

  /**
   * Evaluates on the standard in force; with a period, on the edition in force when that period began (editions
   * other than the main one run here, not on the threads).
   */
  async evaluate(category: string, facts: unknown, period?: string): Promise<EvaluationResult> {
    const { compact, evaluator } = await this.evaluateCompact(category, facts, period);
    return evaluator.expand(compact);
  }

  /**
   * `evaluate` to the compact result (what a row stores), with the evaluator whose rules scored it (which expands it
   * when the full result is wanted).
   */
  async evaluateCompact(category: string, facts: unknown, period?: string): Promise<{ compact: CompactResult; evaluator: Evaluator }> {
    const active = this.standard.current;
    const edition = period === undefined ? active.editions.main : active.editions.forPeriod(category, period);
    let compact: CompactResult | undefined;
    if (edition === active.editions.main && this.pool && this.poolMatches && this.pool.size > 0) {
      compact = await this.pool.evaluate(category, facts);
      if (compact.hash !== edition.evaluator.ruleset(category).hash) compact = undefined;
    }
    compact ??= await this.here(edition.evaluator, category, facts);
    return { compact, evaluator: edition.evaluator };
  }

  /**
   * Evaluates a stored submission and stores the result on a thread, off the event loop (SQLite, threads whose
   * rules match): the outcome, or undefined when the caller is to do it itself (no such thread, or it declined).
   */
  async store(submissionId: string, principal: string): Promise<Extract<StoreOutcome, { type: 'stored' | 'existing' }> | undefined> {
    if (!this.pool || !this.poolMatches || this.pool.size === 0 || this.config.database.type !== 'sqlite') return undefined;
    const outcome = await this.pool.store(submissionId, principal);
    if (outcome.type === 'failed' && !this.storeFailures.has(outcome.reason) && this.storeFailures.size < 20) {
      this.storeFailures.add(outcome.reason); // said once per reason (the first 20): the event loop stores instead
      this.logger.warn(`an evaluation thread could not store an evaluation (the server stores it instead): ${outcome.reason}`);
    }
    return outcome.type === 'stored' || outcome.type === 'existing' ? outcome : undefined;
  }

  private here(evaluator: Evaluator, category: string, facts: unknown): Promise<CompactResult> {
    const run = this.tail.then(() => evaluator.evaluateCompact(category, facts));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private check(threadHashes: Record<string, string>[], active: ActiveStandard): void {
    const mine = Object.fromEntries(Object.values(active.standard.rulesets).map((r) => [r.ruleset.category, r.hash]));
    this.poolMatches = threadHashes.every((h) => Object.keys(mine).every((c) => h[c] === mine[c]));
    this.pool!.expect(this.poolMatches ? mine : {});
    if (!this.poolMatches) this.logger.warn('evaluation threads loaded other rules than the server: evaluating on the event loop');
  }
}
