import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Db } from '../database/db.service.js';
import { rawQuery } from '../database/raw-sql.js';
import { StandardService, type ActiveStandard } from '../rulesets/standard.service.js';
import { ClusterSetting, Instance } from './instance.entity.js';

/** The shared counter an admin reload or a file change bumps; every instance reloads when it moves. */
const GENERATION = 'rulesGeneration';
/** How often each instance writes its heartbeat and looks at the generation (reloads reach all within 2 s). */
const BEAT_MS = 1000;
/** Instances silent for longer than this are not listed. */
const GONE_MS = 30_000;

const now = () => new Date().toISOString();

/**
 * What makes several instances one service without sharing memory. Each instance has a row in `instances` (the
 * hashes it serves, a heartbeat every second). A reload asked of one instance (admin, or its files changed) bumps a
 * shared generation number once its own reload succeeded; every other instance sees the new number within a second
 * and reloads its own copy of the files (validated and swapped as any reload; a failure leaves its set in force,
 * and GET /rulesets/status shows which hash each instance serves).
 */
@Injectable()
export class InstancesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InstancesService.name);
  private readonly startedAt = now();
  private seen = 0;
  private timer?: NodeJS.Timeout;
  /** The heartbeat under way, if any: one at a time, and shutdown waits for it. */
  private beating?: Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.seen = await this.generation();
    this.standard.onReload(async (active, trigger) => {
      if (trigger !== 'broadcast' && trigger !== 'start-up') await this.bump();
      await this.report(active);
    });
    await this.report(this.standard.current);
    this.timer = setInterval(() => void this.beat(), BEAT_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.beating; // a heartbeat under way finishes before the database closes
    await this.db.write((m) => m.delete(Instance, { name: this.config.instanceName })).catch(() => undefined);
  }

  /** This instance's name. */
  get name(): string {
    return this.config.instanceName;
  }

  /** Instances heard from in the last 30 s, by name. */
  list(): Promise<Pick<Instance, 'name' | 'hashes' | 'loadedAt' | 'heartbeatAt'>[]> {
    const since = new Date(Date.now() - GONE_MS).toISOString();
    return this.db.read((m) =>
      m.createQueryBuilder(Instance, 'i').select(['i.name', 'i.hashes', 'i.loadedAt', 'i.heartbeatAt']).where('i.heartbeat_at >= :since', { since }).orderBy('i.name').getMany(),
    );
  }

  private beat(): Promise<void> {
    this.beating ??= this.beatOnce().finally(() => (this.beating = undefined));
    return this.beating;
  }

  private async beatOnce(): Promise<void> {
    try {
      await this.db.write((m) => m.update(Instance, { name: this.config.instanceName }, { heartbeatAt: now() }));
      const generation = await this.generation();
      if (generation > this.seen) {
        this.seen = generation;
        await this.standard.reload('broadcast').catch(() => undefined);
      }
    } catch (e) {
      this.logger.warn(`instance heartbeat failed: ${(e as Error).message}`);
    }
  }

  private async generation(): Promise<number> {
    const row = await this.db.read((m) => m.findOneBy(ClusterSetting, { key: GENERATION }));
    return row ? Number(row.value) : 0;
  }

  /** Moves the shared generation on (one statement, so concurrent bumps both count). */
  private async bump(): Promise<void> {
    const pg = this.db.type === 'postgres';
    const next = await this.db.write(async (m) => {
      await rawQuery(m, pg
        ? `INSERT INTO cluster_settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = (CAST(cluster_settings.value AS integer) + 1)::text`
        : `INSERT INTO cluster_settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS integer) + 1 AS text)`, [GENERATION]);
      return Number((await m.findOneBy(ClusterSetting, { key: GENERATION }))!.value);
    });
    this.seen = Math.max(this.seen, next);
  }

  /** Writes this instance's row: the hashes it serves now. */
  private async report(active: ActiveStandard): Promise<void> {
    const hashes = Object.fromEntries(Object.values(active.standard.rulesets).map((r) => [r.ruleset.category, r.hash]));
    const row: Instance = { name: this.config.instanceName, hashes, loadedAt: active.loadedAt, startedAt: this.startedAt, heartbeatAt: now() };
    await this.db.write((m) => m.upsert(Instance, row as never, ['name']));
  }
}
