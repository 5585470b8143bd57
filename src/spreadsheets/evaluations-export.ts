import { IndicatorIndex } from '../core/tree.js';
import type { EvaluationResult, IndicatorTree } from '../core/types.js';

/** What the export reads of one stored evaluation. */
export interface ExportedEvaluation {
  id: string;
  agencyName: string;
  creditCode: string;
  category: string;
  classPath: string;
  period: string;
  createdAt: string;
  result: EvaluationResult;
}

type Row = (string | number | boolean)[];

/** The wide table (one row per evaluation, every node and indicator of the tree as columns) for CSV and the first sheet. */
export function wideTable(tree: IndicatorTree, evaluations: ExportedEvaluation[]): { header: string[]; rows: Row[] } {
  const index = new IndicatorIndex(tree);
  const dims = index.nodes.filter((n) => !n.leaf);
  const inds = index.leaves;
  const header = [
    'evaluationId', 'agency', 'creditCode', 'category', 'classPath', 'period', 'evaluatedAt',
    'total', 'grade', 'gradeZh', 'eligible', 'vetoed', 'baseTotal', 'bonus',
    ...dims.map((d) => `node.${d.id}`),
    ...inds.flatMap((i) => [`${i.id}.points`, `${i.id}.contribution`]),
    'unmetPrerequisites', 'vetoes', 'missingEvidence', 'rulesetId', 'rulesetVersion', 'edition', 'rulesetHash',
  ];
  const rows = evaluations.map((e) => {
    const r = e.result;
    const byDim = new Map(r.nodes.map((d) => [d.id, d.score]));
    const byInd = new Map(r.indicators.map((i) => [i.id, i]));
    return [
      e.id, e.agencyName, e.creditCode, e.category, e.classPath, e.period, e.createdAt,
      r.total, r.grade, r.gradeLabel.zh, r.eligible, r.vetoed, r.baseTotal, r.bonus.points,
      ...dims.map((d) => byDim.get(d.id) ?? ''),
      ...inds.flatMap((i) => [byInd.get(i.id)?.points ?? '', byInd.get(i.id)?.contribution ?? '']),
      r.unmetPrerequisites.map((g) => g.id).join(' '), r.vetoes.map((g) => g.id).join(' '), r.missingEvidence.map((m) => m.fact).join(' '),
      r.ruleset.id, r.ruleset.version, r.ruleset.edition, r.ruleset.hash,
    ];
  });
  return { header, rows };
}

/** The long indicator breakdown: one row per evaluation and indicator, with the rules that decided it. */
export function indicatorTable(evaluations: ExportedEvaluation[]): { header: string[]; rows: Row[] } {
  const header = ['evaluationId', 'creditCode', 'period', 'parent', 'indicator', 'clause', 'nameZh', 'nameEn', 'points', 'max', 'weight', 'effectiveWeight', 'contribution', 'decidedBy', 'missing'];
  const rows = evaluations.flatMap((e) =>
    e.result.indicators.map((i) => [
      e.id, e.creditCode, e.period, i.parent ?? '', i.id, i.clause, i.name.zh, i.name.en, i.points, i.max, i.weight, i.effectiveWeight, i.contribution,
      i.decidedBy.map((t) => `${t.rule} (${t.points})`).join('; '), i.missing.join(' '),
    ]),
  );
  return { header, rows };
}
