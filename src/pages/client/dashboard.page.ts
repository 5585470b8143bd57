/**
 * The dashboard's charts (grade bars that lead to their agencies, mean top-level scores, the spread of every
 * indicator) and a candidate's calibration side by side: the tables are the server's, this fills their candidate
 * cells and draws.
 */
import type { Text } from '../../core/types.js';
import { currentLang, FONT, keepChart, num, onLang, readData, whenFontReady, wrap } from './dom.js';

interface CategoryCalibration {
  agencies: number;
  scored?: number;
  grades: Record<string, number>;
  meanTotal: number;
  meanNodes: Record<string, number>;
}
type Calibration = Record<string, CategoryCalibration>;
interface DashboardData {
  active: Calibration;
  categories: { id: string; name: Text }[];
  grades: { id: string; label: Text }[];
  nodes: { id: string; name: Text }[];
  leaves: { id: string; name: Text; parent: string | null }[];
  spread: Record<string, Record<string, [number, number, number, number, number]>>;
  links: Record<string, Record<string, string>>;
  candidate?: { id: string; name: string; calibration: Calibration };
}

const data = readData<DashboardData>('dashboard-data');
let candidate: Calibration | null = data.candidate?.calibration ?? null;
const charts = new Map<string, ReturnType<typeof echarts.init>>();
const BLUE = '#1d4ed8';
const AMBER = '#d97706';

function chartOf(id: string, name: string) {
  const el = document.getElementById(id);
  if (!el) return undefined;
  let chart = charts.get(name);
  if (!chart) {
    chart = keepChart(name, echarts.init(el, null, { renderer: 'svg' }));
    charts.set(name, chart);
    // A grade bar leads to its agencies in the index.
    chart.on('click', (p) => {
      const link = (p.data as { link?: string } | undefined)?.link;
      if (link) location.href = link;
    });
  }
  return chart;
}

function draw(lang: 'zh' | 'en'): void {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  for (const c of data.categories) {
    const a = data.active[c.id];
    const k = candidate?.[c.id];
    if (!a) continue;
    const grades = chartOf(`g-${c.id}`, `grades-${c.id}`);
    if (grades) {
      const series: object[] = [{ name: L('现行', 'Active'), type: 'bar', data: data.grades.map((g) => ({ value: a.grades[g.id] ?? 0, link: data.links[c.id][g.id] })), itemStyle: { color: BLUE }, cursor: 'pointer', label: { show: true, position: 'top', fontSize: 10 } }];
      if (k) series.push({ name: L('候选', 'Candidate'), type: 'bar', data: data.grades.map((g) => k.grades[g.id] ?? 0), itemStyle: { color: AMBER }, label: { show: true, position: 'top', fontSize: 10 } });
      grades.setOption(
        {
          animation: false,
          textStyle: { fontFamily: FONT },
          title: { text: L('等级分布（点击柱子查看机构）', 'Grade distribution (click a bar for its agencies)'), left: 'center', textStyle: { fontSize: 13 } },
          tooltip: { trigger: 'axis' },
          legend: { bottom: 0 },
          grid: { left: 40, right: 10, top: 40, bottom: 64 },
          xAxis: { type: 'category', data: data.grades.map((g) => g.label[lang]), axisLabel: { interval: 0, rotate: 30, fontSize: 11 } },
          yAxis: { type: 'value', minInterval: 1 },
          series,
        },
        true,
      );
    }
    const nodes = chartOf(`d-${c.id}`, `dimensions-${c.id}`);
    if (nodes) {
      const series: object[] = [];
      if (a.scored !== 0) series.push({ name: L('现行', 'Active'), value: data.nodes.map((d) => a.meanNodes[d.id] ?? 0), areaStyle: { opacity: 0.2 }, itemStyle: { color: BLUE } });
      if (k) series.push({ name: L('候选', 'Candidate'), value: data.nodes.map((d) => k.meanNodes[d.id] ?? 0), lineStyle: { type: 'dashed' }, itemStyle: { color: AMBER } });
      nodes.setOption(
        {
          animation: false,
          textStyle: { fontFamily: FONT },
          title: { text: L('一级指标平均得分率', 'Mean top-level scores'), left: 'center', textStyle: { fontSize: 13 } },
          tooltip: {},
          legend: { bottom: 0 },
          radar: { radius: '50%', center: ['50%', '55%'], clockwise: true, axisName: { color: '#334e68', fontSize: 11, lineHeight: 13, formatter: (name?: string) => wrap(name ?? '', 96, 11) }, indicator: data.nodes.map((d) => ({ name: d.name[lang], max: 100 })) },
          series: [{ type: 'radar', data: series }],
        },
        true,
      );
    }
    const five = data.spread[c.id] ?? {};
    const leaves = data.leaves.filter((l) => five[l.id]);
    const spreadEl = document.getElementById(`s-${c.id}`);
    if (spreadEl && !charts.has(`spread-${c.id}`)) spreadEl.style.height = `${leaves.length * 22 + 50}px`;
    const spread = chartOf(`s-${c.id}`, `spread-${c.id}`);
    if (spread) {
      spread.setOption(
        {
          animation: false,
          textStyle: { fontFamily: FONT },
          tooltip: { trigger: 'item' },
          grid: { left: 10, right: 20, top: 10, bottom: 30, containLabel: true },
          xAxis: { type: 'value', min: 0, max: 100, name: '%' },
          yAxis: { type: 'category', inverse: true, data: leaves.map((l) => l.name[lang]), axisLabel: { fontSize: 10 } },
          series: [{ name: L('得分率', 'Score %'), type: 'boxplot', data: leaves.map((l) => five[l.id]), itemStyle: { color: '#dbeafe', borderColor: BLUE } }],
        },
        true,
      );
    }
  }
}

/** Fills the candidate cells of the server's tables and shows their columns. */
function showCandidate(name: string): void {
  document.body.classList.toggle('with-candidate', candidate !== null);
  (document.getElementById('candidate-name') as HTMLElement).textContent = name;
  for (const c of data.categories) {
    const section = document.querySelector(`section[data-category="${CSS.escape(c.id)}"]`);
    const k = candidate?.[c.id];
    if (!section) continue;
    for (const row of section.querySelectorAll<HTMLElement>('tr[data-grade]')) setText(row.querySelector('[data-field=candidate]'), k ? String(k.grades[row.dataset.grade ?? ''] ?? 0) : '');
    for (const row of section.querySelectorAll<HTMLElement>('tr[data-node]')) setText(row.querySelector('[data-field=candidate]'), k ? num(k.meanNodes[row.dataset.node ?? '']) : '');
    setText(section.querySelector('[data-field=candidateMeanTotal]'), k ? num(k.meanTotal) : '');
    setText(section.querySelector('[data-field=candidateLabel]'), name);
  }
  draw(currentLang());
}

const setText = (el: Element | null, text: string) => {
  if (el) el.textContent = text;
};

/** Takes an impact report (its calibration.candidate) or calibration data as calibrate() returns it. */
function loadCandidate(obj: unknown, name: string): void {
  const o = obj as { calibration?: { candidate?: Calibration } } | null;
  const cal = o?.calibration?.candidate ?? (obj as Calibration | null);
  if (!cal || typeof cal !== 'object' || Array.isArray(cal)) throw new Error('not calibration data');
  candidate = cal;
  showCandidate(name);
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
whenFontReady(`${JSON.stringify(data)}现行候选等级分布一级指标平均得分率`, () => (candidate ? showCandidate(data.candidate!.name) : draw(currentLang())));
