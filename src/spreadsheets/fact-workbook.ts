import type ExcelJS from 'exceljs';
import type { FactDictionary, Text } from '../core/types.js';
import { factColumns, fromCell, hint, plainCell, toCell } from './fact-cells.js';

/** One agency and period's facts as a sheet row holds them. */
export interface FactRow {
  creditCode: string;
  period: string;
  facts: Record<string, unknown>;
}

/** A row read from a fact sheet, with where it came from. */
export interface ReadRow extends FactRow {
  sheet: string;
  row: number;
  /** Fact id → column letter, to report later checks (required facts, agency) at the right cell. */
  columns: Record<string, string>;
}

/** A problem at one cell (or a whole row when `column` is "A"). */
export interface CellError {
  sheet: string;
  row: number;
  column: string;
  field: string;
  message: Text;
}

/** Row 1 holds the column ids the import reads; rows 2–4 labels (zh, en) and hints; data from row 5. */
export const FIRST_DATA_ROW = 5;
const ID_COLUMNS: [string, Text, Text][] = [
  ['creditCode', { zh: '统一社会信用代码 *', en: 'Unified social credit code *' }, { zh: '已登记机构的18位代码', en: '18 characters, a registered agency' }],
  ['period', { zh: '评价期 *', en: 'Period *' }, { zh: '如 2024、2024-H1、2024-Q3、2024-06', en: 'e.g. 2024, 2024-H1, 2024-Q3, 2024-06' }],
];
const LISTS = 'lists';
const VALIDATED_ROWS = 500;

/**
 * Adds one fact sheet per category (labels zh/en, units and allowed values, data validation on every input cell)
 * holding `rows` per category, and the hidden sheet of allowed values the validations point at.
 */
export function addFactSheets(wb: ExcelJS.Workbook, dictionary: FactDictionary, categories: { id: string; name: Text }[], rows: Record<string, FactRow[]> = {}): void {
  const columns = factColumns(dictionary);
  const lists = wb.getWorksheet(LISTS) ?? wb.addWorksheet(LISTS, { state: 'hidden' });
  const listRange = new Map<string, string>();
  let listCol = 1;
  for (const [id, def] of columns) {
    const values = def.type === 'enum' ? def.values : def.type === 'boolean' ? ['TRUE', 'FALSE'] : undefined;
    if (!values) continue;
    const col = lists.getColumn(listCol);
    col.values = [id, ...values];
    listRange.set(id, `${LISTS}!$${col.letter}$2:$${col.letter}$${values.length + 1}`);
    listCol++;
  }
  for (const c of categories) {
    const ws = wb.addWorksheet(c.id, { views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }] });
    const heads: [string, Text, Text, boolean][] = [
      ...ID_COLUMNS.map(([id, label, h]) => [id, label, h, true] as [string, Text, Text, boolean]),
      ...columns.map(([id, def]) => [id, def.label, hint(def), def.required] as [string, Text, Text, boolean]),
    ];
    ws.addRow(heads.map(([id]) => id));
    ws.addRow(heads.map(([, l, , req]) => (req && !l.zh.endsWith('*') ? `${l.zh} *` : l.zh)));
    ws.addRow(heads.map(([, l, , req]) => (req && !l.en.endsWith('*') ? `${l.en} *` : l.en)));
    ws.addRow(heads.map(([, , h]) => h.zh + (h.en ? ` / ${h.en}` : '')));
    ws.getRow(1).font = { color: { argb: 'FF7B8794' }, size: 9 };
    ws.getRow(2).font = { bold: true };
    ws.getRow(3).font = { italic: true };
    ws.getRow(4).font = { color: { argb: 'FF52606D' }, size: 9 };
    for (let r = 1; r <= 4; r++) ws.getRow(r).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: r === 1 ? 'FFF5F7FA' : 'FFE4E7EB' } };
    ws.getRow(4).alignment = { wrapText: true, vertical: 'top' };
    heads.forEach((_, i) => (ws.getColumn(i + 1).width = i < 2 ? 22 : 18));
    for (const row of rows[c.id] ?? []) ws.addRow([row.creditCode, row.period, ...columns.map(([id, def]) => toCell(def, row.facts[id]))]);
    const last = Math.max(FIRST_DATA_ROW + VALIDATED_ROWS, ws.rowCount + 100);
    // exceljs writes range validations (one sqref per column) but its typings lack `dataValidations`.
    const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
    columns.forEach(([id, def], i) => {
      const letter = ws.getColumn(i + 3).letter;
      const range = `${letter}${FIRST_DATA_ROW}:${letter}${last}`;
      const error = { showErrorMessage: true, errorTitle: def.label.zh, error: `${hint(def).zh} / ${hint(def).en}` };
      if (listRange.has(id)) validations.add(range, { type: 'list', allowBlank: true, formulae: [listRange.get(id)!], ...error });
      else if (def.type === 'integer' || def.type === 'number' || def.type === 'rating') {
        const type = def.type === 'integer' ? 'whole' : 'decimal';
        validations.add(range, { type, operator: 'between', allowBlank: true, formulae: [def.min ?? -1e12, def.max ?? 1e12], ...error });
      } else validations.add(range, { type: 'custom', allowBlank: true, formulae: ['TRUE'], showInputMessage: true, promptTitle: def.label.zh, prompt: `${hint(def).zh}\n${hint(def).en}` });
    });
  }
}

