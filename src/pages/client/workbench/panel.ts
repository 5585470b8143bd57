/** The workbench's side panels: the impact of the draft, its changes in the committee's words, and the problems. */
import type { Text } from '../../../core/types.js';
import { bi, bi2, h, num, type Child } from '../dom.js';

export interface Transition {
  from: string;
  to: string;
  count: number;
}

export interface CategoryImpact {
  category: string;
  agencies: number;
  mode: string;
  transitions: Transition[];
  meanBefore: number;
  meanAfter: number;
  meanShift: number;
  medianBefore: number;
  medianAfter: number;
  medianShift: number;
  becameIneligible: string[];
  becameVetoed: string[];
}

export interface Affected {
  id: string;
  name?: string;
  category: string;
  before: { total: number; grade: string };
  after: { total: number; grade: string };
  delta: number;
  indicators: { id: string; before: number; after: number; delta: number }[];
}

export interface Impact {
  agencies: number;
  categories: CategoryImpact[];
  mostAffected: Affected[];
}

export interface Change {
  category: string;
  kind: string;
  pointer: string;
  text: Text;
}

export interface Issue {
  file: string;
  pointer: string;
  message: Text;
}

export interface Names {
  categories: Map<string, Text>;
  grades: Map<string, Text>;
  nodes: Record<string, Text>;
}

const signed = (x: number) => `${x > 0 ? '+' : ''}${num(x)}`;
const name = (map: Map<string, Text> | Record<string, Text>, id: string): Text => (map instanceof Map ? map.get(id) : map[id]) ?? { zh: id, en: id };

/** Per category: the grade transitions, mean and median shifts; then the agencies most affected and why. */
export function impactView(impact: Impact, names: Names): HTMLElement {
  const cats = impact.categories.map((c) => {
    const moved = c.transitions.filter((t) => t.from !== t.to);
    const stayed = c.transitions.filter((t) => t.from === t.to).reduce((s, t) => s + t.count, 0);
    return h('section', { class: 'wb-cat', 'data-category': c.category },
      h('h4', {}, bi(name(names.categories, c.category)), ' ', h('small', { class: 'sub' }, String(c.agencies), ' ', bi2('家', 'agencies'))),
      h('table', { class: 'wb-shift' }, h('tbody', {},
        h('tr', {}, h('td', {}, bi2('平均总分', 'Mean total')), h('td', { class: 'n' }, num(c.meanBefore)), h('td', {}, '→'), h('td', { class: 'n', 'data-field': 'meanAfter' }, num(c.meanAfter)), h('td', { class: `n ${c.meanShift < 0 ? 'bad' : c.meanShift > 0 ? 'ok' : ''}`, 'data-field': 'meanShift' }, signed(c.meanShift))),
        h('tr', {}, h('td', {}, bi2('中位数', 'Median')), h('td', { class: 'n' }, num(c.medianBefore)), h('td', {}, '→'), h('td', { class: 'n' }, num(c.medianAfter)), h('td', { class: 'n', 'data-field': 'medianShift' }, signed(c.medianShift))))),
      moved.length > 0
        ? h('ul', { class: 'plain wb-transitions', 'data-field': 'transitions' }, moved.map((t) =>
            h('li', { 'data-from': t.from, 'data-to': t.to, 'data-count': String(t.count) }, bi(name(names.grades, t.from)), ' → ', bi(name(names.grades, t.to)), h('b', {}, ` × ${t.count}`))))
        : h('p', { class: 'why', 'data-field': 'transitions' }, bi2('没有机构改变等级。', 'No agency changes grade.')),
      h('p', { class: 'why' }, bi2(`${stayed} 家等级不变`, `${stayed} keep their grade`),
        c.becameIneligible.length ? [' · ', bi2(`${c.becameIneligible.length} 家变为不符合参评条件`, `${c.becameIneligible.length} become not eligible`)] : null,
        c.becameVetoed.length ? [' · ', bi2(`${c.becameVetoed.length} 家被一票否决`, `${c.becameVetoed.length} become vetoed`)] : null),
    );
  });
  const affected = impact.mostAffected.length
    ? h('ol', { class: 'wb-affected', 'data-field': 'mostAffected' }, impact.mostAffected.map((a) =>
        h('li', { 'data-agency': a.id },
          h('a', { href: `/registry/${encodeURIComponent(a.id)}` }, a.name ?? a.id), ' ', h('span', { class: 'sub' }, bi(name(names.categories, a.category))),
          h('div', {}, num(a.before.total), ' → ', num(a.after.total), ' ', h('b', { class: a.delta < 0 ? 'bad' : 'ok', 'data-field': 'delta' }, signed(a.delta)),
            a.before.grade !== a.after.grade ? [' · ', bi(name(names.grades, a.before.grade)), ' → ', bi(name(names.grades, a.after.grade))] : null),
          a.indicators.length ? h('div', { class: 'why' }, bi2('因为：', 'Why: '), a.indicators.map((i, k) => [k > 0 ? bi2('；', '; ') : null, bi(name(names.nodes, i.id)), ` ${signed(i.delta)}`])) : null)))
    : h('p', { class: 'why' }, bi2('没有机构的总分或等级改变。', 'No agency\'s total or grade changes.'));
  return h('div', {}, h('p', { class: 'sub' }, bi2(`每个机构的最新提交：${impact.agencies} 家`, `Every agency's latest submission: ${impact.agencies}`)), cats, h('h4', {}, bi2('受影响最大的机构', 'Most affected agencies')), affected);
}

/** The changes in the committee's words, grouped by category. */
export function changesView(changes: Change[], names: Names): Child {
  if (changes.length === 0) return h('p', { class: 'why', 'data-field': 'noChanges' }, bi2('与生效规则相同。', 'The same as the rules in force.'));
  const cats = [...new Set(changes.map((c) => c.category))];
  return cats.map((cat) => h('div', { class: 'wb-changes', 'data-category': cat }, h('h4', {}, bi(name(names.categories, cat))),
    h('ul', { class: 'plain' }, changes.filter((c) => c.category === cat).map((c) => h('li', { 'data-pointer': c.pointer, 'data-kind': c.kind }, bi(c.text))))));
}

/** Every problem of the draft with its file and JSON pointer; a click shows it in the editor. */
export function issuesView(issues: Issue[], show: (issue: Issue) => void): Child {
  if (issues.length === 0) return null;
  return h('div', { class: 'alert' }, h('b', {}, bi2(`草案有 ${issues.length} 处错误，未计算影响：`, `The draft has ${issues.length} error(s); its impact is not computed:`)),
    h('ul', { class: 'plain' }, issues.map((i) => h('li', { 'data-file': i.file, 'data-pointer': i.pointer },
      h('a', { href: '#wb-editor', onclick: (e: Event) => { e.preventDefault(); show(i); } }, `${i.file} ${i.pointer || '/'}`), bi2('：', ': '), bi(i.message)))));
}
