import { Injectable } from '@nestjs/common';
import { CandidatesService } from '../candidates/candidates.service.js';
import { ImpactJobsService } from '../candidates/impact-jobs.service.js';
import { calibrateCounts, type Calibration } from '../committee/calibration.js';
import { periodStart } from '../committee/editions.js';
import type { GradeBand, Text } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { gradeCounts, nearEdges, nodeStats, summariesStamp, summaryPeriods, type NearRow, type NodeStats, type Scope } from '../evaluations/summary-queries.js';
import { categoryList, leafNodes, topNodes } from '../pages/standard-view.js';
import { StandardService } from '../rulesets/standard.service.js';
import { fiveNumbersAt, nearBoundaries, type FiveNumbers, type NearBoundary } from './dashboard.stats.js';

/** What the dashboard shows: filters by period and region. */
export interface DashboardFilters {
  period?: string;
  region?: string;
}

/** The committee dashboard's data: calibration under the active rulesets, with the names a page needs. */
export interface DashboardData {
  filters: DashboardFilters;
  /** Periods with evaluations, newest first (for the period filter). */
  periods: string[];
  /**
   * Per category, the calibration of each agency's latest evaluation (in the period) under the active ruleset content:
   * what `calibrate()` gives, computed from the summaries in SQL (`calibrateCounts`).
   */
  active: Calibration;
  /** Agencies whose latest evaluation used another ruleset content, per category (not counted above). */
  otherRuleset: Record<string, number>;
  categories: { id: string; name: Text; rulesetHash: string; version: string }[];
  /** Grade ids, best first, with their labels (plus notEligible and vetoed). */
  grades: { id: string; label: Text }[];
  /** The tree's top-level nodes and its leaves (indicators). */
  nodes: { id: string; name: Text }[];
  leaves: { id: string; name: Text; parent: string | null }[];
  /** Per category and indicator, the five numbers of its score (% of its full mark) over the scored agencies. */
  spread: Record<string, Record<string, FiveNumbers>>;
  /** Per category, the scored agencies within 2 points of a grade boundary. */
  nearBoundary: Record<string, NearBoundary[]>;
  /** A draft's calibration (its latest impact run, else computed now), when the page asks for one. */
  candidate?: { id: string; name: string; calibration: Calibration };
  /** The latest drafts, to pick one from. */
  candidates: { id: string; name: string; createdAt: string }[];
}

/** Points from a grade boundary within which an agency is listed as near it. */
export const BOUNDARY_MARGIN = 2;

/** How many filters' dashboards are kept computed. */
const CACHED_FILTERS = 16;

/** The band minimums that are boundaries (all but the lowest). */
function bandEdges(bands: GradeBand[]): number[] {
  const lowest = Math.min(...bands.map((b) => b.min));
  return bands.map((b) => b.min).filter((min) => min > lowest);
}

