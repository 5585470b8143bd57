import { Injectable } from '@nestjs/common';
import type { LoadedStandard } from '../core/index.js';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Db } from '../database/db.service.js';
import { RulesetSnapshot } from './ruleset-snapshot.entity.js';

/** Stores each distinct ruleset content once, under its hash. */
@Injectable()
export class RulesetSnapshotsService {
  constructor(private readonly db: Db) {}

  /** Stores the snapshots of a loaded standard that are not stored yet (safe when several instances start at once). */
  async saveAll(standard: LoadedStandard): Promise<void> {
    const createdAt = new Date().toISOString();
    const rows: RulesetSnapshot[] = Object.values(standard.rulesets).map((c) => ({
      hash: c.hash,
      rulesetId: c.ruleset.id,
      category: c.ruleset.category,
      version: c.ruleset.version,
      snapshot: c.snapshot,
      createdAt,
    }));
    await this.db.write((m) => m.createQueryBuilder().insert().into(RulesetSnapshot).values(rows as QueryDeepPartialEntity<RulesetSnapshot>[]).orIgnore().execute());
  }

  /** The stored snapshot with this hash, or null. */
  find(hash: string): Promise<RulesetSnapshot | null> {
    return this.db.read((m) => m.findOneBy(RulesetSnapshot, { hash }));
  }
}
