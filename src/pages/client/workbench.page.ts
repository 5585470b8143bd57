/**
 * The committee's workbench in the browser. The draft is the text of each rule file, edited in a CodeMirror 6 JSON
 * editor or through forms generated from the loaded tree and rules (a form edits the text in place, so the file keeps
 * its layout). After each edit the draft goes to the server, which checks it with every check of `validate`, gives
 * its changes in the committee's words and scores it on every agency's latest submission; the problems are marked at
 * their field and JSON pointer. An admin saves the draft as a candidate; anyone may download it as a rules folder.
 */
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Annotation, EditorState, StateEffect, type TransactionSpec } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import type { Ruleset, Text } from '../../core/types.js';
import { bi, bi2, fill, h, readData } from './dom.js';
import { buildForms, updateSums, type WbNode } from './workbench/forms.js';
import { pointerOf, rangeOf, removeAt, segmentsOf, setAt, valueAt } from './workbench/json-doc.js';
import { changesView, impactView, issuesView, type Change, type Impact, type Issue, type Names } from './workbench/panel.js';

interface StartData {
  from: { kind: 'rules' } | { kind: 'candidate'; id: string; name: string };
  files: { name: string; text: string }[];
  original: Record<string, string>;
  categories: { id: string; name: Text; file: string }[];
  rulesets: Record<string, Ruleset>;
  tree: WbNode[];
  levels: Text[];
  names: Record<string, Text>;
  facts: Record<string, { label: Text; unit?: Text }>;
  canSave: boolean;
}

interface CheckAnswer {
  valid: boolean;
  issues: Issue[];
  rulesets: Record<string, Ruleset> | null;
  changes: Change[];
  impact: Impact | null;
  timings: { validateMs: number; impactMs: number; totalMs: number };
}

const data = readData<StartData>('workbench-data');
const texts = new Map(data.files.map((f) => [f.name, f.text]));
const parsed = new Map<string, unknown>();
let resolved: Record<string, Ruleset> = data.rulesets;
let issues: Issue[] = [];
let selected = texts.has('base.json') ? 'base.json' : data.files[0].name;
const states = new Map<string, EditorState>();
const fromForm = Annotation.define<boolean>();
/** The server's problems changed: the editor marks them again. */
const issuesChanged = StateEffect.define<null>();
const $ = (id: string) => document.getElementById(id) as HTMLElement;

for (const [name, text] of texts) parse(name, text);

function parse(name: string, text: string): void {
  try {
    parsed.set(name, JSON.parse(text));
  } catch {
    // Keep the last text that parsed: the forms show it while the JSON is being typed.
  }
}

const categoryOf = (file: string) => data.categories.find((c) => c.file === file)?.id;

// ---------------------------------------------------------------------------------------------------------------
// The editor
// ---------------------------------------------------------------------------------------------------------------

const parseLinter = jsonParseLinter();
function diagnostics(v: EditorView): Diagnostic[] {
  const own = issues.filter((i) => i.file === selected).map((i): Diagnostic => ({ ...rangeOf(v.state, i.pointer), severity: 'error', message: `${i.pointer || '/'}: ${i.message.zh} / ${i.message.en}` }));
  return [...parseLinter(v), ...own];
}

function stateFor(file: string): EditorState {
  let state = states.get(file);
  if (!state) {
    state = EditorState.create({
      doc: texts.get(file) ?? '',
      extensions: [basicSetup, json(), lintGutter(), linter(diagnostics, { delay: 150, needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(issuesChanged))) }), EditorView.updateListener.of((u) => u.docChanged && edited(u.state, u.transactions.some((t) => t.annotation(fromForm))))],
    });
    states.set(file, state);
  }
  return state;
}

const view = new EditorView({ parent: $('wb-editor'), state: stateFor(selected) });

/** The document changed: keep its text, re-check the draft; an edit typed in the JSON rebuilds the forms. */
function edited(state: EditorState, byForm: boolean): void {
  const text = state.doc.toString();
  texts.set(selected, text);
  states.set(selected, state);
  parse(selected, text);
  markTabs();
  if (!byForm) later('forms', renderForms, 400);
  later('check', check, 200);
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();
function later(name: string, run: () => void, ms: number): void {
  clearTimeout(timers.get(name));
  timers.set(name, setTimeout(run, ms));
}

// ---------------------------------------------------------------------------------------------------------------
// Tabs and forms
// ---------------------------------------------------------------------------------------------------------------

function markTabs(): void {
  for (const tab of $('wb-tabs').querySelectorAll<HTMLButtonElement>('button[data-file]')) {
    const file = tab.dataset.file!;
    tab.setAttribute('aria-selected', String(file === selected));
    tab.classList.toggle('changed', texts.get(file) !== data.original[file]);
    tab.classList.toggle('has-issues', issues.some((i) => i.file === file));
  }
}

function select(file: string): void {
  if (file === selected) return;
  states.set(selected, view.state);
  selected = file;
  view.setState(stateFor(file));
  markTabs();
  renderForms();
}

$('wb-tabs').addEventListener('click', (e) => {
  const file = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-file]')?.dataset.file;
  if (file) select(file);
});

