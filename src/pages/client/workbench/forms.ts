/**
 * The forms of the workbench for one rule file: weights per level of the tree with live sums; each indicator's full
 * mark and its rules (tier thresholds and points, points per unit and caps, ratings); prerequisites, vetoes, bonus
 * items and the cap; grade bands. Everything is generated from the loaded tree and the file's (resolved) rules.
 * A field shows the file's own value, or the value it inherits (greyed) in a category file that extends another.
 */
import type { Condition, Points, Provenance, Ruleset, ScoringRule, GateRule, Text, TopCondition } from '../../../core/types.js';
import { bi, bi2, h, type Child } from '../dom.js';
import { pointerOf, valueAt } from './json-doc.js';

/** A node of the tree as the page gets it. */
export interface WbNode {
  id: string;
  name: Text;
  clause: string;
  level: number;
  parent: string | null;
  leaf: boolean;
  weight: { pointer: string; group: string };
}

export interface FormContext {
  /** The file's own content (last text that parsed). */
  own: unknown;
  /** What the file resolves to: a category's ruleset with `extends` applied, or the file itself. */
  view: Partial<Ruleset> | undefined;
  /** True when the file extends another (empty fields inherit). */
  inherits: boolean;
  tree: WbNode[];
  levels: Text[];
  facts: Record<string, { label: Text; unit?: Text }>;
  /** Problems of this file by JSON pointer. */
  issues: Map<string, Text>;
  /** Sets (or, with undefined, removes) the file's own value at a pointer. */
  set(pointer: string, value: unknown): void;
}

const OPS: Record<string, string> = {
  equal: '=', notEqual: '≠', in: '∈', notIn: '∉', contains: '∋', doesNotContain: '∌',
  lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥',
};

/** The forms for one file, in sections. */
export function buildForms(ctx: FormContext): HTMLElement {
  const v = ctx.view;
  return h(
    'div',
    { class: 'wb-forms' },
    v?.weights ? weightsSection(ctx) : null,
    v?.indicators ? indicatorsSection(ctx) : null,
    v?.prerequisites || v?.vetoes ? gatesSection(ctx) : null,
    v?.bonus ? bonusSection(ctx) : null,
    v?.grades ? gradesSection(ctx) : null,
  );
}

/** A number input bound to a pointer: own value, or the inherited one as a greyed placeholder. */
function numberInput(ctx: FormContext, pointer: string, attrs: Record<string, string> = {}): HTMLInputElement {
  const own = valueAt(ctx.own, pointer);
  const seen = valueAt(ctx.view, pointer);
  const inherited = ctx.inherits && own === undefined;
  const input = h('input', {
    type: 'number',
    step: 'any',
    'data-pointer': pointer,
    value: inherited ? '' : typeof (own ?? seen) === 'number' ? String(own ?? seen) : '',
    placeholder: typeof seen === 'number' ? String(seen) : '',
    class: inherited ? 'inherited' : '',
    title: inherited ? 'inherited / 继承' : '',
    ...attrs,
  });
  input.addEventListener('input', () => {
    if (input.value.trim() === '') {
      if (ctx.inherits) ctx.set(pointer, undefined);
      return;
    }
    const x = Number(input.value);
    if (Number.isFinite(x)) ctx.set(pointer, x);
  });
  return input;
}

/** A field with the problem the checks found at its pointer, if any. */
function field(ctx: FormContext, pointer: string, input: HTMLElement): Child[] {
  const problem = ctx.issues.get(pointer);
  if (problem) input.classList.add('invalid');
  return [input, problem ? h('div', { class: 'error', 'data-error': pointer }, bi(problem)) : null];
}

function section(id: string, title: Text, open: boolean, ...body: Child[]): HTMLElement {
  return h('details', { class: 'wb-section', 'data-section': id, open }, h('summary', {}, bi(title)), ...body);
}

