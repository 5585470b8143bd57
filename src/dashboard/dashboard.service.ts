import { Injectable } from '@nestjs/common';
import { calibrate, type Calibration } from '../committee/calibration.js';
import { summarize, type ResultSummary } from '../committee/impact.js';
import { IndicatorIndex, type Text } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import { ImpactJobsService } from '../candidates/impact-jobs.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { StandardService } from '../rulesets/standard.service.js';

/** The committee dashboard's data: calibration under the active rulesets, with the names a page needs. */
export interface DashboardData {
  /** Per category, `calibrate()` of each agency's latest evaluation under the active ruleset content. */
  active: Calibration;
  /** Agencies whose latest evaluation used another ruleset content, per category (not counted above). */
  otherRuleset: Record<string, number>;
  categories: { id: string; name: Text; rulesetHash: string; version: string }[];
  /** Grade ids, best first, with their labels (plus notEligible and vetoed). */
  grades: { id: string; label: Text }[];
  /** The nodes above the leaves of the indicator tree, top down (the radar shows the top level). */
  nodes: { id: string; name: Text; level: number }[];
  /** A draft's calibration (its latest impact run, else computed now), when the page asks for one. */
  candidate?: { id: string; name: string; calibration: Calibration };
  /** The latest drafts, to pick one from. */
  candidates: { id: string; name: string; createdAt: string }[];
}

/** Reads stored evaluations for the committee dashboard (grade distribution and mean dimension scores). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly candidates: CandidatesService,
    private readonly jobs: ImpactJobsService,
  ) {}

  /** Calibration of each category's latest evaluations under the ruleset in force, and of a draft when asked. */
  async data(candidateId?: string): Promise<DashboardData> {
    const recent = (await this.candidates.recent()).map((c) => ({ id: c.id, name: c.name, createdAt: c.createdAt }));
    const active = await this.activeData();
    if (!candidateId) return { ...active, candidates: recent };
    const draft = await this.candidates.get(candidateId);
    const job = await this.jobs.latestDone(candidateId);
    const calibration = job?.report?.calibration.candidate ?? (await this.jobs.calibration(candidateId)).candidate!;
    return { ...active, candidates: recent, candidate: { id: draft.id, name: draft.name, calibration } };
  }

  private async activeData(): Promise<Omit<DashboardData, 'candidates' | 'candidate'>> {
    const { evaluator, standard } = this.standard.current;
    const rows = await this.db.read((m) =>
      m.find(Evaluation, { select: { agencyId: true, category: true, createdAt: true, rulesetHash: true, result: true }, order: { createdAt: 'ASC' } }),
    );
    const latest = new Map<string, Evaluation>();
    for (const r of rows) latest.set(r.agencyId, r);
    const summaries: ResultSummary[] = [];
    const otherRuleset: Record<string, number> = {};
    const categories = evaluator.categories();
    const hashes = new Map(categories.map((c) => [c, evaluator.ruleset(c).hash]));
    for (const r of latest.values()) {
      if (hashes.get(r.category) === r.rulesetHash) summaries.push(summarize(r.result));
      else otherRuleset[r.category] = (otherRuleset[r.category] ?? 0) + 1;
    }
    const first = evaluator.ruleset(categories[0]).ruleset;
    const names = new Map(standard.criteria.classification.categories.map((c) => [c.id, c.name]));
    return {
      active: calibrate(summaries),
      otherRuleset,
      categories: categories.map((c) => ({ id: c, name: names.get(c) ?? { zh: c, en: c }, rulesetHash: hashes.get(c)!, version: evaluator.ruleset(c).ruleset.version })),
      grades: [
        ...[...first.grades].sort((a, b) => b.min - a.min).map((g) => ({ id: g.id, label: g.label })),
        { id: 'notEligible', label: { zh: '不符合参评条件', en: 'Not eligible' } },
        { id: 'vetoed', label: { zh: '一票否决', en: 'Vetoed' } },
      ],
      nodes: new IndicatorIndex(standard.criteria.indicators).nodes.filter((n) => !n.leaf).map((n) => ({ id: n.id, name: n.def.name, level: n.level })),
    };
  }
}
