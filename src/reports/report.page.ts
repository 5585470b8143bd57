import type { GateOutcome, IndicatorScore, RuleTrace } from '../core/types.js';
import { bi, bi2, esc, jsonScript, layout, num } from '../pages/html.js';
import { resultLeaves, resultNodeNames, resultTop } from '../pages/standard-view.js';
import { basisInWords } from '../pages/values.js';
import { adviceSection } from './advice.section.js';
import { basisTag, committeeTag, provenanceFooter } from './provenance.section.js';
import type { ReportData } from './report.service.js';

/** A radar needs three axes at least; with fewer top-level nodes the report draws bars. */
export const RADAR_MIN_NODES = 3;

/** A score of 0–100 as a bar beside its number (SVG attributes, no inline style). */
export const meter = (score: number) =>
  `<svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="8"/><rect class="fill" width="${Math.max(0, Math.min(100, score)).toFixed(2)}" height="8"/></svg>`;

/**
 * The evaluation report as one HTML page, Chinese first with an English switch, printable to A4 (three pages at
 * most for a typical agency). Reasons are the rules' own words with the agency's values, never engine output.
 * Numbers carry `data-field` attributes so a test can compare them with the API's.
 */
export function reportPage(d: ReportData, lang: 'zh' | 'en'): string {
  const r = d.result;
  const a = d.agency;
  const tops = resultTop(r);
  const leaves = resultLeaves(r);
  const parents = resultNodeNames(r);
  const level = d.levels[0] ?? { zh: '一级指标', en: 'Top level' };
  const avg = d.categoryAverage;
  const body = `
<section>
  <div class="sub">${bi2('评价报告', 'Evaluation report')} · ${esc(d.evaluation.period)}</div>
  <h1 data-field="agencyName">${esc(a.name)}</h1>
  <div class="sub" data-field="category">${bi(a.categoryName)}${a.classNames.map((n) => ` › ${bi(n)}`).join('')}</div>
  <div class="summary">
    <div class="card">
      <div><span class="badge g-${esc(r.grade)}" data-field="grade" data-grade="${esc(r.grade)}">${bi(r.gradeLabel)}</span> ${r.gradeBasis ? `<span data-field="gradeBasis">${basisTag(r.gradeBasis, false)}</span>` : ''}</div>
      <p class="total"><span data-field="total">${num(r.total)}</span> <small>/ ${esc(r.bonus.cap)} ${bi2('分', 'points')}</small></p>
      <div class="sub">${bi2('基础分', 'Base')} <span data-field="baseTotal">${num(r.baseTotal)}</span> + ${bi2('加分', 'bonus')} <span data-field="bonus">${num(r.bonus.points)}</span></div>
      ${standingText(d)}
      <dl class="kv spaced">
        <dt>${bi2('统一社会信用代码', 'Credit code')}</dt><dd>${esc(a.creditCode)}</dd>
        <dt>${bi2('地区', 'Region')}</dt><dd>${esc(a.region)}</dd>
        <dt>${bi2('参评资格', 'Eligibility')}</dt><dd data-field="eligible" data-value="${r.eligible}">${r.eligible ? bi2('符合参评条件', 'eligible') : `<span class="bad">${bi2('不符合参评条件', 'not eligible')}</span>`}</dd>
        <dt>${bi2('一票否决', 'Veto')}</dt><dd data-field="vetoed" data-value="${r.vetoed}">${r.vetoed ? `<span class="bad">${bi2(`已触发 ${r.vetoes.length} 项`, `${r.vetoes.length} fired`)}</span>` : bi2('未触发', 'none fired')}</dd>
      </dl>
    </div>
    <div>
      <div id="radar" class="chart" role="img" aria-label="${esc(tops.length >= RADAR_MIN_NODES ? 'radar chart' : 'bar chart')}" data-chart="${tops.length >= RADAR_MIN_NODES ? 'radar' : 'bars'}"></div>
      ${avg ? `<div class="sub center">${bi2(`虚线：本类别 ${avg.agencies} 家机构的平均得分`, `Dashed: mean of ${avg.agencies} agencies in this category`)}</div>` : ''}
    </div>
  </div>
</section>
${gates(d)}
<h2>${bi2(`${level.zh}得分`, `${level.en} scores`)}</h2>
<table class="nodes">
  <thead><tr><th>${bi(level)}</th><th class="n">${bi2('权重', 'Weight')}</th><th class="n">${bi2('得分率 %', 'Score %')}</th><th class="meter-cell"></th>${avg ? `<th class="n">${bi2('类别平均 %', 'Category mean %')}</th>` : ''}<th class="n">${bi2('贡献分', 'Contribution')}</th></tr></thead>
  <tbody>${tops
    .map(
      (x) => `<tr data-node="${esc(x.id)}"><td>${bi(x.name)}</td><td class="n">${num(x.weight)}</td><td class="n" data-field="score">${num(x.score)}</td><td class="meter-cell">${meter(x.score)}</td>${avg ? `<td class="n">${num(avg.nodes[x.id] ?? NaN)}</td>` : ''}<td class="n" data-field="contribution">${num(x.contribution)}</td></tr>`,
    )
    .join('')}</tbody>
</table>
<h2>${bi2(`指标明细（${leaves.length} 项）`, `Indicators (${leaves.length})`)}</h2>
<table class="indicators">
  <thead><tr><th>${bi2('条款', 'Clause')}</th><th>${bi2('指标', 'Indicator')}</th><th class="n">${bi2('得分', 'Points')}</th><th class="n">${bi2('上级内权重', 'Weight')}</th><th class="n">${bi2('有效权重', 'Eff. weight')}</th><th class="n">${bi2('贡献分', 'Contrib.')}</th><th>${bi2('得分依据', 'Why these points')}</th><th>${bi2('未满足的规则', 'Rules not met')}</th></tr></thead>
  <tbody>${leaves
    .map((ind, i) => {
      const parent = ind.parent === null ? undefined : parents.get(ind.parent);
      const head = parent && (i === 0 || leaves[i - 1].parent !== ind.parent) ? `<tr class="dim"><td colspan="8">${bi(parent)}</td></tr>` : '';
      return head + indicatorRow(d, ind);
    })
    .join('')}</tbody>
</table>
${r.bonus.items.length > 0 ? `<h3>${bi2('加分项', 'Bonus items')}</h3><ul class="plain">${r.bonus.items.map((t) => `<li data-bonus="${esc(t.rule)}">${bi(t.reason)} <b>+${num(t.points)}</b> ${basisTag(t)} <span class="why">${basisInWords(d.dictionary, t.compared)}</span></li>`).join('')}</ul>` : ''}
<h2>${bi2('缺失的佐证材料', 'Missing evidence')}</h2>
${
  r.missingEvidence.length === 0
    ? `<p>${bi2('无：规则读取的事实均已提供。', 'None: every fact the rules read was supplied.')}</p>`
    : `<table data-field="missingEvidence"><thead><tr><th>${bi2('事实', 'Fact')}</th><th>${bi2('所需材料', 'Evidence needed')}</th><th>${bi2('影响', 'Used by')}</th></tr></thead><tbody>${r.missingEvidence
        .map((m) => `<tr data-fact="${esc(m.fact)}"><td>${bi(m.label)}</td><td>${bi(m.evidence)}</td><td data-field="usedBy">${m.indicators.map((u) => bi(d.useNames[u] ?? { zh: u, en: u })).join('、')}</td></tr>`)
        .join('')}</tbody></table>`
}
${adviceSection(d)}
${signOff(d)}
${jsonScript('radar-data', {
  chart: tops.length >= RADAR_MIN_NODES ? 'radar' : 'bars',
  nodes: tops.map((x) => ({ id: x.id, name: x.name, score: x.score })),
  average: avg?.nodes ?? null,
})}`;
  return layout({ title: { zh: `评价报告 · ${a.name}`, en: `Evaluation report · ${a.name}` }, lang, body, charts: true, scripts: ['report'] });
}

