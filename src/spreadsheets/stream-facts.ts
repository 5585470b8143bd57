import { Readable } from 'node:stream';
import type { FactDictionary, Text } from '../core/types.js';
import { FactSheetReader, type CellError, type ReadRow } from './fact-workbook.js';
import { zipEntries } from './zip-entries.js';

/** How much of a workbook an import reads before it stops (each set in the configuration). */
export interface SpreadsheetLimits {
  /** Rows of all sheets together, header rows included (XLSX_MAX_ROWS). */
  maxRows: number;
  /** Cells holding a value, all sheets together (XLSX_MAX_CELLS). */
  maxCells: number;
  /** The zip's entries inflated, all together, as its central directory declares them (XLSX_MAX_UNCOMPRESSED_BYTES). */
  maxUncompressedBytes: number;
}

/** The cells read, or why the file was refused (an HTTP status, a stable code and the reason in zh and en). */
export type StreamedFacts =
  | { ok: true; rows: ReadRow[]; errors: CellError[] }
  | { ok: false; status: 400 | 413; code: string; message: Text };

const refuse = (status: 400 | 413, code: string, zh: string, en: string): Extract<StreamedFacts, { ok: false }> => ({ ok: false, status, code, message: { zh, en } });

/**
 * What the zip's central directory says, checked without inflating anything (microseconds, so the server does it
 * before it starts a thread): a zip without `xl/workbook.xml` is not a workbook (400), one that would inflate past
 * the limit is too large (413). Undefined when the file may be read.
 */
export function checkZip(file: Buffer, limits: SpreadsheetLimits): Extract<StreamedFacts, { ok: false }> | undefined {
  const entries = zipEntries(file);
  if (!entries) return refuse(400, 'notAWorkbook', '该文件不是 XLSX（zip）文件', 'The file is not an XLSX (zip) file');
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) return refuse(400, 'notAWorkbook', '该 zip 文件中没有工作簿（xl/workbook.xml）', 'The zip holds no workbook (xl/workbook.xml)');
  const inflated = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (inflated > limits.maxUncompressedBytes) {
    return refuse(413, 'spreadsheetTooLarge', `工作簿解压后为 ${inflated} 字节，上限 ${limits.maxUncompressedBytes} 字节`, `The workbook inflates to ${inflated} bytes; the limit is ${limits.maxUncompressedBytes}`);
  }
  return undefined;
}

/**
 * Reads the fact sheets of an XLSX file as a stream, checking first what the zip declares: a zip without
 * `xl/workbook.xml` is not a workbook (400), one that would inflate past the limit is refused before anything is
 * inflated (413). Rows are then read one at a time and the reading stops at the row or cell limit (413).
 */
export async function streamFactSheets(file: Buffer, dictionary: FactDictionary, categories: string[], limits: SpreadsheetLimits): Promise<StreamedFacts> {
  const refused = checkZip(file, limits);
  if (refused) return refused;
  const { default: Excel } = await import('exceljs');
  const reader = new FactSheetReader(dictionary, categories);
  const workbook = new Excel.stream.xlsx.WorkbookReader(Readable.from([file]), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let rows = 0;
  let cells = 0;
  try {
    for await (const sheet of workbook) {
      const name = (sheet as unknown as { name: string }).name;
      const wanted = reader.wants(name);
      for await (const row of sheet) {
        rows++;
        const values = row.values as unknown[];
        for (const v of values) if (v !== undefined && v !== null) cells++;
        if (rows > limits.maxRows) return refuse(413, 'spreadsheetTooLarge', `工作簿超过 ${limits.maxRows} 行，已停止读取`, `The workbook has more than ${limits.maxRows} rows; reading stopped`);
        if (cells > limits.maxCells) return refuse(413, 'spreadsheetTooLarge', `工作簿超过 ${limits.maxCells} 个单元格，已停止读取`, `The workbook has more than ${limits.maxCells} cells; reading stopped`);
        if (wanted) reader.row(name, row.number, values);
      }
    }
  } catch {
    return refuse(400, 'notAWorkbook', '无法读取该 XLSX 文件', 'The file is not a readable XLSX workbook');
  }
  return { ok: true, rows: reader.rows, errors: reader.errors };
}
