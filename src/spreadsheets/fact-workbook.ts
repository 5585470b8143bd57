import type ExcelJS from 'exceljs';
import type { FactDictionary, Text } from '../core/types.js';
import { factColumns, fromCell, hint, plainCell, toCell, type Cell } from './fact-cells.js';

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
/** The hidden sheet of allowed values. */
export const LISTS_SHEET = 'lists';
const LISTS = LISTS_SHEET;
const VALIDATED_ROWS = 500;

/** The fact columns of a sheet (facts an assessor fills in, in dictionary order). */
type Columns = ReturnType<typeof factColumns>;

/**
 * Adds one fact sheet per category (labels zh/en, units and allowed values, data validation on every input cell)
 * holding `rows` per category, and the hidden sheet of allowed values the validations point at.
 */
export function addFactSheets(wb: ExcelJS.Workbook, dictionary: FactDictionary, categories: { id: string; name: Text }[], rows: Record<string, FactRow[]> = {}): void {
  const columns = factColumns(dictionary);
  const lists = addListsSheet(wb, columns);
  for (const c of categories) {
    const ws = addFactSheet(wb, c.id, columns);
    for (const row of rows[c.id] ?? []) ws.addRow(factCells(columns, row));
    addFactValidations(ws, columns, lists, ws.rowCount);
  }
}

/**
 * The hidden sheet of allowed values (enums and TRUE/FALSE, a column each) that the list validations point at;
 * answers each such fact's range on it. Call it before the fact sheets (a streamed workbook writes sheets in order).
 */
export function addListsSheet(wb: ExcelJS.Workbook, columns: Columns): Map<string, string> {
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
  return listRange;
}

/** A category's fact sheet with its four header rows (ids, zh labels, en labels, hints); data rows follow. */
export function addFactSheet(wb: ExcelJS.Workbook, category: string, columns: Columns): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(category, { views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }] });
  const heads: [string, Text, Text, boolean][] = [
    ...ID_COLUMNS.map(([id, label, h]) => [id, label, h, true] as [string, Text, Text, boolean]),
    ...columns.map(([id, def]) => [id, def.label, hint(def), def.required] as [string, Text, Text, boolean]),
  ];
  // widths first: a streamed sheet writes its columns with its first row
  heads.forEach((_, i) => (ws.getColumn(i + 1).width = i < 2 ? 22 : 18));
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
  return ws;
}

/** One data row of a fact sheet: credit code, period, then each fact's cell. */
export function factCells(columns: Columns, row: FactRow): Cell[] {
  return [row.creditCode, row.period, ...columns.map(([id, def]) => toCell(def, row.facts[id]))];
}

/**
 * Data validation on every fact column from the first data row to 100 rows past `lastRow` (at least 500 rows), so
 * a spreadsheet program checks what an assessor types. A streamed sheet writes them when it is committed.
 */
export function addFactValidations(ws: ExcelJS.Worksheet, columns: Columns, listRange: Map<string, string>, lastRow: number): void {
  const last = Math.max(FIRST_DATA_ROW + VALIDATED_ROWS, lastRow + 100);
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

/** A cell's column letters (1 → A, 28 → AB). */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Reads fact sheets one row at a time, as a streaming reader hands them over: every cell checked against the fact
 * dictionary, every problem reported with its sheet, row and column. Sheets not named after a category are skipped.
 */
export class FactSheetReader {
  readonly rows: ReadRow[] = [];
  readonly errors: CellError[] = [];
  private sheet: string | undefined;
  private byCol = new Map<number, string>();
  private columns: Record<string, string> = {};

  constructor(
    private readonly dictionary: FactDictionary,
    private readonly categories: string[],
  ) {}

  /** Whether the rows of a sheet of this name are read (it is a category's sheet). */
  wants(sheet: string): boolean {
    return this.categories.includes(sheet);
  }

  /** A row of the current sheet: `values` indexed from 1 by column, as exceljs gives them. Row 1 starts a sheet. */
  row(sheet: string, r: number, values: unknown[]): void {
    if (sheet !== this.sheet) this.start(sheet);
    if (r === 1) return this.header(values);
    if (r < FIRST_DATA_ROW) return;
    const plain = new Map<string, ReturnType<typeof plainCell>>();
    for (const [col, id] of this.byCol) plain.set(id, plainCell(values[col]));
    if ([...plain.values()].every((v) => v === null)) return;
    const { columns, dictionary } = this;
    const at = (id: string, message: Text) => this.errors.push({ sheet, row: r, column: columns[id] ?? 'A', field: id, message });
    const out: ReadRow = { sheet, row: r, creditCode: String(plain.get('creditCode') ?? ''), period: String(plain.get('period') ?? ''), facts: {}, columns };
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(out.creditCode)) at('creditCode', { zh: '统一社会信用代码应为18位', en: 'a credit code has 18 characters' });
    if (!/^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/.test(out.period)) at('period', { zh: '评价期格式应如 2024、2024-H1、2024-Q3、2024-06', en: 'period should look like 2024, 2024-H1, 2024-Q3 or 2024-06' });
    for (const [id, raw] of plain) {
      if (id === 'creditCode' || id === 'period') continue;
      const parsed = fromCell(dictionary.facts[id], raw);
      if ('error' in parsed) at(id, { zh: `${dictionary.facts[id].label.zh}：${parsed.error.zh}`, en: `${dictionary.facts[id].label.en}: ${parsed.error.en}` });
      else if (parsed.value !== undefined) out.facts[id] = parsed.value;
    }
    this.rows.push(out);
  }

  private start(sheet: string): void {
    this.sheet = sheet;
    this.byCol = new Map();
    this.columns = {};
    this.header([]);
  }

  private header(values: unknown[]): void {
    const sheet = this.sheet!;
    this.byCol = new Map();
    this.errors.splice(0, this.errors.length, ...this.errors.filter((e) => !(e.sheet === sheet && e.row === 1)));
    values.forEach((value, col) => {
      const id = String(plainCell(value) ?? '');
      if (id === '') return;
      if (id === 'creditCode' || id === 'period' || (this.dictionary.facts[id] && !this.dictionary.facts[id].derive)) this.byCol.set(col, id);
      else this.errors.push({ sheet, row: 1, column: columnLetter(col), field: id, message: { zh: `未知的列：${id}`, en: `unknown column: ${id}` } });
    });
    this.columns = Object.fromEntries([...this.byCol].map(([col, id]) => [id, columnLetter(col)]));
    for (const need of ['creditCode', 'period']) {
      if (!this.columns[need]) this.errors.push({ sheet, row: 1, column: 'A', field: need, message: { zh: `缺少列：${need}`, en: `missing column: ${need}` } });
    }
  }
}

/** Reads every category's sheet of a workbook held in memory (see {@link FactSheetReader}). */
export function readFactSheets(wb: ExcelJS.Workbook, dictionary: FactDictionary, categories: string[]): { rows: ReadRow[]; errors: CellError[] } {
  const reader = new FactSheetReader(dictionary, categories);
  for (const ws of wb.worksheets) {
    if (!reader.wants(ws.name)) continue;
    for (let r = 1; r <= ws.rowCount; r++) reader.row(ws.name, r, ws.getRow(r).values as unknown[]);
  }
  return { rows: reader.rows, errors: reader.errors };
}