function standingText(d: ReportData): string {
  const s = d.standing;
  if (!s) {
    const why = d.result.eligible && !d.result.vetoed ? bi2('同类尚无其他机构可比。', 'No other agency of this category to compare with yet.') : bi2('不参与同类排名（不符合参评条件或被一票否决）。', 'Not ranked among peers (not eligible or vetoed).');
    return `<p class="standing sub" data-field="standing">${why}</p>`;
  }
  return `<p class="standing" data-field="standing" data-percent="${s.percent}" data-rank="${s.rank}" data-of="${s.of}"><span lang="zh">总分高于同类 <b>${s.percent}%</b> 的机构（第 ${s.rank} / ${s.of} 名）</span><span lang="en">Total above <b>${s.percent}%</b> of peers (rank ${s.rank} of ${s.of})</span>
<span class="why">${bi2('同类：本类别各机构最新一次评价，同一规则集，参评有效。', 'Peers: the latest evaluation of each agency of the category under the same ruleset, eligible and not vetoed.')}</span></p>`;
}

function gates(d: ReportData): string {
  const r = d.result;
  if (r.eligible && !r.vetoed) return '';
  const item = (g: GateOutcome) => `<li data-gate="${esc(g.id)}">${bi(g.reason)} ${basisTag(g)}<div class="why">${bi2('依据：', 'Found: ')}${basisInWords(d.dictionary, g.compared)}</div></li>`;
  return `<div class="alert">
  ${r.unmetPrerequisites.length ? `<b>${bi2('不符合参评条件：', 'Not eligible:')}</b><ul class="plain">${r.unmetPrerequisites.map(item).join('')}</ul>` : ''}
  ${r.vetoes.length ? `<b>${bi2('一票否决：', 'Vetoed:')}</b><ul class="plain">${r.vetoes.map(item).join('')}</ul>` : ''}
</div>`;
}

