import { IndicatorIndex, type TreeNode } from './tree.js';
import type { Criteria, Provenance, Ruleset, Text } from './types.js';

/** The ways a provenance can be wrong, in the words both the JSON Schema's errors and the semantic check use. */
export const PROVENANCE_PROBLEMS = {
  basis: {
    zh: '缺少依据 basis：standard（标准条文规定）或 committee（委员会设定）',
    en: 'missing "basis": standard (the standard says it) or committee (the committee set it)',
  },
  clause: {
    zh: '依据为 standard 时须用 clause 注明标准中规定它的条款',
    en: 'a "standard" basis must cite the clause that says it in "clause"',
  },
  rationale: {
    zh: '依据为 committee 时须用 rationale 写明委员会的理由（中英文）',
    en: 'a "committee" basis must give the committee\'s reasons in "rationale" (zh and en)',
  },
  committeeClause: {
    zh: '依据为 committee 时不引用条款（标准未作此规定）；相关条款请写在 rationale 中',
    en: 'a "committee" basis cites no clause (the standard does not say it); name related clauses in "rationale"',
  },
  standardRationale: {
    zh: '依据为 standard 时由条款说明，不写 rationale；若规则超出条款所述，依据应为 committee',
    en: 'a "standard" basis is explained by its clause, without "rationale"; a rule that goes beyond its clause has a "committee" basis',
  },
} satisfies Record<string, Text>;

/** Every provenance a ruleset states, by JSON pointer: scoring rules, prerequisites, vetoes, bonus, grade bands, date. */
export function provenanceEntries(r: Ruleset): { pointer: string; provenance: Provenance }[] {
  const out: { pointer: string; provenance: Provenance }[] = [];
  const put = (pointer: string, p: Provenance | undefined) => p && out.push({ pointer, provenance: provenanceOf(p) });
  put('/effectiveFromBasis', r.effectiveFromBasis);
  for (const [id, ind] of Object.entries(r.indicators)) for (const [key, rule] of Object.entries(ind.rules)) put(`/indicators/${id}/rules/${key}`, rule);
  for (const [key, gate] of Object.entries(r.prerequisites)) put(`/prerequisites/${key}`, gate);
  for (const [key, gate] of Object.entries(r.vetoes)) put(`/vetoes/${key}`, gate);
  put('/bonus', r.bonus);
  for (const [key, rule] of Object.entries(r.bonus.items)) put(`/bonus/items/${key}`, rule);
  r.grades.forEach((g, i) => put(`/grades/${i}`, g));
  return out;
}

/** Only the provenance of a rule, band or bonus, as results carry it. */
export function provenanceOf(p: Provenance): Provenance {
  const out: Provenance = { basis: p.basis };
  if (p.clause !== undefined) out.clause = p.clause;
  if (p.rationale !== undefined) out.rationale = p.rationale;
  return out;
}

/** The problem with a provenance's shape (basis with its clause or rationale), or undefined. */
export function provenanceProblem(p: Partial<Provenance>): Text | undefined {
  if (p.basis === 'standard') {
    if (typeof p.clause !== 'string' || p.clause.trim() === '') return PROVENANCE_PROBLEMS.clause;
    if (p.rationale !== undefined) return PROVENANCE_PROBLEMS.standardRationale;
    return undefined;
  }
  if (p.basis === 'committee') {
    if (p.rationale === undefined) return PROVENANCE_PROBLEMS.rationale;
    if (p.clause !== undefined) return PROVENANCE_PROBLEMS.committeeClause;
    return undefined;
  }
  return PROVENANCE_PROBLEMS.basis;
}

/**
 * Every clause criteria/ records, with what it names: the indicator tree's nodes and aspects, Table 1's categories,
 * the terms and definitions, the normative references and any other provisions. A `standard` basis must cite one
 * of these.
 */
export function knownClauses(criteria: Pick<Criteria, 'indicators' | 'classification' | 'terms'>): Map<string, Text> {
  const out = new Map<string, Text>();
  const put = (clause: string | undefined, what: Text) => {
    if (typeof clause === 'string' && !out.has(clause)) out.set(clause, what);
  };
  for (const node of new IndicatorIndex(criteria.indicators).nodes) {
    put(node.def.clause, node.def.name);
    for (const a of node.def.aspects ?? []) put(a.clause, a.name);
  }
  for (const c of criteria.classification.categories ?? []) put(c.clause, c.name);
  const terms = criteria.terms;
  for (const r of terms?.normativeReferences ?? []) put(r.clause, { zh: '规范性引用文件', en: 'Normative references' });
  for (const t of terms?.terms ?? []) put(t.clause, t.term);
  for (const p of terms?.provisions ?? []) put(p.clause, p.title);
  return out;
}

/** The clauses a scoring rule of this leaf may cite: the leaf's, its aspects' and those of the nodes above it. */
export function clausesOfLeaf(leaf: TreeNode): string[] {
  const out = [leaf.def.clause, ...(leaf.def.aspects ?? []).map((a) => a.clause)];
  for (let n = leaf.parent; n; n = n.parent) out.push(n.def.clause);
  return out;
}