/** Reads the stored evaluations' summaries for the committee dashboard. */
@Injectable()
export class DashboardService {
  /**
   * The last data computed per filter, with what it was computed from (the summaries' count and latest time, the
   * rules in force): the aggregates are computed again only when an evaluation was stored or the rules changed.
   */
  private readonly cache = new Map<string, { stamp: string; data: Promise<Omit<DashboardData, 'candidates' | 'candidate'>> }>();

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly candidates: CandidatesService,
    private readonly jobs: ImpactJobsService,
  ) {}

  /** The dashboard under the rules in force (each agency's latest evaluation, filtered), and a draft's when asked. */
  async data(candidateId?: string, filters: DashboardFilters = {}): Promise<DashboardData> {
    const recent = (await this.candidates.recent()).map((c) => ({ id: c.id, name: c.name, createdAt: c.createdAt }));
    const active = await this.activeData(filters);
    if (!candidateId) return { ...active, candidates: recent };
    const draft = await this.candidates.get(candidateId);
    const job = await this.jobs.latestDone(candidateId);
    const calibration = job?.report?.calibration.candidate ?? (await this.jobs.calibration(candidateId)).candidate!;
    return { ...active, candidates: recent, candidate: { id: draft.id, name: draft.name, calibration } };
  }

  /** Calibration of each agency's latest evaluation under the rules in force (no filter): what GET /calibration serves. */
  async activeCalibration(): Promise<Calibration> {
    return (await this.activeData({})).active;
  }

  private async activeData(filters: DashboardFilters): Promise<Omit<DashboardData, 'candidates' | 'candidate'>> {
    const current = this.standard.current;
    const key = JSON.stringify([filters.period ?? null, filters.region ?? null]);
    const stamp = `${[...current.editions.hashes()].sort().join()}|${await this.db.read((m) => summariesStamp(m))}`;
    const held = this.cache.get(key);
    if (held?.stamp === stamp) return held.data;
    const data = this.compute(filters);
    if (this.cache.size >= CACHED_FILTERS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { stamp, data });
    data.catch(() => this.cache.delete(key));
    return data;
  }

  /**
   * The aggregates, in SQL over the summaries: counts per grade and sums of totals, each node's sum and the ranks of
   * each indicator's five numbers, and the agencies near a grade boundary (see summary-queries.ts).
   */
  private async compute(filters: DashboardFilters): Promise<Omit<DashboardData, 'candidates' | 'candidate'>> {
    const { evaluator, standard } = this.standard.current;
    const categories = categoryList(standard.criteria.classification).filter((c) => evaluator.categories().includes(c.id));
    const hashes = new Map(categories.map((c) => [c.id, evaluator.ruleset(c.id).hash]));
    const edges = new Map(categories.map((c) => [c.id, bandEdges(evaluator.ruleset(c.id).ruleset.grades)]));
    const scope: Scope = { group: filters.period ? { period: filters.period } : {}, region: filters.region };
    const { counts, periods } = await this.db.read(async (m) => ({ counts: await gradeCounts(m, scope), periods: await summaryPeriods(m) }));
    // The node scores one category at a time, each its own read: on SQLite a statement holds the process while it
    // runs, and other requests get their turn between them. An agency's category never changes, so its latest
    // evaluation among those of its category is its latest evaluation.
    const stats = new Map<string, Map<string, NodeStats>>();
    const near: NearRow[] = [];
    for (const [category, hash] of hashes) {
      const one: Scope = { ...scope, group: { ...scope.group, category } };
      const inForce = new Map([[category, hash]]);
      await this.db.read(async (m) => {
        for (const [c, byId] of await nodeStats(m, one, inForce)) stats.set(c, byId);
        near.push(...(await nearEdges(m, one, inForce, edges, BOUNDARY_MARGIN + 0.01)));
      });
    }
    const otherRuleset: Record<string, number> = {};
    for (const r of counts) if (hashes.get(r.category) !== r.rulesetHash) otherRuleset[r.category] = (otherRuleset[r.category] ?? 0) + r.count;
    const leafIds = new Set(leafNodes(standard.criteria).map((l) => l.id));
    const nodeSums = new Map([...stats].map(([category, byId]) => [category, new Map([...byId].filter(([id]) => !leafIds.has(id)).map(([id, s]) => [id, s.sum]))]));
    const spread: DashboardData['spread'] = {};
    const nearBoundary: DashboardData['nearBoundary'] = {};
    for (const c of categories) {
      const byId = [...(stats.get(c.id) ?? [])].filter(([id]) => leafIds.has(id));
      spread[c.id] = Object.fromEntries(byId.map(([id, s]) => [id, fiveNumbersAt(s.count, s.ranked)!]));
      nearBoundary[c.id] = nearBoundaries(
        near.filter((r) => r.category === c.id).map((r) => ({ ...r, eligible: true, vetoed: false })),
        evaluator.ruleset(c.id).ruleset.grades,
        BOUNDARY_MARGIN,
      );
    }
    const bands = new Map<string, Text>();
    for (const c of categories) for (const g of [...evaluator.ruleset(c.id).ruleset.grades].sort((a, b) => b.min - a.min)) if (!bands.has(g.id)) bands.set(g.id, g.label);
    return {
      filters,
      periods: periods.sort((a, b) => periodStart(b).localeCompare(periodStart(a)) || b.localeCompare(a)),
      active: calibrateCounts(counts.filter((r) => hashes.get(r.category) === r.rulesetHash), nodeSums),
      otherRuleset,
      categories: categories.map((c) => ({ id: c.id, name: c.name, rulesetHash: hashes.get(c.id)!, version: evaluator.ruleset(c.id).ruleset.version })),
      grades: [...[...bands].map(([id, label]) => ({ id, label })), { id: 'notEligible', label: { zh: '不符合参评条件', en: 'Not eligible' } }, { id: 'vetoed', label: { zh: '一票否决', en: 'Vetoed' } }],
      nodes: topNodes(standard.criteria).map((n) => ({ id: n.id, name: n.name })),
      leaves: leafNodes(standard.criteria).map((n) => ({ id: n.id, name: n.name, parent: n.parent })),
      spread,
      nearBoundary,
    };
  }
}
