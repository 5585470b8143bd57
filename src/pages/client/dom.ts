/**
 * The browser side's one way to build markup: DOM nodes made with `h()`, text always set as text (never parsed as
 * HTML), both languages side by side as the server's templates do (the stylesheet shows the one switched to).
 */
import type { Text } from '../../core/types.js';

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/** An element with attributes (`on…` functions become listeners; false/null/undefined are left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else if (c !== null && c !== undefined && c !== false) el.appendChild(document.createTextNode(String(c)));
  }
}

/** Both languages of a text. */
export function bi(text: Text | undefined): DocumentFragment {
  const f = document.createDocumentFragment();
  if (!text) return f;
  f.append(h('span', { lang: 'zh' }, text.zh), h('span', { lang: 'en' }, text.en));
  return f;
}

/** zh and en given separately. */
export const bi2 = (zh: string, en: string) => bi({ zh, en });

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** The JSON a page carries in `<script type="application/json" id=…>` (data, never run). */
export function readData<T>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no data block #${id}`);
  return JSON.parse(el.textContent ?? 'null') as T;
}

/** The language the page is switched to. */
export function currentLang(): 'zh' | 'en' {
  return document.documentElement.getAttribute('data-lang') === 'en' ? 'en' : 'zh';
}

/** Calls `listener` whenever the language switch is used. */
export function onLang(listener: (lang: 'zh' | 'en') => void): void {
  document.addEventListener('langchange', (e) => listener((e as CustomEvent<'zh' | 'en'>).detail));
}

/** Two decimals, as the server's pages show numbers. */
export const num = (x: number | undefined | null) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(2) : '—');

/** A chart instance kept where the page tests can read its option (`window.__charts[name]`). */
export function keepChart<T>(name: string, chart: T): T {
  const w = window as unknown as { __charts?: Record<string, unknown> };
  (w.__charts ??= {})[name] = chart;
  return chart;
}

/**
 * Breaks a name into lines no wider than `width` pixels (about: a CJK character is one em, a Latin letter about
 * 0.58 em), at spaces where there are any.
 */
export function wrap(name: string, width: number, fontSize: number): string {
  const em = (s: string) => [...s].reduce((w, c) => w + (/[\u2E80-\uFFFF]/.test(c) ? 1 : 0.58), 0) * fontSize;
  const lines: string[] = [];
  let line = '';
  for (const token of name.match(/[\u2E80-\uFFFF]|[^\s\u2E80-\uFFFF]+|\s+/g) ?? []) {
    const next = line + token;
    if (line.trim() !== '' && em(next.trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else line = next;
  }
  if (line.trim() !== '') lines.push(line.trim());
  return lines.join('\n');
}

/** The pages' font (served from node_modules); charts draw their text in it too. */
export const FONT = '"Noto Sans SC", sans-serif';

/**
 * Runs `draw` once the bundled font holds the glyphs of `text` (or at once when it cannot load), so that echarts
 * measures its labels in the font it draws them with.
 */
export function whenFontReady(text: string, draw: () => void): void {
  document.fonts.load('12px "Noto Sans SC"', text).then(draw, draw);
}
