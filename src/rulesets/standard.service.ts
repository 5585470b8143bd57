import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EditionSet, loadEditionSet } from '../committee/editions.js';
import { toErrorBody } from '../common/error-body.js';
import type { ErrorBody } from '../common/api-error.js';
import type { CompiledRuleset, Evaluator, LoadedStandard } from '../core/index.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ApiError } from '../common/api-error.js';
import { RulesetSnapshotsService } from './ruleset-snapshots.service.js';

/** The standard in force: criteria, one compiled ruleset per category, and the evaluator built on them. */
export interface ActiveStandard {
  /** The main edition (`rules/`). */
  standard: LoadedStandard;
  evaluator: Evaluator;
  /** Every edition, for evaluations of periods under another edition and for side-by-side runs. */
  editions: EditionSet;
  loadedAt: string;
}

/** The outcome of the last attempt to load the rules (start-up, admin reload or file change). */
export interface ReloadAttempt {
  at: string;
  trigger: string;
  ok: boolean;
  error?: Pick<ErrorBody, 'code' | 'message' | 'details'>;
  /** After a swap: what failed among the steps that follow it (the new set is in force all the same). */
  warnings?: string[];
}

/**
 * Loads `criteria/` and `rules/` (every edition) through the core: validated, compiled and the committee's rule
 * tests run off to the side, then swapped in at once. Evaluations in flight keep the set they started with.
 * At start-up a broken set stops the service with every issue listed (no silent fallback); later, a broken set
 * is refused, the one in force stays, and the reason is in the log and in GET /rulesets/status. Every ruleset is
 * stored as a snapshot before it is used, so each stored evaluation's hash points at content in the database.
 */
@Injectable()
export class StandardService implements OnModuleInit {
  private readonly logger = new Logger(StandardService.name);
  private active?: ActiveStandard;
  private lastAttempt?: ReloadAttempt;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reloadListeners: ((active: ActiveStandard, trigger: string) => Promise<void>)[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: RulesetSnapshotsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload('start-up');
  }

  /** The standard in force. Callers keep the object they got for a whole evaluation, so a reload cannot mix two. */
  get current(): ActiveStandard {
    if (!this.active) {
      throw new ApiError(503, 'rulesetsNotLoaded', { zh: '规则尚未加载', en: 'Rulesets are not loaded yet' });
    }
    return this.active;
  }

  get loaded(): boolean {
    return this.active !== undefined;
  }

  /** The last load attempt, failed or not. */
  get attempt(): ReloadAttempt | undefined {
    return this.lastAttempt;
  }

  /** The compiled ruleset of a category (throws UnknownCategoryError). */
  ruleset(category: string): CompiledRuleset {
    return this.current.evaluator.ruleset(category);
  }

  /**
   * Calls `listener` after each reload, with what triggered it (the evaluation threads reload with it, the other
   * instances are told). A listener that fails is logged and listed in the attempt's warnings; the set is in force.
   */
  onReload(listener: (active: ActiveStandard, trigger: string) => Promise<void>): void {
    this.reloadListeners.push(listener);
  }

  /**
   * Reads, validates, compiles and tests the rules again, one reload at a time; puts the new set in force only
   * when all of that passed. Throws RulesetInvalidError or RuleTestsFailedError (the set in force stays).
   */
  reload(trigger = 'admin'): Promise<ActiveStandard> {
    const run = this.queue.then(() => this.load(trigger));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(trigger: string): Promise<ActiveStandard> {
    const at = new Date().toISOString();
    try {
      const editions = await loadEditionSet({ rulesDir: this.config.rulesDir, criteriaDir: this.config.criteriaDir }, { engine: this.config.engine });
      for (const edition of editions.editions) await this.snapshots.saveAll(edition.standard);
      const main = editions.main;
      this.active = { standard: main.standard, evaluator: main.evaluator, editions, loadedAt: at };
      this.lastAttempt = { at, trigger, ok: true };
      const hashes = Object.values(main.standard.rulesets).map((r) => `${r.ruleset.category}=${r.hash.slice(0, 12)}`);
      this.logger.log(`rulesets loaded (${trigger}): ${hashes.join(' ')}${editions.editions.length > 1 ? ` + ${editions.editions.length - 1} other edition(s)` : ''}`);
    } catch (error) {
      this.lastAttempt = { at, trigger, ok: false, error: describeFailure(error) };
      this.logger.error(`rules not loaded (${trigger}); ${this.active ? 'the rules in force stay' : 'no rules in force'}: ${this.lastAttempt.error!.message.en}`);
      for (const d of this.lastAttempt.error!.details) this.logger.error(`  ${d.file ?? ''}${d.pointer ? `#${d.pointer}` : ''}: ${d.message.en}`);
      throw error;
    }
    // The new set is in force from here on: the status must say so even if a listener fails.
    const active = this.active;
    const warnings: string[] = [];
    for (const listener of this.reloadListeners) {
      await listener(active, trigger).catch((e: unknown) => {
        warnings.push(e instanceof Error ? e.message : String(e));
        this.logger.error(`after the reload (${trigger}): ${warnings[warnings.length - 1]}`);
      });
    }
    if (warnings.length > 0 && this.lastAttempt?.at === at) this.lastAttempt = { ...this.lastAttempt, warnings };
    return active;
  }
}

function describeFailure(error: unknown): ReloadAttempt['error'] {
  const body = toErrorBody(error);
  return { code: body.code, message: body.message, details: body.details };
}
