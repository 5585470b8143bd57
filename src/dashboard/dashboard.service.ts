import { Injectable } from '@nestjs/common';
import { Agency } from '../agencies/agency.entity.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import { ImpactJobsService } from '../candidates/impact-jobs.service.js';
import { calibrate, type Calibration } from '../committee/calibration.js';
import { periodStart } from '../committee/editions.js';
import { summarize, type ResultSummary } from '../committee/impact.js';
import type { EvaluationResult, Text } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { latestPerAgency } from '../evaluations/latest-per-agency.js';
import { categoryList, leafNodes, resultLeaves, topNodes } from '../pages/standard-view.js';
import { StandardService } from '../rulesets/standard.service.js';
import { fiveNumbers, nearBoundaries, type FiveNumbers, type NearBoundary } from './dashboard.stats.js';

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
  /** Per category, `calibrate()` of each agency's latest evaluation (in the period) under the active ruleset content. */
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

interface Row {
  evaluationId: string;
  agencyId: string;
  name: string;
  category: string;
  createdAt: string;
  rulesetHash: string;
  result: EvaluationResult;
}

/** Reads stored evaluations for the committee dashboard. */
@Injectable()
export class DashboardService {
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

  private async activeData(filters: DashboardFilters): Promise<Omit<DashboardData, 'candidates' | 'candidate'>> {
    const { evaluator, standard } = this.standard.current;
    const { rows, periods } = await this.db.read(async (m) => {
      const qb = m
        .createQueryBuilder(Evaluation, 'e')
        .innerJoin(Agency, 'a', 'a.id = e.agency_id')
        .select(['e.id AS "evaluationId"', 'e.agency_id AS "agencyId"', 'a.name AS name', 'e.category AS category', 'e.created_at AS "createdAt"', 'e.ruleset_hash AS "rulesetHash"', 'e.result AS result'])
        .orderBy('e.created_at', 'ASC')
        .addOrderBy('e.id', 'ASC');
      if (filters.period) qb.andWhere('e.period = :period', { period: filters.period });
      // Only each agency's latest evaluation (of the period, when one is asked) is read, results included.
      qb.andWhere(latestPerAgency('e', filters.period ? ['period'] : []));
      if (filters.region) qb.andWhere("a.region LIKE :region ESCAPE '\\'", { region: filters.region.replace(/[\\%_]/g, (c) => '\\' + c) + '%' });
      const raw = await qb.getRawMany<Omit<Row, 'result'> & { result: string | EvaluationResult }>();
      const periods = (await m.createQueryBuilder(Evaluation, 'e').select('DISTINCT e.period', 'period').getRawMany<{ period: string }>()).map((p) => p.period);
      return { rows: raw.map((r) => ({ ...r, result: typeof r.result === 'string' ? (JSON.parse(r.result) as EvaluationResult) : r.result })), periods };
    });
    const latest = new Map<string, Row>();
    for (const r of rows) latest.set(r.agencyId, r);
    const categories = categoryList(standard.criteria.classification).filter((c) => evaluator.categories().includes(c.id));
    const hashes = new Map(categories.map((c) => [c.id, evaluator.ruleset(c.id).hash]));
    const inForce: Row[] = [];
    const otherRuleset: Record<string, number> = {};
    for (const r of latest.values()) {
      if (hashes.get(r.category) === r.rulesetHash) inForce.push(r);
      else otherRuleset[r.category] = (otherRuleset[r.category] ?? 0) + 1;
    }
    const summaries: ResultSummary[] = inForce.map((r) => summarize(r.result));
    const spread: DashboardData['spread'] = {};
    const nearBoundary: DashboardData['nearBoundary'] = {};
    for (const c of categories) {
      const mine = inForce.filter((r) => r.category === c.id);
      const scored = mine.filter((r) => r.result.eligible && !r.result.vetoed);
      const percents = new Map<string, number[]>();
      for (const r of scored) for (const l of resultLeaves(r.result)) percents.set(l.id, [...(percents.get(l.id) ?? []), l.max > 0 ? (100 * l.points) / l.max : 0]);
      spread[c.id] = Object.fromEntries([...percents].map(([id, xs]) => [id, fiveNumbers(xs)!]));
      nearBoundary[c.id] = nearBoundaries(
        mine.map((r) => ({ agencyId: r.agencyId, name: r.name, evaluationId: r.evaluationId, total: r.result.total, grade: r.result.grade, eligible: r.result.eligible, vetoed: r.result.vetoed })),
        evaluator.ruleset(c.id).ruleset.grades,
        BOUNDARY_MARGIN,
      );
    }
    const bands = new Map<string, Text>();
    for (const c of categories) for (const g of [...evaluator.ruleset(c.id).ruleset.grades].sort((a, b) => b.min - a.min)) if (!bands.has(g.id)) bands.set(g.id, g.label);
    return {
      filters,
      periods: periods.sort((a, b) => periodStart(b).localeCompare(periodStart(a)) || b.localeCompare(a)),
      active: calibrate(summaries),
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
