import { Injectable, Logger } from '@nestjs/common';
import { Advisor, type Advice } from '../advice/advisor.js';
import { Agency } from '../agencies/agency.entity.js';
import { ApiError } from '../common/api-error.js';
import { leavesOf } from '../core/conditions.js';
import { Evaluator, provenanceOf, type EvaluationResult, type FactDictionary, type Provenance, type ScoringRule, type Text } from '../core/index.js';
import { resolvePath } from '../core/safe-path.js';
import { Db } from '../database/db.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { StoredResults, type ExpandedEvaluation } from '../evaluations/stored-results.js';
import { classNamesOf, useNames } from '../pages/standard-view.js';
import { StandardService, type ActiveStandard } from '../rulesets/standard.service.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import { PeersService } from './peers.service.js';
import { termsUsed, type ReportTerm } from './provenance.section.js';

/** A scoring rule an agency did not meet: what it asks (its reason), what the agency has, what it would give. */
export interface UnmetRule {
  rule: string;
  /** Its clause, or the committee's rationale where the standard does not make it. */
  provenance: Provenance;
  reason: Text;
  /** Points the rule awards when met (fixed points only). */
  points?: number;
  /** The facts its conditions read, with the agency's values. */
  basis: { fact: string; actual: unknown }[];
}

/** Everything the report page shows, gathered from storage and the standard in force. */
export interface ReportData {
  evaluation: { id: string; period: string; createdAt: string; rulesetHash: string; evaluatedBy: string };
  agency: { id: string; name: string; creditCode: string; region: string; category: string; categoryName: Text; classNames: Text[] };
  result: EvaluationResult;
  /** Mean top-level scores of the category's agencies (latest evaluation each, same ruleset content), when two or more. */
  categoryAverage: { agencies: number; nodes: Record<string, number> } | null;
  /** The names of the indicator tree's levels, from the top. */
  levels: Text[];
  /**
   * Where the total stands among the latest evaluations of the category's other agencies under the same ruleset
   * content (eligible and not vetoed): `percent` of them have a lower total. Null when there is no peer, or when
   * this evaluation is not ranked itself (not eligible or vetoed).
   */
  standing: { rank: number; of: number; percent: number } | null;
  /** Per indicator, the scoring rules not met that would have given more points (null when the facts are gone). */
  unmet: Record<string, UnmetRule[]> | null;
  /** Advice under the ruleset in force; null when the stored facts no longer pass its dictionary. */
  advice: Advice | null;
  /** True when the advice used another ruleset than the evaluation (a revision since). */
  adviceUnderNewerRuleset: boolean;
  dictionary: FactDictionary;
  /** Names of the tree's nodes and of the other uses a fact may have (prerequisites, vetoes, bonus). */
  useNames: Record<string, Text>;
  /** The standard's terms that decide what this category's facts count (e.g. which clients are SMEs). */
  terms: ReportTerm[];
}

/** Reads an evaluation with its agency, peers and facts, and computes the unmet rules and the improvement advice. */
@Injectable()
export class ReportService {
  private readonly logger = new Logger(ReportService.name);
  private advisors = new WeakMap<ActiveStandard, Advisor>();

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly peers: PeersService,
    private readonly results: StoredResults,
  ) {}

  /** The report's data for one stored evaluation (404 when there is none). */
  async report(id: string): Promise<ReportData> {
    const active = this.standard.current;
    const { stored, agency, submission } = await this.db.read(async (m) => {
      const stored = await m.findOneBy(Evaluation, { id });
      if (!stored) throw ApiError.notFound({ zh: '评价', en: 'evaluation' }, id);
      const agency = await m.findOneByOrFail(Agency, { id: stored.agencyId });
      const submission = await m.findOneBy(FactSubmission, { id: stored.submissionId });
      return { stored, agency, submission };
    });
    const [row] = await this.results.expand([stored]);
    const advice = submission ? await this.advise(active, row.category, submission.facts) : null;
    const { categoryAverage, standing } = await this.peers.of(row);
    return {
      evaluation: { id: row.id, period: row.period, createdAt: row.createdAt, rulesetHash: row.rulesetHash, evaluatedBy: row.evaluatedBy },
      agency: {
        id: agency.id,
        name: agency.name,
        creditCode: agency.creditCode,
        region: agency.region,
        category: agency.category,
        ...classNamesOf(active.standard.criteria.classification, agency.category, agency.classPath),
      },
      result: row.result,
      categoryAverage,
      levels: active.standard.criteria.indicators.levels,
      standing,
      unmet: submission ? await this.unmet(row, submission.facts) : null,
      advice,
      adviceUnderNewerRuleset: advice !== null && active.evaluator.ruleset(row.category).hash !== row.rulesetHash,
      dictionary: active.standard.criteria.facts,
      useNames: useNames(active.standard.criteria),
      terms: active.evaluator.categories().includes(row.category) ? termsUsed(active.standard.criteria, active.evaluator.program(row.category)) : [],
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

  /**
   * The scoring rules of each indicator the agency did not meet and that would have given more: additive items
   * not earned, and tiers above the one reached. Decided under the evaluation's own ruleset (its stored snapshot).
   */
  private async unmet(row: ExpandedEvaluation, facts: Record<string, unknown>): Promise<Record<string, UnmetRule[]> | null> {
    const evaluator = await this.results.evaluatorOf(row.category, row.rulesetHash);
    if (!evaluator) return null;
    let scored: Awaited<ReturnType<Evaluator['score']>>;
    try {
      scored = await evaluator.score(row.category, facts);
    } catch (e) {
      this.logger.warn(`no unmet rules for evaluation ${row.id}: ${(e as Error).message}`);
      return null;
    }
    const matched = new Set(scored.matched);
    const out: Record<string, UnmetRule[]> = {};
    for (const [indicator, rules] of evaluator.program(row.category).byIndicator) {
      const best = new Map<string, number>();
      for (const t of row.result.indicators.find((i) => i.id === indicator)?.decidedBy ?? []) if (t.tier !== undefined) best.set(t.tier, t.points);
      out[indicator] = rules
        .filter((r) => !matched.has(r.name))
        .map((r) => ({ name: r.name, def: r.def as ScoringRule }))
        .filter(({ def }) => def.tier === undefined || typeof def.points !== 'number' || def.points > (best.get(def.tier) ?? -1))
        .map(({ name, def }) => ({
          rule: name,
          provenance: provenanceOf(def),
          reason: def.reason,
          points: typeof def.points === 'number' ? def.points : undefined,
          basis: leavesOf(def.conditions, '').map(({ leaf }) => ({ fact: leaf.fact, actual: leaf.path ? resolvePath(scored.facts[leaf.fact], leaf.path) : scored.facts[leaf.fact] })),
        }));
    }
    return out;
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
