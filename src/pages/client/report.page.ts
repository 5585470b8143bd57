/** The report's chart: radar of the top-level scores (with the category mean, dashed), redrawn on a language switch. */
import { currentLang, keepChart, onLang, readData } from './dom.js';
import type { Text } from '../../core/types.js';

interface RadarData {
  nodes: { id: string; name: Text; score: number }[];
  average: Record<string, number> | null;
}

const data = readData<RadarData>('radar-data');
const el = document.getElementById('radar') as HTMLElement;
const chart = keepChart('radar', echarts.init(el, null, { renderer: 'svg' }));

function draw(lang: 'zh' | 'en'): void {
  const series: object[] = [
    { name: lang === 'zh' ? '本机构' : 'This agency', value: data.nodes.map((d) => d.score), areaStyle: { opacity: 0.25 }, lineStyle: { width: 2 }, itemStyle: { color: '#1d4ed8' }, symbolSize: 5 },
  ];
  if (data.average) {
    const avg = data.average;
    series.push({ name: lang === 'zh' ? '类别平均' : 'Category mean', value: data.nodes.map((d) => avg[d.id] ?? 0), lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#d97706' }, symbolSize: 3 });
  }
  chart.setOption(
    {
      animation: false,
      legend: { bottom: 0 },
      tooltip: {},
      radar: { radius: '66%', center: ['50%', '48%'], splitNumber: 4, axisName: { color: '#334e68', fontSize: 12 }, indicator: data.nodes.map((d) => ({ name: d.name[lang], max: 100 })) },
      series: [{ type: 'radar', data: series }],
    },
    true,
  );
}

draw(currentLang());
onLang(draw);
window.addEventListener('resize', () => chart.resize());
window.addEventListener('beforeprint', () => chart.resize());
