import type { Classification, FactDef, FieldDef, Text } from '../core/types.js';
import { bi, bi2, esc, layout } from '../pages/html.js';
import { classOptions } from '../pages/standard-view.js';
import { evidenceName, fieldName, inputValue, SPARE_ROWS, type FactField } from './fact-form.js';
import type { FactsFormData, FieldErrors } from './registry.service.js';

type Lang = 'zh' | 'en';

const error = (errors: FieldErrors, field: string) => (errors[field] ? `<div class="error" data-error="${esc(field)}" role="alert">${bi(errors[field])}</div>` : '');
const required = `<abbr class="req" title="必填 / required">*</abbr>`;

/** The registration form: name, credit code, region and the Table 1 class (the class decides the category). */
export function registerPage(classification: Classification, values: Record<string, string>, errors: FieldErrors, lang: Lang): string {
  const text = (name: string, label: Text, attrs: string, help: Text) => `<div class="field${errors[name] ? ' invalid' : ''}" data-field="${name}">
  <label for="r-${name}">${bi(label)} ${required}</label>
  <input id="r-${name}" name="${name}" value="${esc(values[name])}" required ${attrs}>
  <div class="help">${bi(help)}</div>${error(errors, name)}
</div>`;
  const options = classOptions(classification);
  const picker = classification.categories
    .map((c) => {
      const seconds = c.classes
        .map((s) => {
          const mine = options.filter((o) => o.category === c.id && o.path[0] === s.id);
          return `<div class="class-group"><div class="class-second">${bi(s.name)}</div>${mine
            .map(
              (o) => `<label class="class-option${o.path.length === 3 ? ' subtype' : ''}"><input type="radio" name="class" value="${esc(o.value)}"${values.class === o.value ? ' checked' : ''} required>
<span><b>${bi(o.names[o.names.length - 1])}</b><span class="why">${bi(o.description)}</span></span></label>`,
            )
            .join('')}</div>`;
        })
        .join('');
      return `<fieldset class="class-category" data-category="${esc(c.id)}"><legend>${bi(c.name)}</legend><p class="why">${bi(c.definition)}</p>${seconds}</fieldset>`;
    })
    .join('');
  const body = `<h1>${bi2('登记机构', 'Register an agency')}</h1>
<p class="sub">${bi2('分类按标准表 1（服务机构分类）：选择三级分类或其子类型，一级类别随之确定。', 'Classes follow Table 1 of the standard: pick a third-level class or a sub-type; the category follows from it.')}</p>
${error(errors, '_form')}
<form class="entry" method="post" action="/registry/new">
  ${text('name', { zh: '机构名称', en: 'Agency name' }, 'maxlength="200"', { zh: '营业执照或登记证书上的全称', en: 'The full name on the business licence or registration certificate' })}
  ${text('creditCode', { zh: '统一社会信用代码', en: 'Unified social credit code' }, 'maxlength="18" minlength="18" pattern="[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}" autocomplete="off"', { zh: '18 位，末位为 GB 32100 校验位', en: '18 characters; the last is the GB 32100 check character' })}
  ${text('region', { zh: '所在地区', en: 'Region' }, 'maxlength="100"', { zh: '如“江苏省苏州市”（名录按前缀筛选）', en: 'e.g. 江苏省苏州市 (the index filters by prefix)' })}
  <div class="field${errors.class ? ' invalid' : ''}" data-field="class">
    <div class="label">${bi2('表 1 分类', 'Table 1 class')} ${required}</div>
    ${error(errors, 'class')}
    <div class="class-picker">${picker}</div>
  </div>
  <button type="submit" class="primary">${bi2('登记', 'Register')}</button>
</form>`;
  return layout({ title: { zh: '登记机构', en: 'Register an agency' }, lang, body });
}

