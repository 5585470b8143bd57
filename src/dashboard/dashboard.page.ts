import type { Text } from '../core/types.js';
import { bi, bi2, esc, jsonScript, layout, num } from '../pages/html.js';
import { BOUNDARY_MARGIN, type DashboardData } from './dashboard.service.js';

type Lang = 'zh' | 'en';
type Category = DashboardData['categories'][number];

/**
 * The committee dashboard: per category, the grade distribution (each bar and count leads to its agencies), mean
 * scores of the top-level nodes, the spread of every indicator and the agencies near a grade boundary, over each
 * agency's latest evaluation under the rules in force, filtered by period and region. Not-eligible and vetoed
 * agencies are counted apart and kept out of the means. A candidate's calibration shows side by side: an uploaded
 * draft (`?candidate=`), or a file loaded in the page (the JSON of `npm run cli -- impact … --json`, or calibration
 * data as `calibrate()` returns it; nothing is uploaded).
 */
export function dashboardPage(data: DashboardData, lang: Lang): string {
  const f = data.filters;
  const t = (x: Text) => esc(x[lang]);
  const body = `
<h1>${bi2('标准委员会看板', 'Committee dashboard')}</h1>
<p class="sub">${bi2('各类别机构最新一次评价（按现行规则集）的等级分布、一级指标平均得分、各指标得分分布与临界机构。不符合参评条件与一票否决的机构单独计数，不计入平均。', "Per category, each agency's latest evaluation under the ruleset in force: grade distribution, mean top-level scores, the spread of every indicator, and agencies near a grade boundary. Not-eligible and vetoed agencies are counted apart and kept out of the means.")}</p>
<form class="filters card no-print" method="get" action="/dashboard" data-reload-on-lang>
  <input type="hidden" name="lang" value="${lang}">
  ${data.candidate ? `<input type="hidden" name="candidate" value="${esc(data.candidate.id)}">` : ''}
  <label>${bi2('评价期', 'Period')}<select name="period"><option value="">${t({ zh: '全部（各机构最新）', en: 'All (latest of each agency)' })}</option>${data.periods.map((p) => `<option value="${esc(p)}"${p === f.period ? ' selected' : ''}>${esc(p)}</option>`).join('')}</select></label>
  <label>${bi2('地区（前缀）', 'Region (prefix)')}<input name="region" value="${esc(f.region)}" maxlength="100"></label>
  <button type="submit">${bi2('筛选', 'Filter')}</button> <a href="/dashboard?lang=${lang}">${bi2('清除', 'Clear')}</a>
</form>
<div class="card no-print candidate-pick">
  <b>${bi2('对比候选规则集：', 'Compare with a candidate:')}</b>
  <label class="button file-button" for="candidate-file">${bi2('选择文件…', 'Choose a file…')}</label>
  <input type="file" id="candidate-file" class="visually-hidden" accept="application/json,.json">
  <span id="candidate-name" data-field="candidateName">${data.candidate ? esc(data.candidate.name) : bi2('未选择文件', 'No file chosen')}</span>
  <div class="why">${bi2(
    '载入 npm run cli -- impact 候选规则目录 --json 的输出（或 calibrate() 形状的校准数据），在浏览器内并排显示，不上传。',
    'Load the output of npm run cli -- impact CANDIDATE_DIR --json (or calibration data shaped as calibrate() returns it); shown side by side in the browser, nothing is uploaded.',
  )}</div>
  ${data.candidates.length > 0 ? `<div class="why">${bi2('或选择已上传的规则草案：', 'Or pick an uploaded draft:')} ${data.candidates.map((c) => `<a href="?candidate=${encodeURIComponent(c.id)}&lang=${lang}" data-candidate="${esc(c.id)}">${esc(c.name)}</a>`).join(' · ')}</div>` : ''}
</div>
<div id="categories">${data.categories.map((c) => section(data, c, lang)).join('')}</div>
${jsonScript('dashboard-data', { ...data, links: Object.fromEntries(data.categories.map((c) => [c.id, Object.fromEntries(data.grades.map((g) => [g.id, agenciesLink(data, c.id, g.id, lang)]))])) })}`;
  return layout({ title: { zh: '标准委员会看板', en: 'Committee dashboard' }, lang, body, charts: true, scripts: ['dashboard'] });
}

/** The agency index filtered to one bar: a category's agencies with a grade (in the period and region shown). */
function agenciesLink(data: DashboardData, category: string, grade: string, lang: Lang): string {
  const q = new URLSearchParams({ category, grade, lang });
  if (data.filters.period) q.set('period', data.filters.period);
  if (data.filters.region) q.set('region', data.filters.region);
  return `/registry?${q.toString()}`;
}

