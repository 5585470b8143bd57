import type { EvaluationResult, GateOutcome, IndicatorScore, RuleTrace, Text } from '../core/types.js';
import { bi, bi2, esc, jsonScript, layout, num } from '../pages/html.js';
import { comparedText } from '../pages/values.js';
import { adviceSection } from './advice.section.js';
import type { ReportData } from './report.service.js';

/**
 * The evaluation report as one HTML page, Chinese first with an English switch, printable to A4. Numbers carry
 * `data-field` attributes so a test can compare them with the API's.
 */
export function reportPage(d: ReportData, lang: 'zh' | 'en'): string {
  const r = d.result;
  const a = d.agency;
  const nodes = new Map(r.nodes.map((x) => [x.id, x]));
  const top = topLevel(r);
  const level = d.levels[0] ?? { zh: '一级指标', en: 'Top level' };
  const body = `
<section>
  <div class="sub">${bi2('评价报告', 'Evaluation report')} · ${esc(d.evaluation.period)}</div>
  <h1 data-field="agencyName">${esc(a.name)}</h1>
  <div class="sub">${bi(a.categoryName)}${a.classNames.map((n) => ` › ${bi(n)}`).join('')}</div>
  <div class="summary">
    <div class="card">
      <div><span class="badge g-${esc(r.grade)}" data-field="grade" data-grade="${esc(r.grade)}">${bi(r.gradeLabel)}</span></div>
      <p class="total" style="margin:14px 0 4px"><span data-field="total">${num(r.total)}</span> <small>/ ${esc(r.bonus.cap)} ${bi2('分', 'points')}</small></p>
      <div class="sub">${bi2('基础分', 'Base')} <span data-field="baseTotal">${num(r.baseTotal)}</span> + ${bi2('加分', 'bonus')} <span data-field="bonus">${num(r.bonus.points)}</span></div>
      <dl class="kv" style="margin-top:12px">
        <dt>${bi2('统一社会信用代码', 'Credit code')}</dt><dd>${esc(a.creditCode)}</dd>
        <dt>${bi2('地区', 'Region')}</dt><dd>${esc(a.region)}</dd>
        <dt>${bi2('参评资格', 'Eligibility')}</dt><dd data-field="eligible" data-value="${r.eligible}">${r.eligible ? `<span class="ok">${bi2('符合', 'eligible')}</span>` : `<span class="bad">${bi2('不符合', 'not eligible')}</span>`}</dd>
        <dt>${bi2('一票否决', 'Veto')}</dt><dd data-field="vetoed" data-value="${r.vetoed}">${r.vetoed ? `<span class="bad">${bi2('已触发', 'fired')}</span>` : `<span class="ok">${bi2('无', 'none')}</span>`}</dd>
        <dt>${bi2('评价时间', 'Evaluated')}</dt><dd>${esc(d.evaluation.createdAt.slice(0, 16).replace('T', ' '))} UTC</dd>
      </dl>
    </div>
    <div>
      <div id="radar" class="chart" role="img" aria-label="radar chart"></div>
      ${d.categoryAverage ? `<div class="sub" style="text-align:center">${bi2(`虚线：本类别 ${d.categoryAverage.agencies} 家机构的平均得分`, `Dashed: mean of ${d.categoryAverage.agencies} agencies in this category`)}</div>` : ''}
    </div>
  </div>
</section>
${gates(d)}
<h2>${bi2(`${level.zh}得分`, `${level.en} scores`)}</h2>
<table>
  <thead><tr><th>${bi(level)}</th><th class="n">${bi2('权重', 'Weight')}</th><th class="n">${bi2('得分率 %', 'Score %')}</th>${d.categoryAverage ? `<th class="n">${bi2('类别平均 %', 'Category mean %')}</th>` : ''}<th class="n">${bi2('贡献分', 'Contribution')}</th></tr></thead>
  <tbody>${top
    .map(
      (x) => `<tr data-node="${esc(x.id)}"><td>${bi(x.name)}</td><td class="n">${num(x.weight)}</td><td class="n bar-cell" style="--w:${Math.max(0, Math.min(100, x.score))}%" data-field="score">${num(x.score)}</td>${d.categoryAverage ? `<td class="n">${num(d.categoryAverage.nodes[x.id] ?? NaN)}</td>` : ''}<td class="n" data-field="contribution">${num(x.contribution)}</td></tr>`,
    )
    .join('')}</tbody>
</table>
<h2>${bi2(`指标明细（${r.indicators.length}项）`, `Indicators (${r.indicators.length})`)}</h2>
<table>
  <thead><tr><th>${bi2('条款', 'Clause')}</th><th>${bi2('指标', 'Indicator')}</th><th class="n">${bi2('得分', 'Points')}</th><th class="n">${bi2('上级内权重', 'Weight')}</th><th class="n">${bi2('有效权重', 'Eff. weight')}</th><th class="n">${bi2('贡献分', 'Contribution')}</th><th>${bi2('依据（规则与事实）', 'Decided by (rule and facts)')}</th></tr></thead>
  <tbody>${r.indicators
    .map((ind, i) => {
      const parent = ind.parent === null ? undefined : nodes.get(ind.parent);
      const head = parent && (i === 0 || r.indicators[i - 1].parent !== ind.parent) ? `<tr class="dim"><td colspan="7">${bi(parent.name)}</td></tr>` : '';
      return head + indicatorRow(d, ind);
    })
    .join('')}</tbody>
</table>
${r.bonus.items.length > 0 ? `<h3>${bi2('加分项', 'Bonus items')}</h3><ul class="plain">${r.bonus.items.map((t) => `<li>${bi(t.reason)} <b>+${num(t.points)}</b></li>`).join('')}</ul>` : ''}
<h2>${bi2('缺失的佐证材料', 'Missing evidence')}</h2>
${
  r.missingEvidence.length === 0
    ? `<p class="ok">${bi2('无：规则读取的事实均已提供。', 'None: every fact the rules read was supplied.')}</p>`
    : `<table data-field="missingEvidence"><thead><tr><th>${bi2('事实', 'Fact')}</th><th>${bi2('所需材料', 'Evidence needed')}</th><th>${bi2('影响指标', 'Used by')}</th></tr></thead><tbody>${r.missingEvidence
        .map((m) => `<tr data-fact="${esc(m.fact)}"><td>${bi(m.label)}</td><td>${bi(m.evidence)}</td><td>${m.indicators.map((i) => esc(i)).join(', ')}</td></tr>`)
        .join('')}</tbody></table>`
}
${adviceSection(d)}
<div class="foot">
  ${bi2('规则集', 'Ruleset')} <b data-field="rulesetId">${esc(r.ruleset.id)}</b> v${esc(r.ruleset.version)} · ${bi2('版次', 'edition')} <span data-field="edition">${esc(r.ruleset.edition)}</span> · ${bi2('生效', 'effective')} ${esc(r.ruleset.effectiveFrom)}<br>
  ${bi2('规则内容哈希', 'Ruleset content hash')} <code data-field="rulesetHash">${esc(r.ruleset.hash)}</code><br>
  ${bi2('评价编号', 'Evaluation')} ${esc(d.evaluation.id)} · ${bi2('权重、分档与等级线为标准委员会可编辑的默认值。', 'Weights, tiers and grade bands are committee-editable defaults.')}
</div>
${jsonScript('radar-data', {
  nodes: top.map((x) => ({ id: x.id, name: x.name, score: x.score })),
  average: d.categoryAverage?.nodes ?? null,
})}`;
  return layout({ title: { zh: `评价报告 · ${a.name}`, en: `Evaluation report · ${a.name}` }, lang, body, charts: true, scripts: ['report'] });
}

