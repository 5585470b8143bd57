import type { AgencyWithLatest } from '../agencies/agencies.service.js';
import type { Page } from '../common/pagination.js';
import type { Role } from '../config/api-keys.js';
import type { Classification, Text } from '../core/types.js';
import { bi, bi2, esc, jsonScript, layout, num } from '../pages/html.js';
import { categoryList, classNamesOf, classPrefixes } from '../pages/standard-view.js';
import type { AgencyPageData } from './registry.service.js';

type Lang = 'zh' | 'en';

/** A grade as a badge: its label, coloured by whether the grade passes. */
export function gradeBadge(grade: string, labels: Map<string, Text>, passing?: boolean): string {
  const failing = passing === false || grade === 'notEligible' || grade === 'vetoed';
  return `<span class="badge small ${failing ? 'fail' : 'pass'}" data-grade="${esc(grade)}">${bi(labels.get(grade) ?? { zh: grade, en: grade })}</span>`;
}

/** The home page after login: what this role can do, as links. */
export function homePage(role: Role, principal: string, lang: Lang): string {
  const can = (r: Role) => ['viewer', 'assessor', 'admin'].indexOf(role) >= ['viewer', 'assessor', 'admin'].indexOf(r);
  const link = (href: string, zh: string, en: string, dzh: string, den: string, id: string) =>
    `<a class="tile" href="${esc(href)}" data-link="${esc(id)}"><b>${bi2(zh, en)}</b><span class="sub">${bi2(dzh, den)}</span></a>`;
  const tiles = [
    link('/registry', '机构名录', 'Agency index', '检索、筛选机构及其最新评价', 'Search and filter agencies and their latest evaluation', 'registry'),
    can('assessor') ? link('/registry/new', '登记机构', 'Register an agency', '按表 1 分类登记新机构', 'Register a new agency with its Table 1 class', 'register') : '',
    link('/dashboard', '标准委员会看板', 'Committee dashboard', '等级分布、维度与指标分布、临界机构', 'Grade distribution, node and indicator spread, agencies near a boundary', 'dashboard'),
    link('/workbench', can('admin') ? '规则工作台' : '规则工作台（只读）', can('admin') ? 'Rules workbench' : 'Rules workbench (read only)', '编辑规则草案并即时查看影响', 'Edit a draft of the rules and see its effect at once', 'workbench'),
    can('assessor') ? link('/spreadsheets/template.xlsx', '事实填报模板（XLSX）', 'Fact template (XLSX)', '批量填报后通过 API 导入', 'Fill in many agencies, then import through the API', 'template') : '',
    link('/docs', 'API 文档', 'API documentation', 'OpenAPI（中英文）', 'OpenAPI (zh and en)', 'docs'),
  ];
  const body = `<h1>${bi2('欢迎', 'Welcome')}</h1>
<p class="sub">${bi2(`已登录：${principal}（角色 ${role}）`, `Logged in as ${principal} (role ${role})`)} · <a href="/logout">${bi2('退出', 'Log out')}</a></p>
<nav class="tiles" data-role="${esc(role)}">${tiles.join('')}</nav>`;
  return layout({ title: { zh: '首页', en: 'Home' }, lang, body });
}

export interface IndexQuery {
  q?: string;
  category?: string;
  classPath?: string;
  region?: string;
  grade?: string;
  period?: string;
  page: number;
}

/** The agency index: a filter form, one row per agency with its latest evaluation, and paging. */
export function indexPage(result: Page<AgencyWithLatest>, q: IndexQuery, classification: Classification, grades: Map<string, Text>, canRegister: boolean, lang: Lang): string {
  const t = (text: Text) => esc(text[lang]);
  const option = (value: string, label: string, selected: boolean) => `<option value="${esc(value)}"${selected ? ' selected' : ''}>${label}</option>`;
  const classes = classPrefixes(classification);
  const filters = `<form class="filters card no-print" method="get" action="/registry" data-reload-on-lang>
  <input type="hidden" name="lang" value="${lang}">
  <label>${bi2('名称', 'Name')}<input name="q" value="${esc(q.q)}" maxlength="100"></label>
  <label>${bi2('类别', 'Category')}<select name="category">${option('', t({ zh: '全部', en: 'All' }), !q.category)}${categoryList(classification).map((c) => option(c.id, t(c.name), q.category === c.id)).join('')}</select></label>
  <label>${bi2('分类', 'Class')}<select name="classPath">${option('', t({ zh: '全部', en: 'All' }), !q.classPath)}${classification.categories
    .map((c) => `<optgroup label="${t(c.name)}">${classes.filter((x) => x.category === c.id).map((x) => option(x.path, x.names.map(t).join(' › '), q.classPath === x.path)).join('')}</optgroup>`)
    .join('')}</select></label>
  <label>${bi2('地区（前缀）', 'Region (prefix)')}<input name="region" value="${esc(q.region)}" maxlength="100"></label>
  <label>${bi2('最新等级', 'Latest grade')}<select name="grade">${option('', t({ zh: '全部', en: 'All' }), !q.grade)}${[...grades].map(([id, l]) => option(id, t(l), q.grade === id)).join('')}</select></label>
  ${q.period ? `<label>${bi2('评价期', 'Period')}<input name="period" value="${esc(q.period)}" maxlength="16"></label>` : ''}
  <button type="submit">${bi2('筛选', 'Filter')}</button> <a href="/registry?lang=${lang}">${bi2('清除', 'Clear')}</a>
</form>`;
  const rows = result.items
    .map(({ agency: a, latest }) => {
      const names = classNamesOf(classification, a.category, a.classPath.join('/'));
      return `<tr data-agency="${esc(a.id)}"><td><a href="/registry/${esc(a.id)}?lang=${lang}" data-field="name">${esc(a.name)}</a><div class="why">${esc(a.creditCode)}</div></td>
<td>${bi(names.categoryName)}<div class="why">${names.classNames.map((n) => bi(n)).join(' › ')}</div></td><td>${esc(a.region)}</td>
<td>${latest ? esc(latest.period) : '—'}</td><td class="n" data-field="total">${latest ? num(latest.total) : '—'}</td>
<td data-field="grade">${latest ? `${gradeBadge(latest.grade, grades)} <a href="/evaluations/${esc(latest.id)}/report?lang=${lang}">${bi2('报告', 'report')}</a>` : `<span class="sub">${bi2('未评价', 'not evaluated')}</span>`}</td></tr>`;
    })
    .join('');
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const at = (page: number) => `/registry?${new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')), page: String(page), lang }).toString()}`;
  const paging = `<nav class="paging no-print" data-field="paging">${result.page > 1 ? `<a href="${esc(at(result.page - 1))}" rel="prev">${bi2('上一页', 'Previous')}</a>` : ''}
<span>${bi2(`第 ${result.page} / ${pages} 页，共 ${result.total} 家`, `Page ${result.page} of ${pages}, ${result.total} agencies`)}</span>
${result.page < pages ? `<a href="${esc(at(result.page + 1))}" rel="next">${bi2('下一页', 'Next')}</a>` : ''}</nav>`;
  const body = `<h1>${bi2('机构名录', 'Agency index')}</h1>
${canRegister ? `<p class="no-print"><a class="button" href="/registry/new?lang=${lang}">${bi2('登记机构', 'Register an agency')}</a></p>` : ''}
${filters}
<table class="index" data-field="agencies"><thead><tr><th>${bi2('机构', 'Agency')}</th><th>${bi2('类别与分类', 'Category and class')}</th><th>${bi2('地区', 'Region')}</th><th>${bi2(q.period ? '评价期' : '最新评价期', q.period ? 'Period' : 'Latest period')}</th><th class="n">${bi2('总分', 'Total')}</th><th>${bi2('等级', 'Grade')}</th></tr></thead>
<tbody>${rows || `<tr><td colspan="6" class="sub">${bi2('没有符合条件的机构。', 'No agency matches.')}</td></tr>`}</tbody></table>
${paging}`;
  return layout({ title: { zh: '机构名录', en: 'Agency index' }, lang, body });
}

