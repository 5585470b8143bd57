/** The agency page's trend: total and each top-level node's score across periods, redrawn on a language switch. */
import type { Text } from '../../core/types.js';
import { currentLang, FONT, keepChart, onLang, readData, whenFontReady } from './dom.js';

interface Trend {
  periods: string[];
  total: number[];
  nodes: { id: string; name: Text; scores: (number | null)[] }[];
}

const data = readData<Trend>('trend-data');
const chart = keepChart('trend', echarts.init(document.getElementById('trend') as HTMLElement, null, { renderer: 'svg' }));

function draw(lang: 'zh' | 'en'): void {
  chart.setOption(
    {
      animation: false,
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 44, right: 20, top: 20, bottom: 64 },
      xAxis: { type: 'category', data: data.periods },
      yAxis: { type: 'value', min: 0, max: 100, name: lang === 'zh' ? '分' : 'points' },
      series: [
        { name: lang === 'zh' ? '总分' : 'Total', type: 'line', data: data.total, lineStyle: { width: 3 }, itemStyle: { color: '#102a43' }, symbolSize: 7, label: { show: true, formatter: (p: { value: number }) => p.value.toFixed(2) } },
        ...data.nodes.map((n) => ({ name: n.name[lang], type: 'line', data: n.scores, connectNulls: true, lineStyle: { width: 1.5, type: 'dashed' }, symbolSize: 4 })),
      ],
    },
    true,
  );
}

whenFontReady(`${JSON.stringify(data)}总分`, () => draw(currentLang()));
onLang(draw);
window.addEventListener('resize', () => chart.resize());