/** The top level of the tree as scored: its nodes, and any leaf that sits at the top (as a percentage). */
function topLevel(r: EvaluationResult): { id: string; name: Text; weight: number; score: number; contribution: number }[] {
  const leaves = r.indicators.filter((i) => i.level === 1).map((i) => ({ ...i, score: Math.round((i.points / i.max) * 10000) / 100 }));
  return [...r.nodes.filter((n) => n.level === 1), ...leaves];
}

function gates(d: ReportData): string {
  const r = d.result;
  if (r.eligible && !r.vetoed) return '';
  const item = (g: GateOutcome) => `<li data-gate="${esc(g.id)}"><b>${esc(g.clause)}</b> ${bi(g.reason)}<div class="why">${g.compared.map((c) => comparedText(d.dictionary, c)).join('; ')}</div></li>`;
  return `<div class="alert">
  ${r.unmetPrerequisites.length ? `<b>${bi2('不符合参评条件：', 'Not eligible:')}</b><ul class="plain">${r.unmetPrerequisites.map(item).join('')}</ul>` : ''}
  ${r.vetoes.length ? `<b>${bi2('一票否决：', 'Vetoed:')}</b><ul class="plain">${r.vetoes.map(item).join('')}</ul>` : ''}
</div>`;
}

function indicatorRow(d: ReportData, ind: IndicatorScore): string {
  const why = ind.decidedBy.length === 0 ? `<span class="warn">${bi2('无规则满足', 'No rule matched')}</span>` : ind.decidedBy.map((t) => trace(d, t)).join('');
  const missing = ind.missing.length ? `<div class="why warn">${bi2('缺少：', 'Missing: ')}${ind.missing.map((f) => bi(d.dictionary.facts[f]?.label ?? { zh: f, en: f })).join('、')}</div>` : '';
  return `<tr data-indicator="${esc(ind.id)}">
<td>${esc(ind.clause)}</td><td>${bi(ind.name)}</td>
<td class="n"><span data-field="points">${num(ind.points)}</span> / ${esc(ind.max)}</td>
<td class="n" data-field="weight">${num(ind.weight)}</td>
<td class="n" data-field="effectiveWeight">${esc(ind.effectiveWeight)}</td>
<td class="n" data-field="contribution">${num(ind.contribution)}</td>
<td>${why}${missing}</td></tr>`;
}

function trace(d: ReportData, t: RuleTrace): string {
  const facts = t.compared.filter((c) => c.result).map((c) => comparedText(d.dictionary, c));
  return `<div><b>${esc(t.clause)}</b> ${bi(t.reason)} <b>${num(t.points)}</b>${facts.length ? `<div class="why">${facts.join('; ')}</div>` : ''}</div>`;
}
