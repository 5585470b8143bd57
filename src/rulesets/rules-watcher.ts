import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { watch, type FSWatcher } from 'node:fs';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { StandardService } from './standard.service.js';

/** Quiet time after the last change before the rules are re-read: an editor's save is often several writes. */
export const RELOAD_DEBOUNCE_MS = 400;

/**
 * Re-reads `rules/` when a file under it changes, once the changes have settled. A half-written file fails
 * validation, so the set in force stays; the write that completes it brings another change, and another reload.
 */
@Injectable()
export class RulesWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RulesWatcher.name);
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly standard: StandardService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.rulesWatch) return;
    this.watcher = watch(this.config.rulesDir, { recursive: true }, () => this.changed());
    this.watcher.on('error', (e) => this.logger.warn(`watching the rules stopped: ${e.message}`));
    this.logger.log('reloading the rules when their files change');
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // A failure is logged and shown in GET /rulesets/status by the standard service; the set in force stays.
      this.standard.reload('file change').catch(() => undefined);
    }, RELOAD_DEBOUNCE_MS);
  }
}
