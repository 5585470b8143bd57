/**
 * The report's chart of the top-level scores: a radar (three nodes or more), else bars; with the category mean
 * dashed. Axes run clockwise from the top in the table's order, the scale is written on the first axis, and long
 * names wrap inside the chart so nothing is cut off, in either language or printed on A4.
 */
import type { Text } from '../../core/types.js';
import { currentLang, FONT, keepChart, onLang, readData, whenFontReady, wrap } from './dom.js';

interface ChartData {
  chart: 'radar' | 'bars';
  nodes: { id: string; name: Text; score: number }[];
  average: Record<string, number> | null;
}

const data = readData<ChartData>('radar-data');
const el = document.getElementById('radar') as HTMLElement;
const chart = keepChart('radar', echarts.init(el, null, { renderer: 'svg' }));
const BLUE = '#1d4ed8';
const AMBER = '#d97706';

function draw(lang: 'zh' | 'en'): void {
  const names = { agency: lang === 'zh' ? '本机构' : 'This agency', mean: lang === 'zh' ? '类别平均' : 'Category mean' };
  const avg = data.average;
  // Room for the names: narrow charts (print, phones) get a smaller radar and narrower wrapped names.
  const width = el.clientWidth || 400;
  const height = el.clientHeight || 300;
  const nameWidth = Math.max(64, Math.min(130, Math.round(width * 0.2)));
  const labels = data.nodes.map((n) => wrap(n.name[lang], nameWidth, 11));
  const lines = (i: number) => (i < 0 ? 0 : labels[i].split('\n').length);
  // The first axis points up; with an even count one points straight down. Their names need room above and below.
  const down = data.nodes.length % 2 === 0 ? data.nodes.length / 2 : -1;
  const top = lines(0) * 13 + 12;
  const bottom = lines(down) * 13 + 12 + 28;
  const radius = Math.max(40, Math.min(width / 2 - nameWidth - 14, (height - top - bottom) / 2));
  if (data.chart === 'radar') {
    const series: object[] = [
      { name: names.agency, value: data.nodes.map((n) => n.score), areaStyle: { opacity: 0.25 }, lineStyle: { width: 2 }, itemStyle: { color: BLUE }, symbolSize: 5 },
    ];
    if (avg) series.push({ name: names.mean, value: data.nodes.map((n) => avg[n.id] ?? 0), lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: AMBER }, symbolSize: 3 });
    chart.setOption(
      {
        animation: false,
        textStyle: { fontFamily: FONT },
        legend: { bottom: 0 },
        tooltip: {},
        radar: {
          radius,
          center: [width / 2, top + radius],
          startAngle: 90,
          clockwise: true,
          splitNumber: 4,
          axisName: { color: '#334e68', fontSize: 11, lineHeight: 13, formatter: (name?: string) => labels[data.nodes.findIndex((n) => n.name[lang] === name)] ?? name ?? '' },
          axisNameGap: 8,
          axisLabel: { show: false },
          indicator: data.nodes.map((n, i) => ({ name: n.name[lang], min: 0, max: 100, ...(i === 0 ? { axisLabel: { show: true, fontSize: 9, color: '#7b8794', showMinLabel: true } } : {}) })),
        },
        series: [{ type: 'radar', data: series }],
      },
      true,
    );
    return;
  }
  const series: object[] = [{ name: names.agency, type: 'bar', data: data.nodes.map((n) => n.score), itemStyle: { color: BLUE }, label: { show: true, position: 'right', formatter: (p: { value: number }) => p.value.toFixed(2) } }];
  if (avg) series.push({ name: names.mean, type: 'bar', data: data.nodes.map((n) => avg[n.id] ?? 0), itemStyle: { color: AMBER, opacity: 0.6 } });
  chart.setOption(
    {
      animation: false,
      textStyle: { fontFamily: FONT },
      legend: { bottom: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 10, right: 48, top: 10, bottom: 36, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', inverse: true, data: data.nodes.map((n) => n.name[lang]), axisLabel: { formatter: (name: string) => wrap(name, nameWidth, 12) } },
      series,
    },
    true,
  );
}

whenFontReady(`${JSON.stringify(data)}本机构类别平均`, () => draw(currentLang()));
onLang(draw);
window.addEventListener('resize', () => {
  chart.resize();
  draw(currentLang());
});
// Printing lays the page out on A4: fit the chart to its printed width before the page is rendered.
const print = window.matchMedia('print');
print.addEventListener('change', () => {
  chart.resize();
  draw(currentLang());
});
window.addEventListener('beforeprint', () => {
  chart.resize();
  draw(currentLang());
});
