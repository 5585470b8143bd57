import { bi2, esc, jsonScript, layout } from '../pages/html.js';
import type { WorkbenchStart } from './workbench.service.js';

/**
 * The workbench page: the frame the server renders (toolbar, file tabs, panels) and the draft as data; the forms,
 * the JSON editor (CodeMirror 6, bundled) and the live panels are the page script's, built from the loaded tree and
 * rules, never from ids written here.
 */
export function workbenchPage(start: WorkbenchStart, canSave: boolean, lang: 'zh' | 'en'): string {
  const from =
    start.from.kind === 'rules'
      ? bi2('从生效规则开始', 'Starting from the rules in force')
      : `${bi2('从规则草案开始：', 'Starting from the draft: ')}<b data-field="fromName">${esc(start.from.name)}</b>`;
  const body = `<h1>${bi2('规则工作台', 'Rules workbench')}</h1>
<p class="sub">${from} · ${bi2('每次修改都按 validate 的全部规则校验，并在每个机构的最新提交上重新评分。', 'Every edit is checked by every check of validate and scored on every agency\'s latest submission.')}${canSave ? '' : ` <span class="warn">${bi2('（只读：保存需要管理员角色）', '(read only: saving needs the admin role)')}</span>`}</p>
<div class="card wb-toolbar no-print">
  <div><b>${bi2('开始于：', 'Start from:')}</b> <a href="/workbench?lang=${lang}" data-start="rules">${bi2('生效规则', 'the rules in force')}</a>${start.candidates
    .map((c) => ` · <a href="/workbench?candidate=${encodeURIComponent(c.id)}&lang=${lang}" data-start="${esc(c.id)}">${esc(c.name)}</a>`)
    .join('')}</div>
  <div><label class="button file-button" for="wb-load">${bi2('载入规则文件…', 'Load rule files…')}</label><input type="file" id="wb-load" class="visually-hidden" accept="application/json,.json" multiple>
  <span class="why">${bi2('在浏览器内替换同名文件，不上传。', 'Replaces the files of the same name in the browser; nothing is uploaded.')}</span></div>
</div>
<div class="wb">
  <div class="wb-main">
    <nav class="wb-tabs" id="wb-tabs" role="tablist">${start.files.map((f) => `<button type="button" role="tab" data-file="${esc(f.name)}">${esc(f.name)}</button>`).join('')}</nav>
    <p class="wb-status" id="wb-status" data-field="status" data-state="loading" data-checks="0">${bi2('载入中…', 'Loading…')}</p>
    <div id="wb-issues" data-field="issues"></div>
    <div id="wb-forms"></div>
    <h2>${bi2('规则文件（JSON）', 'Rule file (JSON)')}</h2>
    <p class="why">${bi2('按其 $schema 与 validate 的全部检查校验；错误标在对应的 JSON 指针处。', 'Checked against its $schema and every check of validate; errors are marked at their JSON pointer.')}</p>
    <div id="wb-editor" class="wb-editor"></div>
  </div>
  <aside class="wb-side">
    <h2>${bi2('影响', 'Impact')}</h2>
    <div id="wb-impact" data-field="impact"><p class="sub">${bi2('计算中…', 'Computing…')}</p></div>
    <h2>${bi2('改动（委员会的措辞）', 'Changes (in the committee\'s words)')}</h2>
    <div id="wb-changes" data-field="changes"></div>
    <h2>${bi2('保存与下载', 'Save and download')}</h2>
    <div class="wb-save">
      <label for="wb-name">${bi2('草案名称', 'Draft name')}</label>
      <input id="wb-name" maxlength="200" value="${esc(start.from.kind === 'candidate' ? `${start.from.name}（修订）` : '')}">
      <button type="button" class="primary" id="wb-save"${canSave ? '' : ' disabled'}>${bi2('保存为候选规则集', 'Save as a candidate')}</button>
      <button type="button" id="wb-zip">${bi2('下载规则目录（zip）', 'Download the rules folder (zip)')}</button>
      <div id="wb-saved" data-field="saved"></div>
    </div>
  </aside>
</div>
${jsonScript('workbench-data', { ...start, canSave })}`;
  return layout({ title: { zh: '规则工作台', en: 'Rules workbench' }, lang, body, scripts: ['workbench'] });
}