/** The problems under a part of the file that no single field shows (a sum, a band's order), at its head. */
function sectionIssues(ctx: FormContext, prefix: string, shown: (pointer: string) => boolean): Child {
  const mine = [...ctx.issues].filter(([p]) => (p === prefix || p.startsWith(`${prefix}/`)) && !shown(p));
  return mine.length ? h('div', { class: 'error', 'data-error': prefix }, mine.map(([p, m]) => h('div', {}, h('code', {}, p), ' ', bi(m)))) : null;
}

function weightsSection(ctx: FormContext): HTMLElement {
  const form = (valueAt(ctx.view, '/weights/form') as string | undefined) ?? 'shareOfParent';
  const depth = Math.max(...ctx.tree.map((n) => n.level));
  const byId = new Map(ctx.tree.map((n) => [n.id, n]));
  const levels: Child[] = [];
  for (let level = 1; level <= depth; level++) {
    const nodes = ctx.tree.filter((n) => n.level === level);
    const groups = [...new Set(nodes.map((n) => n.weight.group))];
    const name = ctx.levels[level - 1] ?? { zh: `第${level}级`, en: `Level ${level}` };
    levels.push(
      h('h4', {}, bi(name)),
      h('div', { class: 'wb-weight-groups' }, groups.map((group) => {
        const parent = group ? byId.get(group) : undefined;
        return h('table', { class: 'wb-weights', 'data-group': group },
          parent ? h('caption', {}, parent.clause, ' ', bi(parent.name)) : null,
          h('tbody', {}, nodes.filter((n) => n.weight.group === group).map((n) =>
            h('tr', { 'data-node': n.id }, h('td', {}, n.clause, ' ', bi(n.name)), h('td', { class: 'n' }, field(ctx, n.weight.pointer, numberInput(ctx, n.weight.pointer, { min: '0', max: '1', 'data-group': group, 'data-node': n.id })))))),
          h('tfoot', {}, h('tr', {}, h('td', {}, bi2('合计', 'Sum')), h('td', { class: 'n', 'data-sum': group }))),
        );
      })),
    );
  }
  const formText = form === 'shareOfTotal' ? bi2('（占总分的份额：一级之和为 1，下级之和等于上级的权重）', '(shares of the total: the top level sums to 1, children to their parent\'s weight)') : bi2('（占上级的份额：同级之和为 1）', '(shares of the parent: siblings sum to 1)');
  const pointers = new Set(ctx.tree.map((n) => n.weight.pointer));
  return section('weights', { zh: '权重', en: 'Weights' }, true, h('p', { class: 'why' }, formText), sectionIssues(ctx, '/weights', (p) => pointers.has(p)), ...levels);
}

/** Recomputes every weight group's sum from the inputs (own values, or the inherited placeholders). */
export function updateSums(root: HTMLElement, form: string | undefined): void {
  const valueOf = (input: HTMLInputElement) => Number(input.value.trim() === '' ? input.placeholder : input.value) || 0;
  const inputs = [...root.querySelectorAll<HTMLInputElement>('input[data-group]')];
  for (const cell of root.querySelectorAll<HTMLElement>('[data-sum]')) {
    const group = cell.dataset.sum ?? '';
    const sum = inputs.filter((i) => i.dataset.group === group).reduce((s, i) => s + valueOf(i), 0);
    const parent = inputs.find((i) => i.dataset.node === group);
    const target = form === 'shareOfTotal' && group !== '' && parent ? valueOf(parent) : 1;
    const ok = Math.abs(sum - target) < 1e-9;
    cell.replaceChildren(h('span', { class: ok ? 'ok' : 'bad', 'data-field': 'sum', 'data-ok': String(ok) }, `${round(sum)}${ok ? ' ✓' : ` ≠ ${round(target)}`}`));
  }
}

const round = (x: number) => String(Math.round(x * 1e6) / 1e6);

