import { Injectable, Logger } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { StandardService } from '../rulesets/standard.service.js';

export interface Readiness {
  ready: boolean;
  database: { ok: boolean; type: string };
  rulesets: { loaded: boolean; loadedAt?: string; items: { category: string; id: string; version: string; hash: string }[] };
}

/** Liveness (the process answers) and readiness (the database answers and rulesets are loaded). */
@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
  ) {}

  async readiness(): Promise<Readiness> {
    let dbOk = false;
    try {
      await this.db.read((m) => m.query('SELECT 1'));
      dbOk = true;
    } catch (e) {
      this.logger.warn(`database not ready: ${(e as Error).message}`);
    }
    const active = this.standard.loaded ? this.standard.current : undefined;
    const items = active
      ? Object.values(active.standard.rulesets).map((c) => ({ category: c.ruleset.category, id: c.ruleset.id, version: c.ruleset.version, hash: c.hash }))
      : [];
    return {
      ready: dbOk && active !== undefined,
      database: { ok: dbOk, type: this.db.type === 'postgres' ? 'postgres' : 'sqlite' },
      rulesets: { loaded: active !== undefined, loadedAt: active?.loadedAt, items },
    };
  }
}
