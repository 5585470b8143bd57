import type { Text } from '../core/types.js';
import { FONT_CSS_URL } from './fonts.js';

/** HTML-escapes text for element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Both languages of a text; the stylesheet shows the one the page is switched to. */
export function bi(text: Text | undefined): string {
  if (!text) return '';
  return `<span lang="zh">${esc(text.zh)}</span><span lang="en">${esc(text.en)}</span>`;
}

/** zh and en given separately. */
export const bi2 = (zh: string, en: string) => bi({ zh, en });

/** A number as pages show it: two decimals. */
export const num = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');

/** JSON for a `<script type="application/json">` block (no `</script>` can close it early). */
export function jsonScript(id: string, data: unknown): string {
  return `<script type="application/json" id="${esc(id)}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}

export interface PageParts {
  title: Text;
  lang: 'zh' | 'en';
  body: string;
  /** Page scripts run after the body: bundles of `src/pages/client/<name>.page.ts` (no inline script, for the CSP). */
  scripts?: string[];
  /** Loads the bundled echarts first. */
  charts?: boolean;
}

/** The shared frame of every page: header with the language switch and print button, print CSS for A4. */
export function layout(p: PageParts): string {
  return `<!doctype html>
<html lang="${p.lang === 'zh' ? 'zh-CN' : 'en'}" data-lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.lang === 'zh' ? p.title.zh : p.title.en)}</title>
<link rel="stylesheet" href="${FONT_CSS_URL}">
<style>${CSS}</style>
<link rel="stylesheet" href="/assets/pages/pages.css">
${p.charts ? '<script src="/assets/echarts.min.js"></script>' : ''}
</head>
<body>
<header class="bar no-print">
  <a class="brand" href="/">${bi2('中小企业服务机构通用能力评价', 'SME service agency evaluation')}</a>
  <div class="actions">
    <button type="button" id="lang-switch" data-next="${p.lang === 'zh' ? 'en' : 'zh'}">${p.lang === 'zh' ? 'English' : '中文'}</button>
    <button type="button" id="print-button">${bi2('打印 / PDF', 'Print / PDF')}</button>
  </div>
</header>
<main>${p.body}</main>
<script src="/assets/pages/common.js"></script>
${(p.scripts ?? []).map((name) => `<script src="/assets/pages/${esc(name)}.js"></script>`).join('\n')}
</body>
</html>`;
}

const CSS = `
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --soft:#f5f7fa; --accent:#1d4ed8; --good:#047857; --bad:#b91c1c; --warn:#b45309; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin:0; font: 14px/1.55 "Noto Sans SC",sans-serif; color:var(--ink); background:#eef1f5; }
html[data-lang="zh"] [lang="en"], html[data-lang="en"] [lang="zh"] { display:none !important; }
.bar { display:flex; justify-content:space-between; align-items:center; padding:10px 24px; background:#102a43; color:#fff; }
.bar .brand { font-weight:600; letter-spacing:.02em; color:#fff; text-decoration:none; }
.bar button { margin-left:8px; padding:5px 12px; border:1px solid rgba(255,255,255,.5); background:transparent; color:#fff; border-radius:4px; cursor:pointer; font:inherit; }
.bar button:hover { background:rgba(255,255,255,.12); }
main { max-width:1080px; margin:24px auto; background:#fff; padding:32px 40px; border-radius:6px; box-shadow:0 1px 3px rgba(16,42,67,.12); }
h1 { font-size:24px; margin:0 0 4px; }
h2 { font-size:17px; margin:28px 0 10px; padding-bottom:6px; border-bottom:2px solid var(--ink); }
h3 { font-size:15px; margin:18px 0 8px; }
.sub { color:var(--muted); }
.grid { display:grid; gap:16px; }
.cols-2 { grid-template-columns: 1fr 1fr; }
.summary { display:grid; grid-template-columns: 300px 1fr; gap:24px; align-items:center; margin-top:18px; }
.card { border:1px solid var(--line); border-radius:6px; padding:14px 16px; background:#fff; }
.kv { display:grid; grid-template-columns: 130px 1fr; gap:4px 12px; margin:0; }
.kv dt { color:var(--muted); }
.kv dd { margin:0; }
.badge { display:inline-block; padding:6px 14px; border-radius:999px; font-weight:700; font-size:16px; color:#fff; background:var(--accent); }
.badge.g-fiveStar { background:#92400e; } .badge.g-fourStar { background:#1d4ed8; } .badge.g-threeStar { background:#0f766e; }
.badge.g-twoStar { background:#4d7c0f; } .badge.g-oneStar { background:#52606d; } .badge.g-unrated, .badge.g-notEligible, .badge.g-vetoed { background:var(--bad); }
.total { font-size:44px; font-weight:700; line-height:1; }
.total small { font-size:15px; color:var(--muted); font-weight:400; }
.chart { width:100%; height:340px; }
table { width:100%; border-collapse:collapse; font-size:12.5px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--soft); font-weight:600; white-space:nowrap; }
td.n, th.n { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
tr.dim td { background:#f0f4f8; font-weight:600; }
.why { color:var(--muted); font-size:12px; }
.why code { font-size:11.5px; background:var(--soft); padding:0 3px; border-radius:3px; }
.ok { color:var(--good); } .bad { color:var(--bad); } .warn { color:var(--warn); }
.note { background:#fffbea; border-left:3px solid #f0b429; padding:8px 12px; margin:10px 0; font-size:13px; }
.alert { background:#ffe3e3; border-left:3px solid var(--bad); padding:8px 12px; margin:10px 0; }
ul.plain { margin:4px 0; padding-left:18px; }
.foot { margin-top:28px; color:var(--muted); font-size:11.5px; border-top:1px solid var(--line); padding-top:8px; word-break:break-all; }
.bar-cell { background:linear-gradient(90deg, #bcccdc var(--w), transparent var(--w)); }
form.login { max-width:380px; } form.login input { width:100%; padding:8px; margin:6px 0 12px; font:inherit; border:1px solid #9aa5b1; border-radius:4px; }
form.login button { padding:8px 18px; background:#102a43; color:#fff; border:0; border-radius:4px; font:inherit; cursor:pointer; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background:#fff; font-size:11px; }
  .no-print { display:none !important; }
  main { max-width:none; margin:0; padding:0; box-shadow:none; border-radius:0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, .card, .chart { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .chart { height:300px; }
  table { font-size:10px; }
}
`;
