import { Injectable, Logger } from '@nestjs/common';
import type ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { Agency } from '../agencies/agency.entity.js';
import { ApiError, type ErrorDetail } from '../common/api-error.js';
import { canonicalJson, FactsInvalidError, type Text } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { addFactSheets, type CellError } from './fact-workbook.js';
import { SpreadsheetParser } from './spreadsheet-parser.js';

/** The answer to an import: what was stored, and every problem found by sheet, row and column. */
export interface ImportReport {
  rows: number;
  stored: { sheet: string; row: number; agencyId: string; submissionId: string; period: string; version: number }[];
  errors: CellError[];
}

/**
 * An import run as a job: each row's submission is stored under an idempotency key of its own (the job and the
 * row), so a job started again after its instance stopped replays the rows already stored instead of storing them
 * as new versions; and progress is reported row by row.
 */
export interface ImportRun {
  rowKey: (sheet: string, row: number) => string;
  progress: (done: number, total: number) => Promise<void>;
}

export const CREATOR = 'sme-agency-evaluator';

/** Fact templates out as XLSX, filled templates in (checked cell by cell); the exports are in evaluation-exports.service.ts. */
@Injectable()
export class SpreadsheetsService {
  private readonly logger = new Logger(SpreadsheetsService.name);

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly submissions: SubmissionsService,
    private readonly parser: SpreadsheetParser,
  ) {}

  /** The fact template: one sheet per category (or just the one asked for). */
  async template(category?: string): Promise<Buffer> {
    const wb = await this.workbook();
    addFactSheets(wb, this.standard.current.standard.criteria.facts, categoriesOf(this.standard, category));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /**
   * Reads a filled template (streamed off the event loop, see {@link SpreadsheetParser}): every cell checked, then each row's agency, category and facts. With errors nothing is
   * stored (422 listing them all) unless `acceptValid`, which stores the rows without errors and reports the rest.
   */
  async import(file: Buffer, principal: string, acceptValid: boolean, run?: ImportRun): Promise<ImportReport> {
    const { evaluator, standard } = this.standard.current;
    // streamed on a worker thread, within the configured row, cell and size limits (400/413 otherwise)
    const { rows, errors } = await this.parser.read(file, standard.criteria.facts, evaluator.categories());
    const agencies = await this.db.read((m) => m.find(Agency, { select: { id: true, creditCode: true, category: true } }));
    const byCode = new Map(agencies.map((a) => [a.creditCode, a]));
    const seen = new Set<string>();
    const ready: { row: (typeof rows)[number]; agency: Agency }[] = [];
    const cellErrors = new Set(errors.map((e) => `${e.sheet}:${e.row}`));
    for (const row of rows) {
      const before = errors.length;
      const hasCellErrors = cellErrors.has(`${row.sheet}:${row.row}`);
      const at = (field: string, zh: string, en: string) => errors.push({ sheet: row.sheet, row: row.row, column: row.columns[field] ?? 'A', field, message: { zh, en } });
      const agency = byCode.get(row.creditCode);
      if (!agency) at('creditCode', `未登记的机构：${row.creditCode}`, `no registered agency with credit code ${row.creditCode}`);
      else if (agency.category !== row.sheet) at('creditCode', `该机构属于“${agency.category}”类别，不在此工作表`, `this agency is of category "${agency.category}", not this sheet's`);
      else if (!hasCellErrors) {
        // (a row with bad cells is not checked as a whole: its bad facts would be reported twice, as missing)
        try {
          evaluator.checkFacts(agency.category, row.facts);
        } catch (e) {
          if (!(e instanceof FactsInvalidError)) throw e;
          for (const i of e.issues) at(i.fact, i.message.zh, i.message.en);
        }
      }
      const key = `${row.creditCode}|${row.period}`;
      if (seen.has(key)) at('period', '同一机构同一期在文件中重复', 'the same agency and period appear twice in the file');
      seen.add(key);
      if (errors.length === before && !hasCellErrors && agency) ready.push({ row, agency });
    }
    if (errors.length > 0 && !acceptValid) {
      throw new ApiError(
        422,
        'spreadsheetInvalid',
        { zh: `文件有 ${errors.length} 处错误，未保存任何数据`, en: `The file has ${errors.length} error(s); nothing was stored` },
        errors.map((e): ErrorDetail & Omit<CellError, 'message'> => ({ ...e, fact: e.field, message: e.message })),
      );
    }
    const stored: ImportReport['stored'] = [];
    await run?.progress(0, ready.length);
    for (const [i, { row, agency }] of ready.entries()) {
      const dto = { period: row.period, facts: row.facts };
      const idem = run && { key: run.rowKey(row.sheet, row.row), fingerprint: createHash('sha256').update(canonicalJson({ agencyId: agency.id, ...dto })).digest('hex') };
      const s = await this.submissions.create(agency.id, dto, principal, idem);
      stored.push({ sheet: row.sheet, row: row.row, agencyId: agency.id, submissionId: s.id, period: s.period, version: s.version });
      await run?.progress(i + 1, ready.length);
    }
    this.logger.log(`import by ${principal}: ${stored.length} stored, ${errors.length} error(s)`);
    return { rows: rows.length, stored, errors };
  }

  /** exceljs is loaded on first use: it is the slowest import of all, and start-up should not wait for it. */
  private async workbook(): Promise<ExcelJS.Workbook> {
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    wb.creator = CREATOR;
    return wb;
  }
}

/** The categories of the standard in force (id and name), or only `only`; 400 unknownCategory when it is not one. */
export function categoriesOf(standard: StandardService, only?: string): { id: string; name: Text }[] {
  const names = standard.current.standard.criteria.classification.categories;
  const list = names.filter((c) => !only || c.id === only).map((c) => ({ id: c.id, name: c.name }));
  if (list.length === 0) throw ApiError.badRequest('unknownCategory', { zh: `未知类别：${only}`, en: `Unknown category: ${only}` });
  return list;
}
