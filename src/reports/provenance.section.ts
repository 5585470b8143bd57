import type { Criteria, Provenance, TermDef, Text } from '../core/index.js';
import type { RuleProgram } from '../core/rule-program.js';
import { bi, bi2, esc } from '../pages/html.js';

/** A term of the standard that decides what some fact of this evaluation counts, with those facts' labels. */
export interface ReportTerm {
  term: TermDef;
  facts: Text[];
}

/**
 * Where a rule, condition or grade comes from: its clause when the standard says it; a "委员会设定 / committee
 * default" tag when the standard does not, with the committee's rationale below it (`withRationale`) or on hover (a
 * scoring rule's, so that the report stays within three A4 pages). A stored result from before provenance was
 * recorded shows its clause only.
 */
export function basisTag(p: Partial<Provenance>, withRationale = true): string {
  if (p.basis === 'committee') {
    const why = withRationale && p.rationale ? `<div class="why" data-field="rationale">${bi(p.rationale)}</div>` : '';
    const title = p.rationale ? ` title="${esc(`${p.rationale.zh}\n${p.rationale.en}`)}"` : '';
    return `<span class="tag" data-basis="committee"${title}>${bi2('委员会设定', 'committee default')}</span>${why}`;
  }
  return p.clause ? `<b data-basis="${esc(p.basis ?? '')}">${esc(p.clause)}</b>` : '';
}

/** Only the committee's tag (rationale on hover): for a scoring rule, whose indicator row shows the clause already. */
export function committeeTag(p: Partial<Provenance>): string {
  return p.basis === 'committee' ? basisTag(p, false) : '';
}

/** The terms with a note for evaluations that the category's rules rely on through their facts (e.g. 3.1 中小企业). */
export function termsUsed(criteria: Criteria, program: RuleProgram): ReportTerm[] {
  const facts = new Set(program.rules.flatMap((r) => r.facts));
  const out: ReportTerm[] = [];
  for (const term of criteria.terms.terms) {
    if (!term.inEvaluation) continue;
    const naming = [...facts].map((f) => criteria.facts.facts[f]).filter((def) => def?.terms?.includes(term.id));
    if (naming.length > 0) out.push({ term, facts: naming.map((def) => def.label) });
  }
  return out;
}

/** The report footer's lines on the standard's terms and on what the committee set. */
export function provenanceFooter(terms: ReportTerm[]): string {
  const lines = terms.map(({ term, facts }) => {
    const note = term.inEvaluation!;
    const text = {
      zh: `${term.clause} ${term.term.zh}：${note.zh}（${facts.map((f) => f.zh).join('、')}）`,
      en: `${term.clause} ${term.term.en}: ${note.en} (${facts.map((f) => f.en).join('; ')})`,
    };
    return `<div data-term="${esc(term.id)}">${bi(text)}</div>`;
  });
  lines.push(
    `<div>${bi2(
      '标有“委员会设定”的条件、规则与等级是标准未作规定、由标准委员会设定的；其余规则所注条款为标准条文。权重、分值、档位与等级线均为委员会可编辑的默认值。',
      'Conditions, rules and grades tagged "committee default" are not in the standard: the standards committee set them. The other rules cite the standard\'s clause. Weights, points, tiers and grade thresholds are all committee-editable defaults.',
    )}</div>`,
  );
  return lines.join('\n  ');
}