function section(data: DashboardData, c: Category, lang: Lang): string {
  const a = data.active[c.id];
  const other = data.otherRuleset[c.id] ? `<p class="why">${bi2(`${data.otherRuleset[c.id]} 家机构的最新评价使用其他规则集，未计入。`, `${data.otherRuleset[c.id]} agencies whose latest evaluation used another ruleset are not counted.`)}</p>` : '';
  const head = `<h2>${bi(c.name)} <small class="sub">${a?.agencies ?? 0} ${bi2('家机构', 'agencies')}${
    a ? ` · ${bi2('平均总分', 'mean total')} <span data-field="meanTotal">${a.scored > 0 ? num(a.meanTotal) : '—'}</span><span class="candidate-only"> → <span data-field="candidateMeanTotal"></span></span>` : ''
  }</small></h2>`;
  if (!a) return `<section class="cat" data-category="${esc(c.id)}">${head}${other}<p class="sub">${bi2('现行规则集下尚无评价。', 'No evaluations under the ruleset in force yet.')}</p></section>`;
  const counts = `<p class="counts" data-field="counts">${bi2('计入平均', 'In the means')} <b data-field="scored">${a.scored}</b> · ${bi2('不符合参评条件', 'not eligible')} <b data-field="notEligible">${a.notEligible}</b> · ${bi2('一票否决', 'vetoed')} <b data-field="vetoed">${a.vetoed}</b> <span class="why">${bi2('（后两者单独计数，不计入平均）', '(counted apart, not in the means)')}</span></p>`;
  const candidateHead = `<th class="n candidate-only">${bi2('候选', 'Candidate')}</th>`;
  const grades = `<table class="grades"><thead><tr><th>${bi2('等级', 'Grade')}</th><th class="n">${bi2('现行', 'Active')}</th>${candidateHead}</tr></thead><tbody>${data.grades
    .map((g) => {
      const n = a.grades[g.id] ?? 0;
      return `<tr data-grade="${esc(g.id)}"><td>${bi(g.label)}</td><td class="n" data-field="active">${n > 0 ? `<a href="${esc(agenciesLink(data, c.id, g.id, lang))}">${n}</a>` : '0'}</td><td class="n candidate-only" data-field="candidate"></td></tr>`;
    })
    .join('')}</tbody></table>`;
  const nodes = `<table class="node-means"><thead><tr><th>${bi2('一级指标平均得分率 %', 'Mean top-level score %')}</th><th class="n">${bi2('现行', 'Active')}</th>${candidateHead}</tr></thead><tbody>${data.nodes
    .map((d) => `<tr data-node="${esc(d.id)}"><td>${bi(d.name)}</td><td class="n" data-field="active">${a.scored > 0 ? num(a.meanNodes[d.id]) : '—'}</td><td class="n candidate-only" data-field="candidate"></td></tr>`)
    .join('')}</tbody></table>`;
  const spread = data.spread[c.id] ?? {};
  const spreadTable = `<details class="spread"><summary>${bi2('各指标得分率的分布（表）', 'Spread of each indicator (table)')}</summary><table data-field="spread"><thead><tr><th>${bi2('指标', 'Indicator')}</th><th class="n">${bi2('最低', 'Min')}</th><th class="n">Q1</th><th class="n">${bi2('中位数', 'Median')}</th><th class="n">Q3</th><th class="n">${bi2('最高', 'Max')}</th></tr></thead><tbody>${data.leaves
    .filter((l) => spread[l.id])
    .map((l) => `<tr data-indicator="${esc(l.id)}"><td>${bi(l.name)}</td>${spread[l.id].map((x) => `<td class="n">${num(x)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></details>`;
  const near = data.nearBoundary[c.id] ?? [];
  const nearTable = near.length
    ? `<table data-field="nearBoundary"><thead><tr><th>${bi2('机构', 'Agency')}</th><th class="n">${bi2('总分', 'Total')}</th><th>${bi2('等级', 'Grade')}</th><th>${bi2('最近的等级线', 'Nearest boundary')}</th><th class="n">${bi2('差距', 'Distance')}</th></tr></thead><tbody>${near
        .map(
          (n) => `<tr data-agency="${esc(n.agencyId)}"><td><a href="/registry/${esc(n.agencyId)}?lang=${lang}">${esc(n.name)}</a> · <a href="/evaluations/${esc(n.evaluationId)}/report?lang=${lang}">${bi2('报告', 'report')}</a></td><td class="n">${num(n.total)}</td><td>${bi(data.grades.find((g) => g.id === n.grade)?.label ?? { zh: n.grade, en: n.grade })}</td><td>${bi(n.boundary.label)} ${n.boundary.min}</td><td class="n ${n.distance < 0 ? 'warn' : 'ok'}" data-field="distance">${n.distance > 0 ? '+' : ''}${num(n.distance)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="sub">${bi2('没有机构。', 'None.')}</p>`;
  return `<section class="cat" data-category="${esc(c.id)}">${head}${other}${counts}
<div class="grid cols-2"><div><div class="chart" id="g-${esc(c.id)}"></div></div><div><div class="chart" id="d-${esc(c.id)}"></div></div></div>
<div class="grid cols-2">${grades}${nodes}</div>
<h3>${bi2('各指标得分率分布（计入平均的机构）', 'Spread of each indicator (agencies in the means)')}</h3>
<div class="chart tall" id="s-${esc(c.id)}"></div>
${spreadTable}
<h3>${bi2(`距等级线 ${BOUNDARY_MARGIN} 分以内的机构`, `Agencies within ${BOUNDARY_MARGIN} points of a grade boundary`)}</h3>
${nearTable}
<p class="why">${bi2('现行规则集', 'Active ruleset')} v${esc(c.version)} · <code>${esc(c.rulesetHash.slice(0, 16))}</code><span class="candidate-only"> · ${bi2('候选：', 'candidate: ')}<span data-field="candidateLabel"></span></span></p>
</section>`;
}
