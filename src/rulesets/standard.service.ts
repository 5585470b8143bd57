import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Evaluator, loadStandard, type CompiledRuleset, type LoadedStandard } from '../core/index.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ApiError } from '../common/api-error.js';
import { RulesetSnapshotsService } from './ruleset-snapshots.service.js';

/** The standard in force: criteria, one compiled ruleset per category, and the evaluator built on them. */
export interface ActiveStandard {
  standard: LoadedStandard;
  evaluator: Evaluator;
  loadedAt: string;
}

/**
 * Loads `criteria/` and `rules/` through the core at start-up (an invalid ruleset stops start-up) and on an
 * admin's reload (an invalid ruleset is refused and the one in force stays). Every ruleset is stored as a snapshot
 * before it is used, so each stored evaluation's hash points at content in the database.
 */
@Injectable()
export class StandardService implements OnModuleInit {
  private readonly logger = new Logger(StandardService.name);
  private active?: ActiveStandard;
  private readonly reloadListeners: ((active: ActiveStandard) => Promise<void>)[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly snapshots: RulesetSnapshotsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
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

  /** The compiled ruleset of a category (throws UnknownCategoryError). */
  ruleset(category: string): CompiledRuleset {
    return this.current.evaluator.ruleset(category);
  }

  /** Calls `listener` after each reload (the evaluation threads reload with it). */
  onReload(listener: (active: ActiveStandard) => Promise<void>): void {
    this.reloadListeners.push(listener);
  }

  /** Reads and validates the files again; throws RulesetInvalidError (the standard in force stays) when invalid. */
  async reload(): Promise<ActiveStandard> {
    const standard = loadStandard({ rulesDir: this.config.rulesDir, criteriaDir: this.config.criteriaDir });
    await this.snapshots.saveAll(standard);
    this.active = { standard, evaluator: new Evaluator(standard), loadedAt: new Date().toISOString() };
    const hashes = Object.values(standard.rulesets).map((r) => `${r.ruleset.category}=${r.hash.slice(0, 12)}`);
    this.logger.log(`rulesets loaded: ${hashes.join(' ')}`);
    for (const listener of this.reloadListeners) await listener(this.active);
    return this.active;
  }
}
