import type { AdviceStep, FactChange } from '../advice/advisor.js';
import { bi, bi2, esc, num } from '../pages/html.js';
import { factValue } from '../pages/values.js';
import type { ReportData } from './report.service.js';
import { basisTag } from './provenance.section.js';

/** "员工总数 42 → 50 人": one fact change in both languages. */
function change(d: ReportData, c: FactChange): string {
  const unit = c.unit ? ` ${bi(c.unit)}` : '';
  const judged = c.assessorJudged ? ` <span class="warn">${bi2('（评审酌定）', '(assessor-judged)')}</span>` : '';
  return `${bi(c.label)} ${factValue(d.dictionary, c.fact, c.from)} → <b>${factValue(d.dictionary, c.fact, c.to)}</b>${unit}${judged}`;
}

function stepRow(d: ReportData, s: AdviceStep, i: number): string {
  return `<tr data-advice="${esc(s.rule)}"><td class="n">${i + 1}</td><td>${s.changes.map((c) => change(d, c)).join('<br>')}<div class="why">${bi(s.reason)}</div></td><td class="n ok" data-field="gain">+${num(s.gain)}</td><td class="n">${num(s.total)}</td><td>${bi(s.gradeLabel)}</td></tr>`;
}

const HEAD = () =>
  `<thead><tr><th class="n">#</th><th>${bi2('需要的变化', 'Change needed')}</th><th class="n">${bi2('增分', 'Gain')}</th><th class="n">${bi2('总分', 'Total')}</th><th>${bi2('等级', 'Grade')}</th></tr></thead>`;

/** The improvement advice: what to fix first, the best single changes, and a path to the next grade. */
export function adviceSection(d: ReportData): string {
  const a = d.advice;
  if (!a) return `<h2>${bi2('改进建议', 'Improvement advice')}</h2><p class="sub">${bi2('现行规则下无法为该提交计算建议（事实不符合现行事实字典）。', 'No advice: the stored facts do not pass the fact dictionary in force.')}</p>`;
  const parts: string[] = [`<h2>${bi2('改进建议', 'Improvement advice')}</h2>`];
  if (d.adviceUnderNewerRuleset) parts.push(`<div class="note">${bi2('建议按现行规则集计算（与本次评价所用规则集不同）。', 'Advice is computed under the ruleset in force, which differs from the one this evaluation used.')}</div>`);
  if (a.blockers.length > 0) {
    parts.push(`<h3>${bi2('首先需要解决', 'Fix first')}</h3><ol class="plain" data-field="blockers">${a.blockers
      .map(
        (b) =>
          `<li data-blocker="${esc(b.id)}"><b>${b.kind === 'veto' ? bi2('一票否决', 'Veto') : bi2('参评条件', 'Prerequisite')}</b> ${basisTag(b, false)} ${bi(b.reason)}<div class="why">${
            b.changes ? b.changes.map((c) => change(d, c)).join('; ') : bi2('无法通过调整事实解决', 'No change of facts clears it')
          }</div></li>`,
      )
      .join('')}</ol>`);
    if (a.afterBlockers) parts.push(`<p>${bi2('解决后：', 'Once cleared: ')}<b>${num(a.afterBlockers.total)}</b> · ${bi(a.afterBlockers.gradeLabel)}</p>`);
  }
  if (a.steps.length > 0) {
    parts.push(`<h3>${bi2('提分最多的单项改进', 'Single changes with the largest gain')}</h3><table data-field="adviceSteps">${HEAD()}<tbody>${a.steps.map((s, i) => stepRow(d, s, i)).join('')}</tbody></table>`);
  } else parts.push(`<p class="sub">${bi2('没有能提高总分的单项事实变化。', 'No single change of facts raises the total.')}</p>`);
  const g = a.nextGrade;
  if (g) {
    const title = g.reached
      ? bi2(`达到「${g.target.label.zh}」（${g.target.min} 分及以上）的一条路径`, `A path to ${g.target.label.en} (${g.target.min} points or more)`)
      : bi2(`向「${g.target.label.zh}」的改进（仅凭事实变化尚不足以达到）`, `Towards ${g.target.label.en} (fact changes alone do not reach it)`);
    parts.push(`<h3>${title}</h3><table data-field="nextGrade">${HEAD()}<tbody>${g.steps.map((s, i) => stepRow(d, s, i)).join('')}</tbody></table>`);
  } else if (a.blockers.length === 0) parts.push(`<p class="ok">${bi2('已是最高等级。', 'Already at the top grade.')}</p>`);
  parts.push(`<p class="why">${bi2('建议由现行规则集推导，并以评价核心逐项试算；评审酌定项需以实际改进为依据。', 'Derived from the ruleset in force and checked with the scoring core; assessor-judged items must be earned by real improvement.')}</p>`);
  return parts.join('\n');
}