function indicatorRow(d: ReportData, ind: IndicatorScore): string {
  const why = ind.decidedBy.length === 0 ? `<span class="warn">${bi2('没有满足的规则', 'No rule met')}</span>` : ind.decidedBy.map((t) => trace(d, t)).join('');
  const missing = ind.missing.length ? `<div class="why warn">${bi2('缺少：', 'Missing: ')}${ind.missing.map((f) => bi(d.dictionary.facts[f]?.label ?? { zh: f, en: f })).join('、')}</div>` : '';
  const unmet = (d.unmet?.[ind.id] ?? [])
    .map((u) => `<div class="unmet" data-unmet="${esc(u.rule)}">${committeeTag(u.provenance)} ${bi(u.reason)}${u.points !== undefined ? ` <span class="sub">(${u.points})</span>` : ''}<div class="why">${bi2('现为：', 'Now: ')}${basisInWords(d.dictionary, u.basis)}</div></div>`)
    .join('');
  return `<tr data-indicator="${esc(ind.id)}">
<td>${esc(ind.clause)}</td><td>${bi(ind.name)}</td>
<td class="n"><span data-field="points">${num(ind.points)}</span> / ${esc(ind.max)}</td>
<td class="n" data-field="weight">${num(ind.weight)}</td>
<td class="n" data-field="effectiveWeight">${esc(ind.effectiveWeight)}</td>
<td class="n" data-field="contribution">${num(ind.contribution)}</td>
<td>${why}${missing}</td><td data-field="unmet">${unmet || (d.unmet ? `<span class="sub">${bi2('无', 'none')}</span>` : '')}</td></tr>`;
}

function trace(d: ReportData, t: RuleTrace): string {
  return `<div class="met" data-rule="${esc(t.rule)}">${committeeTag(t)} ${bi(t.reason)} <b>${num(t.points)}</b>${t.compared.length ? `<div class="why">${basisInWords(d.dictionary, t.compared)}</div>` : ''}</div>`;
}

/** Who evaluated, when, under which ruleset and edition; with lines to sign on paper. */
function signOff(d: ReportData): string {
  const rs = d.result.ruleset;
  return `<section class="sign-off" data-field="signOff">
  <h2>${bi2('签发', 'Sign-off')}</h2>
  <dl class="kv">
    <dt>${bi2('评审人', 'Assessor')}</dt><dd data-field="assessor">${esc(d.evaluation.evaluatedBy)}</dd>
    <dt>${bi2('评价日期', 'Date')}</dt><dd data-field="date">${esc(d.evaluation.createdAt.slice(0, 10))} <span class="sub">${esc(d.evaluation.createdAt.slice(11, 16))} UTC</span></dd>
    <dt>${bi2('规则集', 'Ruleset')}</dt><dd><b data-field="rulesetId">${esc(rs.id)}</b> v<span data-field="rulesetVersion">${esc(rs.version)}</span></dd>
    <dt>${bi2('标准版次', 'Edition')}</dt><dd><span data-field="edition">${esc(rs.edition)}</span> · ${bi2('生效', 'in force from')} ${esc(rs.effectiveFrom)}</dd>
  </dl>
  <div class="signatures"><div>${bi2('评审人签字', 'Assessor\'s signature')}</div><div>${bi2('日期', 'Date')}</div><div>${bi2('机构确认', 'Agency\'s acknowledgement')}</div></div>
  <div class="foot">${bi2('规则内容哈希', 'Ruleset content hash')} <code data-field="rulesetHash">${esc(rs.hash)}</code> · ${bi2('评价编号', 'Evaluation')} ${esc(d.evaluation.id)}<br>
  ${provenanceFooter(d.terms)}</div>
</section>`;
}