/** The facts form of an agency: every fact its category's rules read, with help from the standard, and one button. */
export function factsPage(d: FactsFormData, lang: Lang): string {
  const a = d.agency;
  const count = Object.keys(d.errors).length;
  const body = `<div class="sub"><a href="/registry/${esc(a.id)}?lang=${lang}">${esc(a.name)}</a></div>
<h1>${bi2('填报事实并评价', 'Enter facts and evaluate')}</h1>
<div class="sub">${bi(a.categoryName)}${a.classNames.map((n) => ` › ${bi(n)}`).join('')}</div>
${d.from ? `<p class="note">${bi2(`已按 ${d.from.period} 第 ${d.from.version} 版提交预填；提交即保存为该期的新版本。`, `Prefilled from the ${d.from.period} submission, version ${d.from.version}; submitting stores a new version of the period.`)}</p>` : ''}
${count > 0 ? `<div class="alert" data-field="errorCount">${bi2(`有 ${count} 处需要更正，见各字段下方。`, `${count} field(s) need correcting; see below each.`)}</div>` : ''}
${error(d.errors, '_form')}
<form class="entry facts" method="post" action="/registry/${esc(a.id)}/facts?lang=${lang}">
  <div class="field${d.errors.period ? ' invalid' : ''}" data-field="period">
    <label for="f-period">${bi2('评价期', 'Period')} ${required}</label>
    <input id="f-period" name="period" value="${esc(d.period)}" required pattern="\\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?" maxlength="7">
    <div class="help">${bi2('年度 2024、半年 2024-H1、季度 2024-Q3 或月份 2024-06', 'Year 2024, half 2024-H1, quarter 2024-Q3 or month 2024-06')}</div>${error(d.errors, 'period')}
  </div>
  ${d.groups
    .map((g) => `<fieldset class="fact-group" data-group="${esc(g.id)}"><legend>${bi(g.name)}</legend>${g.fields.map((f) => factField(f, d)).join('')}</fieldset>`)
    .join('')}
  <div class="submit-bar"><button type="submit" class="primary" data-field="submit">${bi2('提交并评价', 'Submit and evaluate')}</button>
  <span class="why">${bi2('事实按事实字典校验；通过后保存并立即评价，打开评价报告。', 'Facts are checked against the fact dictionary; when they pass they are stored and evaluated at once, and the report opens.')}</span></div>
</form>`;
  return layout({ title: { zh: `填报事实 · ${a.name}`, en: `Facts · ${a.name}` }, lang, body, scripts: ['forms'] });
}

function factField(f: FactField, d: FactsFormData): string {
  const { id, def } = f;
  const value = d.facts[id];
  const hint = rangeHint(def);
  const help = [
    def.description ? `<div>${bi(def.description)}</div>` : '',
    ...f.help.map((h) => `<div class="clause"><b>${esc(h.clause)} ${bi(h.name)}</b>${h.definition ? `：${bi(h.definition)}` : ''}</div>`),
    f.uses.length ? `<div>${bi2('亦用于：', 'Also used by: ')}${f.uses.map((u) => bi(u)).join('、')}</div>` : '',
  ].join('');
  return `<div class="field${d.errors[id] ? ' invalid' : ''}" data-fact="${esc(id)}" data-type="${esc(def.type)}">
  <div class="label"><label for="f-${esc(id)}">${bi(def.label)}</label> ${def.required ? required : ''} ${def.source === 'assessor' ? `<span class="tag">${bi2('评审填写', 'assessor')}</span>` : ''}</div>
  <div class="input">${input(id, def, value)}${def.unit ? ` <span class="unit">${bi(def.unit)}</span>` : ''}${hint ? ` <span class="why">${bi(hint)}</span>` : ''}</div>
  ${error(d.errors, id)}
  <details class="help"><summary>${bi2('说明与条款', 'Help and clauses')}</summary>${help}</details>
  <div class="evidence"><label for="e-${esc(id)}">${bi2('佐证材料', 'Evidence')}</label>：${bi(def.evidence)}
    <input id="e-${esc(id)}" name="${esc(evidenceName(id))}" value="${esc((d.evidence[id] ?? []).join(', '))}" maxlength="2000" placeholder="${esc('材料编号或链接，逗号分隔 / document numbers or links, comma-separated')}"></div>
</div>`;
}

