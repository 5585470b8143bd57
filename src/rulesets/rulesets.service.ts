import { Injectable } from '@nestjs/common';
import { provenanceEntries, type CompiledRuleset } from '../core/index.js';
import { ApiError } from '../common/api-error.js';
import { InstancesService } from '../instances/instances.service.js';
import { RulesetSnapshotsService } from './ruleset-snapshots.service.js';
import { StandardService } from './standard.service.js';

/** A ruleset as listed: what identifies it, without its rules. */
export function rulesetSummary(c: CompiledRuleset) {
  const r = c.ruleset;
  return {
    category: r.category,
    id: r.id,
    version: r.version,
    standard: r.standard,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    hash: c.hash,
  };
}

/** How many of a ruleset's rules, conditions and bands the standard says, and which the committee set (with why). */
export function rulesetProvenance(c: CompiledRuleset) {
  const entries = provenanceEntries(c.ruleset);
  return {
    standard: entries.filter((e) => e.provenance.basis === 'standard').length,
    committee: entries.filter((e) => e.provenance.basis === 'committee').map((e) => ({ pointer: e.pointer, rationale: e.provenance.rationale })),
  };
}

/** Read access to the rulesets in force and to stored snapshots; reload for admins. */
@Injectable()
export class RulesetsService {
  constructor(
    private readonly standard: StandardService,
    private readonly snapshots: RulesetSnapshotsService,
    private readonly instances: InstancesService,
  ) {}

  list() {
    const { standard, loadedAt } = this.standard.current;
    return { loadedAt, rulesets: Object.values(standard.rulesets).map(rulesetSummary) };
  }

  /**
   * The rulesets in force in every edition, the last attempt to load the rules (with its errors), and the hashes
   * every live instance serves (this one is `instance`).
   */
  async status() {
    const { editions, loadedAt } = this.standard.current;
    return {
      loadedAt,
      editions: editions.editions.map((e) => ({ folder: e.folder, rulesets: Object.values(e.standard.rulesets).map(rulesetSummary) })),
      lastAttempt: this.standard.attempt,
      instance: this.instances.name,
      instances: await this.instances.list(),
    };
  }

  one(category: string) {
    const compiled = this.standard.ruleset(category);
    return { ...rulesetSummary(compiled), provenance: rulesetProvenance(compiled), ruleset: compiled.ruleset };
  }

  async snapshot(hash: string) {
    const row = await this.snapshots.find(hash);
    if (!row) throw ApiError.notFound({ zh: '规则集快照', en: 'ruleset snapshot' }, hash);
    return { hash: row.hash, rulesetId: row.rulesetId, category: row.category, version: row.version, createdAt: row.createdAt, snapshot: row.snapshot };
  }

  async reload() {
    await this.standard.reload('admin');
    return this.status();
  }
}
