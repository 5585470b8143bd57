import { bi2, esc, jsonScript, layout } from '../pages/html.js';
import type { DashboardData } from './dashboard.service.js';

/**
 * The committee dashboard: per category, grade distribution and mean dimension scores under the active rulesets,
 * side by side with a candidate's when its calibration is loaded (the JSON of `npm run cli -- impact … --json`, whose
 * `calibration.candidate` is used, or calibration data exactly as `calibrate()` returns it).
 */
export function dashboardPage(data: DashboardData, lang: 'zh' | 'en'): string {
  const body = `
<h1>${bi2('标准委员会看板', 'Committee dashboard')}</h1>
<p class="sub">${bi2('各类别机构最新一次评价（按现行规则集）的等级分布与维度平均得分。', 'Grade distribution and mean dimension scores per category: each agency\'s latest evaluation under the ruleset in force.')}</p>
<div class="card no-print" style="margin:14px 0">
  <label for="candidate-file"><b>${bi2('对比候选规则集：', 'Compare with a candidate:')}</b></label>
  <input type="file" id="candidate-file" accept="application/json,.json">
  <span id="candidate-name" class="sub"></span>
  <div class="why">${bi2(
    '载入 npm run cli -- impact 候选规则目录 --json 的输出（或 calibrate() 形状的校准数据），在浏览器内并排显示，不上传。',
    'Load the output of npm run cli -- impact CANDIDATE_DIR --json (or calibration data shaped as calibrate() returns it); shown side by side in the browser, nothing is uploaded.',
  )}</div>
  ${data.candidates.length > 0 ? `<div class="why">${bi2('或选择已上传的规则草案：', 'Or pick an uploaded draft:')} ${data.candidates.map((c) => `<a href="?candidate=${encodeURIComponent(c.id)}&lang=${lang}" data-candidate="${esc(c.id)}">${esc(c.name)}</a>`).join(' · ')}</div>` : ''}
</div>
<div id="categories"></div>
${jsonScript('dashboard-data', data)}`;
  return layout({ title: { zh: '标准委员会看板', en: 'Committee dashboard' }, lang, body, charts: true, scripts: ['dashboard'] });
}