/** "0–5", "≥ 0": the range a number must be in. */
function rangeHint(def: FactDef): Text | undefined {
  if (def.type !== 'integer' && def.type !== 'number' && def.type !== 'rating') return undefined;
  const kind = def.type === 'integer' ? { zh: '整数', en: 'whole number' } : def.type === 'rating' ? { zh: '评分', en: 'rating' } : { zh: '数值', en: 'number' };
  if (def.min !== undefined && def.max !== undefined) return { zh: `${kind.zh} ${def.min}–${def.max}`, en: `${kind.en} ${def.min}–${def.max}` };
  if (def.min !== undefined) return { zh: `${kind.zh} ≥ ${def.min}`, en: `${kind.en} ≥ ${def.min}` };
  return kind;
}

const attr = (name: string, v: number | undefined) => (v === undefined ? '' : ` ${name}="${v}"`);

/** The input for one fact, by its type in the dictionary. */
function input(id: string, def: FactDef, value: unknown): string {
  const name = esc(fieldName(id));
  const req = def.required ? ' required' : '';
  switch (def.type) {
    case 'integer':
    case 'number':
    case 'rating':
      return `<input id="f-${esc(id)}" name="${name}" type="number" inputmode="decimal" step="${def.type === 'integer' ? 1 : 'any'}"${attr('min', def.min)}${attr('max', def.max)} value="${esc(inputValue(def, value))}"${req}>`;
    case 'boolean':
      return radios(id, name, [['true', { zh: '是', en: 'yes' }], ['false', { zh: '否', en: 'no' }]], inputValue(def, value), def.required);
    case 'enum':
      return radios(id, name, (def.values ?? []).map((v) => [v, def.valueLabels?.[v] ?? { zh: v, en: v }]), inputValue(def, value), def.required);
    case 'list':
      return def.items?.type === 'object' ? objectRows(id, def, Array.isArray(value) ? value : []) : checkboxes(id, def, Array.isArray(value) ? value : []);
  }
}

function radios(id: string, name: string, choices: [string, Text][], value: string, isRequired: boolean): string {
  const none = isRequired ? [] : [['', { zh: '未提供', en: 'not supplied' }] as [string, Text]];
  return `<span class="choices" id="f-${esc(id)}">${[...choices, ...none]
    .map(([v, l]) => `<label><input type="radio" name="${name}" value="${esc(v)}"${v === value ? ' checked' : ''}${isRequired ? ' required' : ''}> ${bi(l)}</label>`)
    .join('')}</span>`;
}

function checkboxes(id: string, def: FactDef, value: unknown[]): string {
  return `<span class="choices" id="f-${esc(id)}">${(def.items?.values ?? [])
    .map((v) => `<label><input type="checkbox" name="${esc(fieldName(id))}" value="${esc(v)}"${value.includes(v) ? ' checked' : ''}> ${bi(def.items?.valueLabels?.[v] ?? { zh: v, en: v })}</label>`)
    .join('')}</span>`;
}

/** A list of objects (e.g. honours): one row per item and spare empty rows; the page's script adds more. */
function objectRows(id: string, def: FactDef, items: unknown[]): string {
  const fields = Object.entries(def.items?.fields ?? {});
  const rows = [...items, ...Array.from({ length: SPARE_ROWS }, () => ({}))] as Record<string, unknown>[];
  const cell = (row: number, name: string, f: FieldDef, v: unknown) => {
    const n = esc(fieldName(id, row, name));
    if (f.type === 'enum') {
      return `<span class="choices">${(f.values ?? []).map((x) => `<label><input type="radio" name="${n}" value="${esc(x)}"${v === x ? ' checked' : ''}> ${esc(x)}</label>`).join('')}</span>`;
    }
    return `<input name="${n}" value="${esc(v)}"${f.type === 'integer' ? ` type="number" step="1"${attr('min', f.min)}${attr('max', f.max)}` : ' maxlength="200"'}>`;
  };
  return `<table class="rows" id="f-${esc(id)}" data-rows="${esc(id)}"><thead><tr>${fields.map(([, f]) => `<th>${bi(f.label)}${f.required ? ` ${required}` : ''}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r, i) => `<tr data-row="${i}">${fields.map(([name, f]) => `<td>${cell(i, name, f, r[name])}</td>`).join('')}</tr>`).join('')}</tbody></table>
<button type="button" class="add-row no-print" data-add-row="${esc(id)}">${bi2('再加一行', 'Add a row')}</button>`;
}
