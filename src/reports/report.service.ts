import { Injectable, Logger } from '@nestjs/common';
import { Advisor, type Advice } from '../advice/advisor.js';
import { Agency } from '../agencies/agency.entity.js';
import { ApiError } from '../common/api-error.js';
import type { Classification, EvaluationResult, FactDictionary, Text } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { StandardService, type ActiveStandard } from '../rulesets/standard.service.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';

/** Everything the report page shows, gathered from storage and the standard in force. */
export interface ReportData {
  evaluation: { id: string; period: string; createdAt: string; rulesetHash: string };
  agency: { id: string; name: string; creditCode: string; region: string; category: string; categoryName: Text; classNames: Text[] };
  result: EvaluationResult;
  /** Mean node scores of the category's agencies (latest evaluation each, same ruleset content), when two or more. */
  categoryAverage: { agencies: number; nodes: Record<string, number> } | null;
  /** The names of the indicator tree's levels, from the top. */
  levels: Text[];
  /** Advice under the ruleset in force; null when the stored facts no longer pass its dictionary. */
  advice: Advice | null;
  /** True when the advice used another ruleset than the evaluation (a revision since). */
  adviceUnderNewerRuleset: boolean;
  dictionary: FactDictionary;
}

/** Reads an evaluation with its agency, peers and facts, and computes the improvement advice. */
@Injectable()
export class ReportService {
  private readonly logger = new Logger(ReportService.name);
  private advisors = new WeakMap<ActiveStandard, Advisor>();

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
  ) {}

  /** The report's data for one stored evaluation (404 when there is none). */
  async report(id: string): Promise<ReportData> {
    const active = this.standard.current;
    const { row, agency, submission, peers } = await this.db.read(async (m) => {
      const row = await m.findOneBy(Evaluation, { id });
      if (!row) throw ApiError.notFound({ zh: '评价', en: 'evaluation' }, id);
      const agency = await m.findOneByOrFail(Agency, { id: row.agencyId });
      const submission = await m.findOneBy(FactSubmission, { id: row.submissionId });
      const peers = await m.find(Evaluation, {
        select: { agencyId: true, createdAt: true, result: true },
        where: { category: row.category, rulesetHash: row.rulesetHash },
      });
      return { row, agency, submission, peers };
    });
    const advice = submission ? await this.advise(active, row.category, submission.facts) : null;
    return {
      evaluation: { id: row.id, period: row.period, createdAt: row.createdAt, rulesetHash: row.rulesetHash },
      agency: { id: agency.id, name: agency.name, creditCode: agency.creditCode, region: agency.region, category: agency.category, ...classNames(active.standard.criteria.classification, agency) },
      result: row.result,
      categoryAverage: average(peers),
      advice,
      adviceUnderNewerRuleset: advice !== null && active.evaluator.ruleset(row.category).hash !== row.rulesetHash,
      dictionary: active.standard.criteria.facts,
      levels: active.standard.criteria.indicators.levels,
    };
  }

  /** Advice for stored facts under the standard in force. */
  async adviceFor(id: string): Promise<Advice | null> {
    const active = this.standard.current;
    const { row, submission } = await this.db.read(async (m) => {
      const row = await m.findOneBy(Evaluation, { id });
      if (!row) throw ApiError.notFound({ zh: '评价', en: 'evaluation' }, id);
      return { row, submission: await m.findOneBy(FactSubmission, { id: row.submissionId }) };
    });
    return submission ? this.advise(active, row.category, submission.facts) : null;
  }

  private async advise(active: ActiveStandard, category: string, facts: Record<string, unknown>): Promise<Advice | null> {
    let advisor = this.advisors.get(active);
    if (!advisor) {
      advisor = new Advisor(active.standard, active.evaluator);
      this.advisors.set(active, advisor);
    }
    try {
      return await advisor.advise(category, facts);
    } catch (e) {
      this.logger.warn(`no advice: ${(e as Error).message}`);
      return null;
    }
  }
}

/** The category's and the Table 1 classes' names for an agency's class path ("a/b/subtype"). */
function classNames(classification: Classification, agency: Agency): { categoryName: Text; classNames: Text[] } {
  const category = classification.categories.find((c) => c.id === agency.category);
  const names: Text[] = [];
  const [second, third, subtype] = agency.classPath.split('/');
  const s = category?.classes.find((c) => c.id === second);
  if (s) names.push(s.name);
  const t = s?.classes.find((c) => c.id === third);
  if (t) names.push(t.name);
  const st = t?.subtypes?.find((c) => c.id === subtype);
  if (st) names.push(st.name);
  return { categoryName: category?.name ?? { zh: agency.category, en: agency.category }, classNames: names };
}

/** Mean node scores over each agency's latest evaluation; null below two agencies (no average to compare). */
function average(peers: Pick<Evaluation, 'agencyId' | 'createdAt' | 'result'>[]): ReportData['categoryAverage'] {
  const latest = new Map<string, (typeof peers)[number]>();
  for (const p of peers) {
    const held = latest.get(p.agencyId);
    if (!held || held.createdAt < p.createdAt) latest.set(p.agencyId, p);
  }
  if (latest.size < 2) return null;
  const sums: Record<string, number> = {};
  for (const p of latest.values()) for (const d of p.result.nodes) sums[d.id] = (sums[d.id] ?? 0) + d.score;
  const nodes = Object.fromEntries(Object.entries(sums).map(([id, s]) => [id, Math.round((s / latest.size) * 100) / 100]));
  return { agencies: latest.size, nodes };
}
