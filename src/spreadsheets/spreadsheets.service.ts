import { Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { Agency } from '../agencies/agency.entity.js';
import { ApiError, type ErrorDetail } from '../common/api-error.js';
import { FactsInvalidError } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { StandardService } from '../rulesets/standard.service.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { indicatorTable, wideTable, type ExportedEvaluation } from './evaluations-export.js';
import { addFactSheets, type CellError, type FactRow } from './fact-workbook.js';
import { SpreadsheetParser } from './spreadsheet-parser.js';

export interface ExportFilter {
  category?: string;
  period?: string;
}

/** The answer to an import: what was stored, and every problem found by sheet, row and column. */
export interface ImportReport {
  rows: number;
  stored: { sheet: string; row: number; agencyId: string; submissionId: string; period: string; version: number }[];
  errors: CellError[];
}

/** Evaluations per page of the streamed CSV export. */
const CSV_PAGE = 100;

/** Evaluations out as CSV/XLSX, fact templates out as XLSX, filled templates in (checked cell by cell). */
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
    addFactSheets(wb, this.standard.current.standard.criteria.facts, this.categories(category));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Evaluations with the indicator breakdown, and each one's facts in template sheets (so the file re-imports). */
  async exportXlsx(filter: ExportFilter): Promise<Buffer> {
    const { evaluations, facts } = await this.load(filter);
    const criteria = this.standard.current.standard.criteria;
    const wb = await this.workbook();
    for (const [name, t] of [['evaluations', wideTable(criteria.indicators, evaluations)], ['indicators', indicatorTable(evaluations)]] as const) {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.addRow(t.header).font = { bold: true };
      ws.addRows(t.rows);
    }
    const rows: Record<string, FactRow[]> = {};
    for (const e of evaluations) (rows[e.category] ??= []).push({ creditCode: e.creditCode, period: e.period, facts: facts.get(e.id) ?? {} });
    addFactSheets(wb, criteria.facts, this.categories(filter.category), rows);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /**
   * The CSV, streamed: evaluations are read in keyset pages of {@link CSV_PAGE} (creation time, then id) and written
   * through csv-stringify as they come, so memory stays flat at any size and the event loop serves other requests
   * between pages. Cells that a spreadsheet would run as a formula (=, +, -, @ first; not negative numbers) are
   * escaped with a leading apostrophe. The first page is read before answering, so a failure there is a clean error.
   */
  async exportCsv(filter: ExportFilter, pageSize = CSV_PAGE): Promise<Readable> {
    this.categories(filter.category); // an unknown category is refused, as in the XLSX export
    const tree = this.standard.current.standard.criteria.indicators;
    const out = stringify({ bom: true, record_delimiter: 'windows', escape_formulas: true, cast: { boolean: (b) => String(b) } });
    out.write(wideTable(tree, []).header);
    let page = await this.page(filter, pageSize);
    const pump = async () => {
      while (page.length > 0) {
        for (const row of wideTable(tree, page).rows) if (!out.write(row)) await once(out, 'drain');
        if (page.length < pageSize) break;
        await new Promise((r) => setImmediate(r)); // other requests get their turn between pages
        page = await this.page(filter, pageSize, page[page.length - 1]);
      }
      out.end();
    };
    pump().catch((e: Error) => {
      this.logger.error(`CSV export stopped: ${e.message}`);
      out.destroy(e);
    });
    return out;
  }

  /** One page of evaluations with their agencies, after `after` in (creation time, id) order. */
  private page(filter: ExportFilter, size: number, after?: ExportedEvaluation): Promise<ExportedEvaluation[]> {
    return this.db.read(async (m) => {
      const qb = m
        .createQueryBuilder(Evaluation, 'e')
        .innerJoin(Agency, 'a', 'a.id = e.agency_id')
        .select(['e.id AS id', 'a.name AS "agencyName"', 'a.credit_code AS "creditCode"', 'e.category AS category', 'a.class_path AS "classPath"', 'e.period AS period', 'e.created_at AS "createdAt"', 'e.result AS result'])
        .orderBy('e.created_at', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .limit(size);
      if (filter.category) qb.andWhere('e.category = :category', { category: filter.category });
      if (filter.period) qb.andWhere('e.period = :period', { period: filter.period });
      if (after) qb.andWhere('(e.created_at > :at OR (e.created_at = :at AND e.id > :id))', { at: after.createdAt, id: after.id });
      const rows = await qb.getRawMany<Omit<ExportedEvaluation, 'result'> & { result: string }>();
      return rows.map((r) => ({ ...r, result: JSON.parse(r.result) as ExportedEvaluation['result'] }));
    });
  }

  /**
   * Reads a filled template (streamed off the event loop, see {@link SpreadsheetParser}): every cell checked, then each row's agency, category and facts. With errors nothing is
   * stored (422 listing them all) unless `acceptValid`, which stores the rows without errors and reports the rest.
   */
  async import(file: Buffer, principal: string, acceptValid: boolean): Promise<ImportReport> {
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
    for (const { row, agency } of ready) {
      const s = await this.submissions.create(agency.id, { period: row.period, facts: row.facts }, principal);
      stored.push({ sheet: row.sheet, row: row.row, agencyId: agency.id, submissionId: s.id, period: s.period, version: s.version });
    }
    this.logger.log(`import by ${principal}: ${stored.length} stored, ${errors.length} error(s)`);
    return { rows: rows.length, stored, errors };
  }

  private async load(filter: ExportFilter): Promise<{ evaluations: ExportedEvaluation[]; facts: Map<string, Record<string, unknown>> }> {
    return this.db.read(async (m) => {
      const where: Record<string, string> = {};
      if (filter.category) where.category = filter.category;
      if (filter.period) where.period = filter.period;
      const rows = await m.find(Evaluation, { where, order: { createdAt: 'ASC', id: 'ASC' } });
      const agencies = new Map((await m.find(Agency)).map((a) => [a.id, a]));
      const subs = rows.length ? await m.createQueryBuilder(FactSubmission, 's').where('s.id IN (:...ids)', { ids: rows.map((r) => r.submissionId) }).getMany() : [];
      const factsBySub = new Map(subs.map((s) => [s.id, s.facts]));
      const evaluations = rows.map((r) => {
        const a = agencies.get(r.agencyId)!;
        return { id: r.id, agencyName: a.name, creditCode: a.creditCode, category: r.category, classPath: a.classPath, period: r.period, createdAt: r.createdAt, result: r.result };
      });
      return { evaluations, facts: new Map(rows.map((r) => [r.id, factsBySub.get(r.submissionId) ?? {}])) };
    });
  }

  private categories(only?: string) {
    const names = this.standard.current.standard.criteria.classification.categories;
    const list = names.filter((c) => !only || c.id === only).map((c) => ({ id: c.id, name: c.name }));
    if (list.length === 0) throw ApiError.badRequest('unknownCategory', { zh: `未知类别：${only}`, en: `Unknown category: ${only}` });
    return list;
  }

  /** exceljs is loaded on first use: it is the slowest import of all, and start-up should not wait for it. */
  private async workbook(): Promise<ExcelJS.Workbook> {
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    wb.creator = 'sme-agency-evaluator';
    return wb;
  }
}