/** One agency: its details, its periods with evaluations and reports, and the trend of its scores across periods. */
export function agencyPage(d: AgencyPageData, canSubmit: boolean, lang: Lang): string {
  const a = d.agency;
  const evaluationOf = new Map(d.evaluations.map((e) => [e.submissionId, e]));
  const rows = d.submissions
    .map((s) => {
      const e = evaluationOf.get(s.id);
      return `<tr data-submission="${esc(s.id)}"><td>${esc(s.period)}</td><td class="n">${esc(s.version)}</td><td>${esc(s.createdAt.slice(0, 16).replace('T', ' '))} · ${esc(s.submittedBy)}</td>
<td class="n">${e ? num(e.total) : '—'}</td><td>${e ? `${gradeBadge(e.grade, d.grades)} <a href="/evaluations/${esc(e.id)}/report?lang=${lang}" data-field="report">${bi2('报告', 'report')}</a>` : `<span class="sub">${bi2('未评价', 'not evaluated')}</span>`}</td>
<td class="no-print">${canSubmit ? `<a href="/registry/${esc(a.id)}/facts?period=${encodeURIComponent(s.period)}&lang=${lang}">${bi2('更正（新版本）', 'Correct (new version)')}</a>` : ''}</td></tr>`;
    })
    .join('');
  const body = `<div class="sub">${bi2('机构', 'Agency')}</div>
<h1 data-field="agencyName">${esc(a.name)}</h1>
<div class="sub">${bi(a.categoryName)}${a.classNames.map((n) => ` › ${bi(n)}`).join('')}</div>
<dl class="kv spaced">
  <dt>${bi2('统一社会信用代码', 'Credit code')}</dt><dd>${esc(a.creditCode)}</dd>
  <dt>${bi2('地区', 'Region')}</dt><dd>${esc(a.region)}</dd>
  <dt>${bi2('登记', 'Registered')}</dt><dd>${esc(a.createdAt.slice(0, 10))} · ${esc(a.createdBy)}</dd>
</dl>
${canSubmit ? `<p class="no-print"><a class="button" href="/registry/${esc(a.id)}/facts?lang=${lang}" data-field="newFacts">${bi2('填报事实并评价', 'Enter facts and evaluate')}</a></p>` : ''}
<h2>${bi2('历次评价走势', 'Trend across periods')}</h2>
${d.trend.periods.length > 0 ? `<div id="trend" class="chart" role="img" aria-label="trend chart"></div>` : `<p class="sub">${bi2('尚无评价。', 'No evaluation yet.')}</p>`}
<h2>${bi2('各期提交与评价', 'Submissions and evaluations by period')}</h2>
<table data-field="periods"><thead><tr><th>${bi2('评价期', 'Period')}</th><th class="n">${bi2('版本', 'Version')}</th><th>${bi2('提交', 'Submitted')}</th><th class="n">${bi2('总分', 'Total')}</th><th>${bi2('等级', 'Grade')}</th><th class="no-print"></th></tr></thead>
<tbody>${rows || `<tr><td colspan="6" class="sub">${bi2('尚无提交。', 'No submission yet.')}</td></tr>`}</tbody></table>
${jsonScript('trend-data', d.trend)}`;
  return layout({ title: { zh: `机构 · ${a.name}`, en: `Agency · ${a.name}` }, lang, body, charts: d.trend.periods.length > 0, scripts: d.trend.periods.length > 0 ? ['agency'] : [] });
}
