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
  return layout({ title: { zh: '标准委员会看板', en: 'Committee dashboard' }, lang, body, charts: true, script: SCRIPT });
}

const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('dashboard-data').textContent);
  var candidate = null, candidateName = '';
  var charts = {}; window.__charts = charts;
  function bi(t) { return '<span lang="zh">' + esc(t.zh) + '</span><span lang="en">' + esc(t.en) + '</span>'; }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function n2(x) { return typeof x === 'number' ? x.toFixed(2) : '—'; }
  // Charts are drawn once the bundled font holds their glyphs, so that echarts measures its text in that font.
  var fontReady = document.fonts.load('12px "Noto Sans SC"', JSON.stringify(data) + '现行候选等级分布一级指标平均得分率').catch(function () {});
  function render() {
    Object.keys(charts).forEach(function (k) { charts[k].dispose(); delete charts[k]; });
    var html = '';
    data.categories.forEach(function (c) {
      var a = data.active[c.id], k = candidate ? candidate[c.id] : null;
      html += '<section class="cat" data-category="' + esc(c.id) + '"><h2>' + bi(c.name) +
        ' <small class="sub">' + (a ? a.agencies : 0) + ' <span lang="zh">家机构</span><span lang="en">agencies</span>' +
        (a ? ' · <span lang="zh">平均总分</span><span lang="en">mean total</span> <span data-field="meanTotal">' + n2(a.meanTotal) + '</span>' : '') +
        (k ? ' → <span data-field="candidateMeanTotal">' + n2(k.meanTotal) + '</span>' : '') + '</small></h2>';
      if (data.otherRuleset[c.id]) html += '<p class="why">' + data.otherRuleset[c.id] + ' <span lang="zh">家机构的最新评价使用其他规则集，未计入。</span><span lang="en">agencies whose latest evaluation used another ruleset are not counted.</span></p>';
      if (!a && !k) { html += '<p class="sub"><span lang="zh">现行规则集下尚无评价。</span><span lang="en">No evaluations under the ruleset in force yet.</span></p></section>'; return; }
      html += '<div class="grid cols-2"><div><div class="chart" id="g-' + c.id + '"></div></div><div><div class="chart" id="d-' + c.id + '"></div></div></div>';
      html += '<div class="grid cols-2"><table><thead><tr><th><span lang="zh">等级</span><span lang="en">Grade</span></th><th class="n"><span lang="zh">现行</span><span lang="en">Active</span></th>' + (k ? '<th class="n"><span lang="zh">候选</span><span lang="en">Candidate</span></th>' : '') + '</tr></thead><tbody>';
      data.grades.forEach(function (g) {
        html += '<tr data-grade="' + g.id + '"><td>' + bi(g.label) + '</td><td class="n" data-field="active">' + ((a && a.grades[g.id]) || 0) + '</td>' + (k ? '<td class="n" data-field="candidate">' + (k.grades[g.id] || 0) + '</td>' : '') + '</tr>';
      });
      html += '</tbody></table><table><thead><tr><th><span lang="zh">一级指标平均得分率 %</span><span lang="en">Mean top-level score %</span></th><th class="n"><span lang="zh">现行</span><span lang="en">Active</span></th>' + (k ? '<th class="n"><span lang="zh">候选</span><span lang="en">Candidate</span></th>' : '') + '</tr></thead><tbody>';
      top().forEach(function (d) {
        html += '<tr data-node="' + d.id + '"><td>' + bi(d.name) + '</td><td class="n" data-field="active">' + n2(a ? a.meanNodes[d.id] : undefined) + '</td>' + (k ? '<td class="n" data-field="candidate">' + n2(k.meanNodes[d.id]) + '</td>' : '') + '</tr>';
      });
      html += '</tbody></table></div>';
      html += '<p class="why">' + '<span lang="zh">现行规则集</span><span lang="en">Active ruleset</span> v' + esc(c.version) + ' · <code>' + esc(c.rulesetHash.slice(0, 16)) + '</code>' + (k ? ' · <span lang="zh">候选：</span><span lang="en">candidate: </span>' + esc(candidateName) : '') + '</p></section>';
    });
    document.getElementById('categories').innerHTML = html;
    fontReady.then(function () { draw(window.currentLang()); });
  }
  function top() { return data.nodes.filter(function (n) { return n.level === 1; }); }
  function draw(lang) {
    var L = function (zh, en) { return lang === 'zh' ? zh : en; };
    data.categories.forEach(function (c) {
      var a = data.active[c.id], k = candidate ? candidate[c.id] : null;
      var ge = document.getElementById('g-' + c.id), de = document.getElementById('d-' + c.id);
      if (!ge) return;
      var gc = charts['grades-' + c.id] || (charts['grades-' + c.id] = echarts.init(ge, null, { renderer: 'svg' }));
      var dc = charts['dimensions-' + c.id] || (charts['dimensions-' + c.id] = echarts.init(de, null, { renderer: 'svg' }));
      var gs = [{ name: L('现行', 'Active'), type: 'bar', data: data.grades.map(function (g) { return (a && a.grades[g.id]) || 0; }), itemStyle: { color: '#1d4ed8' } }];
      if (k) gs.push({ name: L('候选', 'Candidate'), type: 'bar', data: data.grades.map(function (g) { return k.grades[g.id] || 0; }), itemStyle: { color: '#d97706' } });
      gc.setOption({ animation: false, textStyle: { fontFamily: '"Noto Sans SC", sans-serif' }, title: { text: L('等级分布', 'Grade distribution'), left: 'center', textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 10, top: 36, bottom: 60 },
        xAxis: { type: 'category', data: data.grades.map(function (g) { return g.label[lang]; }), axisLabel: { interval: 0, rotate: 30, fontSize: 11 } },
        yAxis: { type: 'value', minInterval: 1 }, series: gs }, true);
      var ds = [];
      if (a) ds.push({ name: L('现行', 'Active'), value: top().map(function (d) { return a.meanNodes[d.id] || 0; }), areaStyle: { opacity: 0.2 }, itemStyle: { color: '#1d4ed8' } });
      if (k) ds.push({ name: L('候选', 'Candidate'), value: top().map(function (d) { return k.meanNodes[d.id] || 0; }), lineStyle: { type: 'dashed' }, itemStyle: { color: '#d97706' } });
      dc.setOption({ animation: false, textStyle: { fontFamily: '"Noto Sans SC", sans-serif' }, title: { text: L('一级指标平均得分率', 'Mean top-level scores'), left: 'center', textStyle: { fontSize: 13 } },
        tooltip: {}, legend: { bottom: 0 }, radar: { radius: '58%', center: ['50%', '52%'], axisName: { color: '#334e68', fontSize: 11 },
        indicator: top().map(function (d) { return { name: d.name[lang], max: 100 }; }) }, series: [{ type: 'radar', data: ds }] }, true);
    });
  }
  /** Takes an impact report (its calibration.candidate) or calibration data as calibrate() returns it. */
  window.loadCandidate = function (obj, name) {
    var cal = obj && obj.calibration && obj.calibration.candidate ? obj.calibration.candidate : obj;
    if (!cal || typeof cal !== 'object') throw new Error('not calibration data');
    candidate = cal; candidateName = name || ''; document.getElementById('candidate-name').textContent = candidateName; render();
  };
  document.getElementById('candidate-file').addEventListener('change', function (e) {
    var f = e.target.files[0]; if (!f) return;
    f.text().then(function (t) { try { window.loadCandidate(JSON.parse(t), f.name); } catch (err) { alert(err.message); } });
  });
  document.addEventListener('langchange', function (e) { draw(e.detail); });
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  if (data.candidate) { candidate = data.candidate.calibration; candidateName = data.candidate.name; document.getElementById('candidate-name').textContent = candidateName; }
  render();
})();
`;