/** Sets (or removes) the selected file's own value at a pointer, as an edit of its text. */
function setOwn(pointer: string, value: unknown): void {
  const own = parsed.get(selected);
  const ctxView = viewOf(selected);
  const state = view.state;
  let spec: TransactionSpec | null;
  // Arrays are replaced whole by `extends`: a category file that overrides one value in an inherited array holds the
  // whole array.
  const root = arrayRoot(ctxView, pointer);
  if (inherits(own) && root !== null && valueAt(own, root) === undefined) {
    const copy = structuredClone(valueAt(ctxView, root));
    setIn(copy, segmentsOf(pointer).slice(segmentsOf(root).length), value);
    spec = setAt(state, root, copy);
  } else spec = value === undefined ? removeAt(state, pointer) : setAt(state, pointer, value);
  if (spec) view.dispatch({ ...spec, annotations: fromForm.of(true) });
  updateSums($('wb-forms'), formOf());
}

function arrayRoot(root: unknown, pointer: string): string | null {
  const segments = segmentsOf(pointer);
  let at = root;
  for (let i = 0; i < segments.length; i++) {
    if (Array.isArray(at)) return pointerOf(segments.slice(0, i));
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[segments[i]] : undefined;
  }
  return null;
}

function setIn(root: unknown, segments: string[], value: unknown): void {
  let at = root as Record<string, unknown>;
  for (const s of segments.slice(0, -1)) at = (at[s] ??= {}) as Record<string, unknown>;
  const last = segments[segments.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
}

const inherits = (own: unknown) => own !== null && typeof own === 'object' && typeof (own as { extends?: unknown }).extends === 'string';

/** What a file resolves to: its category's ruleset (extends applied) or, for a shared file, the file itself. */
function viewOf(file: string): Partial<Ruleset> | undefined {
  const category = categoryOf(file);
  return (category ? resolved[category] : undefined) ?? (parsed.get(file) as Partial<Ruleset> | undefined);
}

const formOf = () => valueAt(viewOf(selected), '/weights/form') as string | undefined;

function renderForms(): void {
  const root = $('wb-forms');
  if (root.contains(document.activeElement) && document.activeElement instanceof HTMLInputElement) {
    root.addEventListener('focusout', () => later('forms', renderForms, 50), { once: true });
    return;
  }
  const open = new Set([...root.querySelectorAll<HTMLDetailsElement>('details[open]')].map(keyOf));
  const closed = new Set([...root.querySelectorAll<HTMLDetailsElement>('details:not([open])')].map(keyOf));
  const mine = new Map(issues.filter((i) => i.file === selected).map((i) => [i.pointer, i.message]));
  const forms = buildForms({ own: parsed.get(selected), view: viewOf(selected), inherits: inherits(parsed.get(selected)), tree: data.tree, levels: data.levels, facts: data.facts, issues: mine, set: setOwn });
  for (const d of forms.querySelectorAll<HTMLDetailsElement>('details')) {
    if (open.has(keyOf(d))) d.open = true;
    else if (closed.has(keyOf(d)) && !d.querySelector('.invalid')) d.open = false;
  }
  fill(root, h('p', { class: 'why' }, bi2(`表单编辑 ${selected}；留空的字段继承被扩展文件的值（灰色）。`, `The forms edit ${selected}; an empty field inherits the extended file's value (grey).`)), forms);
  updateSums(root, formOf());
}

const keyOf = (d: HTMLElement) => `${d.dataset.section ?? ''}|${d.dataset.indicator ?? ''}`;

// ---------------------------------------------------------------------------------------------------------------
// Checks: validation, diff and impact from the server
// ---------------------------------------------------------------------------------------------------------------

let inflight: AbortController | undefined;
let sent = '';
let checks = 0;
const names = (): Names => {
  const grades = new Map<string, Text>();
  for (const r of Object.values(resolved)) for (const g of r.grades) if (!grades.has(g.id)) grades.set(g.id, g.label);
  grades.set('notEligible', { zh: '不符合参评条件', en: 'Not eligible' });
  grades.set('vetoed', { zh: '一票否决', en: 'Vetoed' });
  return { categories: new Map(data.categories.map((c) => [c.id, c.name])), grades, nodes: data.names };
};

/** The draft's files that differ from the rules in force. */
function changedFiles(): Record<string, string> {
  return Object.fromEntries([...texts].filter(([name, text]) => data.original[name] !== text));
}

function status(state: string, ...content: (Node | string)[]): void {
  const el = $('wb-status');
  el.dataset.state = state;
  fill(el, ...content);
}

async function check(): Promise<void> {
  const body = JSON.stringify({ files: changedFiles() });
  if (body === sent) return;
  sent = body;
  inflight?.abort();
  const mine = new AbortController();
  inflight = mine;
  status('checking', bi2('校验并计算影响…', 'Checking and scoring…'));
  try {
    const res = await fetch('/workbench/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: mine.signal, credentials: 'same-origin' });
    const answer = (await res.json()) as CheckAnswer & { message?: Text };
    if (mine !== inflight) return;
    if (!res.ok) {
      sent = '';
      status('error', bi(answer.message ?? { zh: `请求失败（${res.status}）`, en: `Request failed (${res.status})` }));
      return;
    }
    apply(answer);
  } catch (e) {
    if ((e as Error).name === 'AbortError') return;
    sent = '';
    status('error', bi2('无法连接服务器', 'Cannot reach the server'));
  }
}

function apply(a: CheckAnswer): void {
  issues = a.issues;
  $('wb-status').dataset.checks = String(++checks);
  if (a.valid && a.rulesets) {
    resolved = a.rulesets;
    status('valid', h('span', { class: 'ok' }, bi2('草案有效', 'The draft is valid')), ' · ',
      bi2(`校验 ${a.timings.validateMs} ms，影响 ${a.timings.impactMs} ms（${a.impact?.agencies ?? 0} 家机构）`, `checked in ${a.timings.validateMs} ms, scored in ${a.timings.impactMs} ms (${a.impact?.agencies ?? 0} agencies)`));
    fill($('wb-impact'), a.impact ? impactView(a.impact, names()) : null);
    $('wb-impact').classList.remove('stale');
    fill($('wb-changes'), changesView(a.changes, names()));
  } else {
    status('invalid', h('span', { class: 'bad' }, bi2(`草案有 ${a.issues.length} 处错误`, `The draft has ${a.issues.length} error(s)`)));
    $('wb-impact').classList.add('stale');
  }
  fill($('wb-issues'), issuesView(a.issues, showIssue));
  markTabs();
  view.dispatch({ effects: issuesChanged.of(null) });
  renderForms();
}

function showIssue(issue: Issue): void {
  if (texts.has(issue.file)) select(issue.file);
  const { from } = rangeOf(view.state, issue.pointer);
  view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
  view.focus();
}

// ---------------------------------------------------------------------------------------------------------------
// Save, download, load
// ---------------------------------------------------------------------------------------------------------------

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
}

$('wb-save').addEventListener('click', async () => {
  const name = ($('wb-name') as HTMLInputElement).value.trim();
  const res = await post('/workbench/candidates', { name: name || undefined, files: changedFiles() });
  const answer = (await res.json()) as { id: string; name: string; changes: Change[]; message?: Text; details?: { file?: string; pointer?: string; message: Text }[] };
  if (!res.ok) {
    fill($('wb-saved'), h('div', { class: 'alert', 'data-field': 'saveError' }, bi(answer.message ?? { zh: '保存失败', en: 'Not saved' }), h('ul', { class: 'plain' }, (answer.details ?? []).map((d) => h('li', {}, d.file ? `${d.file} ${d.pointer ?? ''}：` : '', bi(d.message))))));
    return;
  }
  fill($('wb-saved'), h('div', { class: 'note', 'data-field': 'savedCandidate', 'data-id': answer.id },
    bi2('已保存为候选规则集：', 'Saved as a candidate: '), h('b', {}, answer.name), ' · ',
    h('a', { href: `/dashboard?candidate=${encodeURIComponent(answer.id)}` }, bi2('看板对比', 'compare on the dashboard')), ' · ',
    h('a', { href: `/workbench?candidate=${encodeURIComponent(answer.id)}` }, bi2('继续编辑', 'go on editing')),
    h('ul', { class: 'plain', 'data-field': 'savedChanges' }, answer.changes.map((c) => h('li', { 'data-pointer': c.pointer }, bi(c.text))))));
});

$('wb-zip').addEventListener('click', async () => {
  const res = await post('/workbench/zip', { files: changedFiles() });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: 'rules-draft.zip' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});

($('wb-load') as HTMLInputElement).addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  for (const f of input.files ?? []) {
    const text = await f.text();
    if (!texts.has(f.name)) $('wb-tabs').appendChild(h('button', { type: 'button', role: 'tab', 'data-file': f.name }, f.name));
    texts.set(f.name, text);
    parse(f.name, text);
    states.delete(f.name);
    if (f.name === selected) view.setState(stateFor(f.name));
  }
  input.value = '';
  markTabs();
  renderForms();
  later('check', check, 0);
});

markTabs();
renderForms();
void check();