function indicatorsSection(ctx: FormContext): HTMLElement {
  const rules = ctx.view?.indicators ?? {};
  const leaves = ctx.tree.filter((n) => n.leaf && rules[n.id]);
  return section('indicators', { zh: '指标：满分、档位、分值、每单位分值、评分', en: 'Indicators: full marks, tiers, points, points per unit, ratings' }, false,
    leaves.map((n) => {
      const base = pointerOf(['indicators', n.id]);
      const hasIssue = [...ctx.issues.keys()].some((p) => p.startsWith(`${base}/`) || p === base);
      return h('details', { class: 'wb-indicator', 'data-indicator': n.id, open: hasIssue },
        h('summary', {}, `${n.clause} `, bi(n.name)),
        h('label', { class: 'wb-inline' }, bi2('满分', 'Full mark'), ' ', field(ctx, `${base}/max`, numberInput(ctx, `${base}/max`, { min: '0' }))),
        rulesTable(ctx, `${base}/rules`, rules[n.id].rules),
      );
    }));
}

function rulesTable(ctx: FormContext, base: string, rules: Record<string, ScoringRule>): HTMLElement {
  return h('table', { class: 'wb-rules' },
    h('thead', {}, h('tr', {}, h('th', {}, bi2('规则', 'Rule')), h('th', {}, bi2('档位组', 'Tier')), h('th', {}, bi2('条件', 'Condition')), h('th', {}, bi2('分值', 'Points')))),
    h('tbody', {}, Object.entries(rules).map(([key, rule]) => {
      const at = `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return h('tr', { 'data-rule': key }, h('td', {}, h('code', {}, key), h('div', { class: 'why' }, bi(rule.reason)), basis(rule)), h('td', {}, rule.tier ?? '—'), h('td', {}, condition(ctx, `${at}/conditions`, rule.conditions)), h('td', {}, points(ctx, `${at}/points`, rule.points)));
    })));
}

/** Where a rule comes from: the standard's clause, or the committee's tag with its rationale on hover. */
function basis(p: Partial<Provenance>): Child {
  if (p.basis === 'committee') return h('span', { class: 'tag', 'data-basis': 'committee', title: p.rationale ? `${p.rationale.zh}\n${p.rationale.en}` : '' }, bi2('委员会设定', 'committee default'));
  return p.clause ? h('span', { class: 'sub', 'data-basis': 'standard' }, bi2('标准 ', 'standard '), p.clause) : null;
}

/** A condition with its numeric values as inputs (thresholds); other values as text. */
function condition(ctx: FormContext, pointer: string, c: Condition | TopCondition): Child {
  if ('all' in c || 'any' in c) {
    const [kind, list] = 'all' in c ? (['all', c.all] as const) : (['any', c.any] as const);
    const joiner = kind === 'all' ? bi2(' 且 ', ' and ') : bi2(' 或 ', ' or ');
    return h('span', { class: 'wb-cond' }, list.map((x, i) => [i > 0 ? joiner : null, condition(ctx, `${pointer}/${kind}/${i}`, x)]));
  }
  if ('not' in c) return h('span', { class: 'wb-cond' }, bi2('非', 'not '), '(', condition(ctx, `${pointer}/not`, c.not), ')');
  const fact = ctx.facts[c.fact];
  const value = typeof c.value === 'number' ? field(ctx, `${pointer}/value`, numberInput(ctx, `${pointer}/value`, { class: 'narrow' })) : h('code', {}, JSON.stringify(c.value));
  return h('span', { class: 'wb-leaf', title: c.fact }, fact ? bi(fact.label) : c.fact, c.path ? c.path.slice(1) : '', ` ${OPS[c.operator] ?? c.operator} `, value, fact?.unit ? [' ', bi(fact.unit)] : null);
}

function points(ctx: FormContext, pointer: string, p: Points): Child {
  const n = (sub: string, label?: Text) => [label ? [bi(label), ' '] : null, field(ctx, `${pointer}${sub}`, numberInput(ctx, `${pointer}${sub}`, { class: 'narrow' }))];
  if (typeof p === 'number') return n('');
  if ('perUnit' in p) return h('span', { class: 'wb-points' }, n('/perUnit', { zh: '每单位', en: 'per unit' }), ' ', n('/cap', { zh: '上限', en: 'cap' }), h('div', { class: 'why' }, ctx.facts[p.fact] ? bi(ctx.facts[p.fact].label) : p.fact));
  return h('span', { class: 'wb-points' }, bi2('评分', 'rating'), ' ', n('/range/0'), '–', n('/range/1'), ' → 0–', n('/max'), h('div', { class: 'why' }, ctx.facts[p.rating] ? bi(ctx.facts[p.rating].label) : p.rating));
}

function gatesSection(ctx: FormContext): HTMLElement {
  const list = (kind: 'prerequisites' | 'vetoes', title: Text, gates: Record<string, GateRule> | undefined) =>
    gates && Object.keys(gates).length > 0
      ? [h('h4', {}, bi(title)), h('table', { class: 'wb-rules', 'data-gates': kind }, h('tbody', {}, Object.entries(gates).map(([key, g]) =>
          h('tr', { 'data-gate': key }, h('td', {}, h('code', {}, key), h('div', { class: 'why' }, bi(g.reason)), basis(g)), h('td', {}, condition(ctx, `/${kind}/${key}/conditions`, g.conditions))))))]
      : [];
  return section('gates', { zh: '参评条件与一票否决', en: 'Prerequisites and vetoes' }, false,
    list('prerequisites', { zh: '参评条件（须全部满足）', en: 'Prerequisites (all must hold)' }, ctx.view?.prerequisites),
    list('vetoes', { zh: '一票否决（任一成立即否决）', en: 'Vetoes (any one fails the grade)' }, ctx.view?.vetoes));
}

function bonusSection(ctx: FormContext): HTMLElement {
  return section('bonus', { zh: '加分项与总分上限', en: 'Bonus items and the cap' }, false,
    h('label', { class: 'wb-inline' }, bi2('含加分的总分上限', 'Total cap with bonus'), ' ', field(ctx, '/bonus/cap', numberInput(ctx, '/bonus/cap', { min: '0' }))),
    rulesTable(ctx, '/bonus/items', ctx.view?.bonus?.items ?? {}));
}

function gradesSection(ctx: FormContext): HTMLElement {
  const grades = ctx.view?.grades ?? [];
  return section('grades', { zh: '等级线', en: 'Grade bands' }, true,
    h('p', { class: 'why' }, bi2('区间为 下限 ≤ 总分 < 上限（最高一档含上限）。', 'A band is min ≤ total < max (the top band includes its max).')),
    sectionIssues(ctx, '/grades', (p) => /^\/grades\/\d+\/(min|max|everyNodeAtLeast\/percent)$/.test(p)),
    h('table', { class: 'wb-grades' },
      h('thead', {}, h('tr', {}, h('th', {}, bi2('等级', 'Grade')), h('th', { class: 'n' }, bi2('下限', 'Min')), h('th', { class: 'n' }, bi2('上限', 'Max')), h('th', {}, bi2('各节点不低于', 'Every node at least')))),
      h('tbody', {}, grades.map((g, i) =>
        h('tr', { 'data-grade': g.id },
          h('td', {}, bi(g.label), g.passing ? null : h('span', { class: 'why' }, bi2('（不合格）', ' (not passing)'))),
          h('td', { class: 'n' }, field(ctx, `/grades/${i}/min`, numberInput(ctx, `/grades/${i}/min`, { class: 'narrow' }))),
          h('td', { class: 'n' }, field(ctx, `/grades/${i}/max`, numberInput(ctx, `/grades/${i}/max`, { class: 'narrow' }))),
          h('td', {}, g.everyNodeAtLeast ? [bi(ctx.levels[g.everyNodeAtLeast.level - 1] ?? { zh: `第${g.everyNodeAtLeast.level}级`, en: `level ${g.everyNodeAtLeast.level}` }), ' ', field(ctx, `/grades/${i}/everyNodeAtLeast/percent`, numberInput(ctx, `/grades/${i}/everyNodeAtLeast/percent`, { class: 'narrow' })), ' %'] : '—'),
        )))),
  );
}

