/** The committee dashboard's charts and tables, with a candidate's calibration side by side when one is loaded. */
import type { Text } from '../../core/types.js';
import { bi, bi2, currentLang, fill, h, keepChart, num, onLang, readData } from './dom.js';

interface CategoryCalibration {
  agencies: number;
  grades: Record<string, number>;
  meanTotal: number;
  meanNodes: Record<string, number>;
}
type Calibration = Record<string, CategoryCalibration>;
interface DashboardData {
  active: Calibration;
  otherRuleset: Record<string, number>;
  categories: { id: string; name: Text; rulesetHash: string; version: string }[];
  grades: { id: string; label: Text }[];
  nodes: { id: string; name: Text; level: number }[];
  candidate?: { id: string; name: string; calibration: Calibration };
}

const data = readData<DashboardData>('dashboard-data');
const top = data.nodes.filter((n) => n.level === 1);
let candidate: Calibration | null = data.candidate?.calibration ?? null;
let candidateName = data.candidate?.name ?? '';
const charts = new Map<string, ReturnType<typeof echarts.init>>();

function render(): void {
  for (const c of charts.values()) c.dispose();
  charts.clear();
  const root = document.getElementById('categories') as HTMLElement;
  fill(root, data.categories.map((c) => section(c)));
  (document.getElementById('candidate-name') as HTMLElement).textContent = candidateName;
  draw(currentLang());
}

function section(c: DashboardData['categories'][number]): HTMLElement {
  const a = data.active[c.id];
  const k = candidate?.[c.id];
  const head = h('h2', {}, bi(c.name), ' ', h('small', { class: 'sub' }, String(a?.agencies ?? 0), ' ', bi2('家机构', 'agencies'),
    a ? [' · ', bi2('平均总分', 'mean total'), ' ', h('span', { 'data-field': 'meanTotal' }, num(a.meanTotal))] : null,
    k ? [' → ', h('span', { 'data-field': 'candidateMeanTotal' }, num(k.meanTotal))] : null));
  const other = data.otherRuleset[c.id] ? h('p', { class: 'why' }, String(data.otherRuleset[c.id]), ' ', bi2('家机构的最新评价使用其他规则集，未计入。', 'agencies whose latest evaluation used another ruleset are not counted.')) : null;
  if (!a && !k) return h('section', { class: 'cat', 'data-category': c.id }, head, other, h('p', { class: 'sub' }, bi2('现行规则集下尚无评价。', 'No evaluations under the ruleset in force yet.')));
  const cols = (label: Text) => h('tr', {}, h('th', {}, bi(label)), h('th', { class: 'n' }, bi2('现行', 'Active')), k ? h('th', { class: 'n' }, bi2('候选', 'Candidate')) : null);
  return h('section', { class: 'cat', 'data-category': c.id }, head, other,
    h('div', { class: 'grid cols-2' }, h('div', {}, h('div', { class: 'chart', id: `g-${c.id}` })), h('div', {}, h('div', { class: 'chart', id: `d-${c.id}` }))),
    h('div', { class: 'grid cols-2' },
      h('table', {}, h('thead', {}, cols({ zh: '等级', en: 'Grade' })), h('tbody', {}, data.grades.map((g) =>
        h('tr', { 'data-grade': g.id }, h('td', {}, bi(g.label)), h('td', { class: 'n', 'data-field': 'active' }, String(a?.grades[g.id] ?? 0)), k ? h('td', { class: 'n', 'data-field': 'candidate' }, String(k.grades[g.id] ?? 0)) : null)))),
      h('table', {}, h('thead', {}, cols({ zh: '维度平均得分率 %', en: 'Mean dimension score %' })), h('tbody', {}, top.map((d) =>
        h('tr', { 'data-node': d.id }, h('td', {}, bi(d.name)), h('td', { class: 'n', 'data-field': 'active' }, num(a?.meanNodes[d.id])), k ? h('td', { class: 'n', 'data-field': 'candidate' }, num(k.meanNodes[d.id])) : null))))),
    h('p', { class: 'why' }, bi2('现行规则集', 'Active ruleset'), ` v${c.version} · `, h('code', {}, c.rulesetHash.slice(0, 16)), k ? [' · ', bi2('候选：', 'candidate: '), candidateName] : null));
}

function draw(lang: 'zh' | 'en'): void {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  for (const c of data.categories) {
    const a = data.active[c.id];
    const k = candidate?.[c.id];
    const ge = document.getElementById(`g-${c.id}`);
    const de = document.getElementById(`d-${c.id}`);
    if (!ge || !de) continue;
    const gc = charts.get(`grades-${c.id}`) ?? keepChart(`grades-${c.id}`, echarts.init(ge, null, { renderer: 'svg' }));
    const dc = charts.get(`dimensions-${c.id}`) ?? keepChart(`dimensions-${c.id}`, echarts.init(de, null, { renderer: 'svg' }));
    charts.set(`grades-${c.id}`, gc);
    charts.set(`dimensions-${c.id}`, dc);
    const gs: object[] = [{ name: L('现行', 'Active'), type: 'bar', data: data.grades.map((g) => a?.grades[g.id] ?? 0), itemStyle: { color: '#1d4ed8' } }];
    if (k) gs.push({ name: L('候选', 'Candidate'), type: 'bar', data: data.grades.map((g) => k.grades[g.id] ?? 0), itemStyle: { color: '#d97706' } });
    gc.setOption({ animation: false, title: { text: L('等级分布', 'Grade distribution'), left: 'center', textStyle: { fontSize: 13 } }, tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 10, top: 36, bottom: 60 },
      xAxis: { type: 'category', data: data.grades.map((g) => g.label[lang]), axisLabel: { interval: 0, rotate: 30, fontSize: 11 } }, yAxis: { type: 'value', minInterval: 1 }, series: gs }, true);
    const ds: object[] = [];
    if (a) ds.push({ name: L('现行', 'Active'), value: top.map((d) => a.meanNodes[d.id] ?? 0), areaStyle: { opacity: 0.2 }, itemStyle: { color: '#1d4ed8' } });
    if (k) ds.push({ name: L('候选', 'Candidate'), value: top.map((d) => k.meanNodes[d.id] ?? 0), lineStyle: { type: 'dashed' }, itemStyle: { color: '#d97706' } });
    dc.setOption({ animation: false, title: { text: L('维度平均得分率', 'Mean dimension scores'), left: 'center', textStyle: { fontSize: 13 } }, tooltip: {}, legend: { bottom: 0 },
      radar: { radius: '58%', center: ['50%', '52%'], axisName: { color: '#334e68', fontSize: 11 }, indicator: top.map((d) => ({ name: d.name[lang], max: 100 })) }, series: [{ type: 'radar', data: ds }] }, true);
  }
}

/** Takes an impact report (its calibration.candidate) or calibration data as calibrate() returns it. */
function loadCandidate(obj: unknown, name: string): void {
  const o = obj as { calibration?: { candidate?: Calibration } } | null;
  const cal = o?.calibration?.candidate ?? (obj as Calibration | null);
  if (!cal || typeof cal !== 'object') throw new Error('not calibration data');
  candidate = cal;
  candidateName = name;
  render();
}

document.getElementById('candidate-file')?.addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (!f) return;
  void f.text().then((t) => {
    try {
      loadCandidate(JSON.parse(t), f.name);
    } catch (err) {
      alert((err as Error).message);
    }
  });
});
onLang(draw);
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
render();
