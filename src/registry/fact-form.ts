/**
 * The facts form, generated from the fact dictionary and the category's rules: which facts it asks for, how they
 * are grouped and explained, and how a posted form turns back into facts and evidence references (each problem
 * named by its field). Cell parsing is shared with the spreadsheet import, so both read values the same way.
 */
import type { Criteria, FactDef, Text } from '../core/types.js';
import type { RuleProgram } from '../core/rule-program.js';
import { fromCell } from '../spreadsheets/fact-cells.js';
import { treeNodes, useName } from '../pages/standard-view.js';

/** One fact of the form with what helps to fill it in. */
export interface FactField {
  id: string;
  def: FactDef;
  /** The clauses of the standard whose scoring uses it: clause, name and the clause's text. */
  help: { clause: string; name: Text; definition?: Text }[];
  /** What else uses it (prerequisites, vetoes, bonus items), by name. */
  uses: Text[];
}

export interface FactGroup {
  id: string;
  name: Text;
  fields: FactField[];
}

/** How many empty rows a list of objects offers beyond its items. */
export const SPARE_ROWS = 2;

/**
 * The facts an agency of a category is asked for: every fact of the dictionary but the derived counts (they are
 * computed). Facts the category's rules read, and required ones, are grouped by the top-level node of the first
 * indicator that uses them, facts for prerequisites and vetoes first, bonus facts after; the rest come last, so a
 * correction of a stored submission keeps every fact it had.
 */
export function factGroups(criteria: Criteria, program: RuleProgram): FactGroup[] {
  const read = new Set(program.rules.flatMap((r) => r.facts));
  const nodes = treeNodes(criteria);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // A leaf's group is its top-level ancestor (itself when it sits at the top).
  const topOf = (id: string): string => {
    let n = byId.get(id)!;
    while (n.parent) n = byId.get(n.parent)!;
    return n.id;
  };
  const parentOf = new Map(nodes.filter((n) => n.leaf).map((n) => [n.id, topOf(n.id)]));
  const groups = new Map<string, FactGroup>([['gates', { id: 'gates', name: { zh: '参评条件与一票否决', en: 'Prerequisites and vetoes' }, fields: [] }]]);
  for (const n of nodes) if (n.level === 1) groups.set(n.id, { id: n.id, name: n.name, fields: [] });
  groups.set('bonus', { id: 'bonus', name: { zh: '加分项', en: 'Bonus items' }, fields: [] });
  groups.set('unused', { id: 'unused', name: { zh: '其他事实（本类别的规则未使用，可不填）', en: 'Other facts (not read by this category\'s rules; optional)' }, fields: [] });
  for (const [id, def] of Object.entries(criteria.facts.facts)) {
    if (def.derive) continue;
    const indicator = def.indicators.find((u) => parentOf.has(u));
    const group = !(def.required || read.has(id))
      ? 'unused'
      : indicator
        ? parentOf.get(indicator)!
        : def.indicators.includes('bonus') && !def.indicators.some((u) => u === 'eligibility' || u === 'veto')
          ? 'bonus'
          : 'gates';
    const help = def.indicators.flatMap((u) => nodes.filter((n) => n.id === u)).map((n) => ({ clause: n.clause, name: n.name, definition: n.definition }));
    const uses = def.indicators.filter((u) => !parentOf.has(u)).map((u) => useName(criteria, u));
    groups.get(group)!.fields.push({ id, def, help, uses });
  }
  return [...groups.values()].filter((g) => g.fields.length > 0);
}

/** A posted form's body as fastify's form parser gives it (repeated names become lists). */
export type FormBody = Record<string, string | string[] | undefined>;

/** The form's field names: `f.<fact>` (and `f.<fact>.<row>.<field>` for lists of objects), `e.<fact>` for evidence. */
export const fieldName = (fact: string, ...rest: (string | number)[]) => ['f', fact, ...rest].join('.');
export const evidenceName = (fact: string) => `e.${fact}`;

export interface ParsedFacts {
  facts: Record<string, unknown>;
  evidence: Record<string, string[]>;
  /** Problems by fact id. */
  errors: Record<string, Text>;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v)?.trim() ?? '';
const all = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter((s) => s !== '');

/** Facts and evidence from a posted form; an empty input is an absent fact. */
export function parseFactsForm(body: FormBody, groups: FactGroup[]): ParsedFacts {
  const out: ParsedFacts = { facts: {}, evidence: {}, errors: {} };
  for (const { id, def } of groups.flatMap((g) => g.fields)) {
    const parsed = fromCell(def, formCell(body, id, def));
    if ('error' in parsed) out.errors[id] = parsed.error;
    else if (parsed.value !== undefined) out.facts[id] = parsed.value;
    const refs = one(body[evidenceName(id)]).split(/[\n,，;；]+/).map((s) => s.trim()).filter((s) => s !== '');
    if (refs.length > 0) out.evidence[id] = refs;
  }
  return out;
}

/** A fact's inputs as the one text the shared cell parser reads (null when nothing was entered). */
function formCell(body: FormBody, id: string, def: FactDef): string | null {
  if (def.type !== 'list') return one(body[fieldName(id)]) || null;
  if (def.items?.type !== 'object') {
    const values = all(body[fieldName(id)]);
    return values.length > 0 ? values.join(', ') : null;
  }
  const fields = Object.keys(def.items.fields ?? {});
  const rows: Record<string, string>[] = [];
  for (let row = 0; row < 200; row++) {
    const names = fields.map((f) => fieldName(id, row, f));
    if (names.every((n) => !(n in body))) break;
    const item = Object.fromEntries(fields.map((f, i) => [f, one(body[names[i]])]).filter(([, v]) => v !== ''));
    if (Object.keys(item).length > 0) rows.push(item);
  }
  return rows.length > 0 ? JSON.stringify(rows) : null;
}

/** The text an input shows for a stored fact value (the form's own way back from facts). */
export function inputValue(def: FactDef, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (def.type === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