/**
 * Reads every sheet named after a category: each cell checked against the fact dictionary, every problem reported
 * with its sheet, row and column. Other sheets (evaluations, indicators, lists) are ignored.
 */
export function readFactSheets(wb: ExcelJS.Workbook, dictionary: FactDictionary, categories: string[]): { rows: ReadRow[]; errors: CellError[] } {
  const rows: ReadRow[] = [];
  const errors: CellError[] = [];
  for (const ws of wb.worksheets) {
    if (!categories.includes(ws.name)) continue;
    const header = ws.getRow(1);
    const byCol = new Map<number, string>();
    header.eachCell((cell, col) => {
      const id = String(plainCell(cell.value) ?? '');
      if (id === 'creditCode' || id === 'period' || (dictionary.facts[id] && !dictionary.facts[id].derive)) byCol.set(col, id);
      else errors.push({ sheet: ws.name, row: 1, column: cell.address.replace(/\d+$/, ''), field: id, message: { zh: `未知的列：${id}`, en: `unknown column: ${id}` } });
    });
    const columns = Object.fromEntries([...byCol].map(([col, id]) => [id, ws.getColumn(col).letter]));
    for (const need of ['creditCode', 'period']) {
      if (!columns[need]) errors.push({ sheet: ws.name, row: 1, column: 'A', field: need, message: { zh: `缺少列：${need}`, en: `missing column: ${need}` } });
    }
    for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const values = new Map<string, ReturnType<typeof plainCell>>();
      for (const [col, id] of byCol) values.set(id, plainCell(row.getCell(col).value));
      if ([...values.values()].every((v) => v === null)) continue;
      const at = (id: string, message: Text) => errors.push({ sheet: ws.name, row: r, column: columns[id] ?? 'A', field: id, message });
      const out: ReadRow = { sheet: ws.name, row: r, creditCode: String(values.get('creditCode') ?? ''), period: String(values.get('period') ?? ''), facts: {}, columns };
      if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(out.creditCode)) at('creditCode', { zh: '统一社会信用代码应为18位', en: 'a credit code has 18 characters' });
      if (!/^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/.test(out.period)) at('period', { zh: '评价期格式应如 2024、2024-H1、2024-Q3、2024-06', en: 'period should look like 2024, 2024-H1, 2024-Q3 or 2024-06' });
      for (const [id, raw] of values) {
        if (id === 'creditCode' || id === 'period') continue;
        const parsed = fromCell(dictionary.facts[id], raw);
        if ('error' in parsed) at(id, { zh: `${dictionary.facts[id].label.zh}：${parsed.error.zh}`, en: `${dictionary.facts[id].label.en}: ${parsed.error.en}` });
        else if (parsed.value !== undefined) out.facts[id] = parsed.value;
      }
      rows.push(out);
    }
  }
  return { rows, errors };
}
