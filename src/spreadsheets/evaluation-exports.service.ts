import { Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { Agency } from '../agencies/agency.entity.js';
import { Db } from '../database/db.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { StoredResults, type StoredResult } from '../evaluations/stored-results.js';
import { StandardService } from '../rulesets/standard.service.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import { indicatorTable, wideTable, type ExportedEvaluation } from './evaluations-export.js';
import { factColumns } from './fact-cells.js';
import { addFactSheet, addFactValidations, addListsSheet, factCells, FIRST_DATA_ROW, LISTS_SHEET, type FactRow } from './fact-workbook.js';
import { categoriesOf, CREATOR } from './spreadsheets.service.js';

export interface ExportFilter {
  category?: string;
  period?: string;
}

/** Evaluations per page of the streamed exports. */
const PAGE = 100;
const CSV_PAGE = PAGE;
/** Cells the streamed XLSX writes before it gives other requests a turn (see npm run bench:export). */
const YIELD_CELLS = 2000;

/** What a fact sheet's row is made of, with the keyset position of its evaluation. */
interface FactPageRow extends FactRow {
  id: string;
  createdAt: string;
}

/**
 * Evaluations out as CSV and XLSX, streamed from keyset pages (creation time, then id) in flat memory, for the
 * downloads (GET /spreadsheets/evaluations.csv|.xlsx) and the export jobs (src/exports).
 */
@Injectable()
export class EvaluationExportsService {
  private readonly logger = new Logger(EvaluationExportsService.name);

  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly results: StoredResults,
  ) {}

  /**
   * Evaluations with the indicator breakdown, and each one's facts in template sheets (so the file re-imports),
   * streamed through exceljs's WorkbookWriter: the sheets are written one after another, each from keyset pages of
   * {@link PAGE} evaluations (creation time, then id) read as the rows are written and committed, so memory stays
   * flat at any size; other requests get a turn between pages and every {@link YIELD_CELLS} cells within one, and the
   * writer waits while the reader of the stream is behind. The evaluations are read three times (the wide sheet, the indicator sheet, the fact
   * sheets), since a streamed workbook cannot go back to a sheet it has finished. The first page is read before
   * answering, so a failure there is a clean error.
   */
  async exportXlsx(filter: ExportFilter, pageSize = PAGE, onRows?: (n: number) => void): Promise<Readable> {
    const categories = categoriesOf(this.standard, filter.category);
    const criteria = this.standard.current.standard.criteria;
    const first = await this.page(filter, pageSize);
    const { default: Excel } = await import('exceljs');
    const out = new PassThrough();
    const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = CREATOR;
    const pending = async () => {
      await new Promise((r) => setImmediate(r)); // other requests get their turn
      if (out.writableNeedDrain) await once(out, 'drain');
    };
    // Writing a row is synchronous XML work: a page of the indicator sheet is 2,000 rows and more, so the writer also
    // gives way every YIELD_CELLS cells within a page.
    let cells = 0;
    const write = async (ws: ExcelJS.Worksheet, row: unknown[]) => {
      ws.addRow(row).commit();
      cells += row.length;
      if (cells >= YIELD_CELLS) {
        cells = 0;
        await pending();
      }
    };
    const sheet = async (name: string, header: string[], rowsOf: (page: ExportedEvaluation[]) => unknown[][]) => {
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.addRow(header).font = { bold: true };
      for await (const page of this.pages((after) => this.page(filter, pageSize, after), pageSize, first)) {
        for (const row of rowsOf(page)) await write(ws, row);
        onRows?.(page.length);
        await pending();
      }
      ws.commit();
    };
    const pump = async () => {
      await sheet('evaluations', wideTable(criteria.indicators, []).header, (page) => wideTable(criteria.indicators, page).rows);
      await sheet('indicators', indicatorTable([]).header, (page) => indicatorTable(page).rows);
      const columns = factColumns(criteria.facts);
      const lists = addListsSheet(wb, columns);
      wb.getWorksheet(LISTS_SHEET)?.commit();
      for (const c of categories) {
        const ws = addFactSheet(wb, c.id, columns);
        let last = FIRST_DATA_ROW - 1;
        const only = { ...filter, category: c.id };
        for await (const page of this.pages<FactPageRow>((after) => this.factPage(only, pageSize, after), pageSize)) {
          for (const row of page) await write(ws, factCells(columns, row));
          last += page.length;
          onRows?.(page.length);
          await pending();
        }
        addFactValidations(ws, columns, lists, last);
        ws.commit();
      }
      await wb.commit();
    };
    pump().catch((e: Error) => {
      this.logger.error(`XLSX export stopped: ${e.message}`);
      out.destroy(e);
    });
    return out;
  }

  /** How many evaluations an export with these filters holds (an unknown category is refused). */
  async count(filter: ExportFilter): Promise<number> {
    categoriesOf(this.standard, filter.category);
    return this.db.read((m) => {
      const qb = m.createQueryBuilder(Evaluation, 'e');
      if (filter.category) qb.andWhere('e.category = :category', { category: filter.category });
      if (filter.period) qb.andWhere('e.period = :period', { period: filter.period });
      return qb.getCount();
    });
  }

  /** Keyset pages from `read` (given the last item of the page before) until a page is not full. */
  private async *pages<T>(read: (after?: T) => Promise<T[]>, size: number, first?: T[]): AsyncGenerator<T[]> {
    let page = first ?? (await read());
    while (page.length > 0) {
      yield page;
      if (page.length < size) return;
      page = await read(page[page.length - 1]);
    }
  }

  /** One page of evaluations' facts (the submission each one scored) for the fact sheets, in (creation time, id) order. */
  private factPage(filter: ExportFilter, size: number, after?: FactPageRow): Promise<FactPageRow[]> {
    return this.db.read(async (m) => {
      const rows = await keysetPage(m, filter, size, after)
        .innerJoin(FactSubmission, 's', 's.id = e.submission_id')
        .select(['e.id AS id', 'e.created_at AS "createdAt"', 'a.credit_code AS "creditCode"', 'e.period AS period', 's.facts AS facts'])
        .getRawMany<Omit<FactPageRow, 'facts'> & { facts: string }>();
      return rows.map((r) => ({ ...r, facts: JSON.parse(r.facts) as Record<string, unknown> }));
    });
  }

  /**
   * The CSV, streamed: evaluations are read in keyset pages of {@link CSV_PAGE} (creation time, then id) and written
   * through csv-stringify as they come, so memory stays flat at any size and the event loop serves other requests
   * between pages. Cells that a spreadsheet would run as a formula (=, +, -, @ first; not negative numbers) are
   * escaped with a leading apostrophe. The first page is read before answering, so a failure there is a clean error.
   */
  async exportCsv(filter: ExportFilter, pageSize = CSV_PAGE, onRows?: (n: number) => void): Promise<Readable> {
    categoriesOf(this.standard, filter.category); // an unknown category is refused, as in the XLSX export
    const tree = this.standard.current.standard.criteria.indicators;
    const out = stringify({ bom: true, record_delimiter: 'windows', escape_formulas: true, cast: { boolean: (b) => String(b) } });
    out.write(wideTable(tree, []).header);
    let page = await this.page(filter, pageSize);
    const pump = async () => {
      while (page.length > 0) {
        for (const row of wideTable(tree, page).rows) if (!out.write(row)) await once(out, 'drain');
        onRows?.(page.length);
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
  private async page(filter: ExportFilter, size: number, after?: ExportedEvaluation): Promise<ExportedEvaluation[]> {
    const rows = await this.db.read(async (m) => {
      return keysetPage(m, filter, size, after)
        .select(['e.id AS id', 'a.name AS "agencyName"', 'a.credit_code AS "creditCode"', 'e.category AS category', 'a.class_path AS "classPath"', 'e.period AS period', 'e.created_at AS "createdAt"', 'e.result AS result'])
        .getRawMany<Omit<ExportedEvaluation, 'result'> & { result: string }>();
    });
    // Stored results are compact: each expanded with the rules it was scored on.
    return this.results.expand(rows.map((r) => ({ ...r, result: JSON.parse(r.result) as StoredResult })));
  }
}

/**
 * Evaluations `e` (with their agency `a`) of the filter, `size` at most, after `after` in (creation time, id) order:
 * one keyset page, read on the (created_at, id) index.
 */
function keysetPage(m: EntityManager, filter: ExportFilter, size: number, after?: { createdAt: string; id: string }) {
  const qb = m.createQueryBuilder(Evaluation, 'e').innerJoin(Agency, 'a', 'a.id = e.agency_id').orderBy('e.created_at', 'ASC').addOrderBy('e.id', 'ASC').limit(size);
  if (filter.category) qb.andWhere('e.category = :category', { category: filter.category });
  if (filter.period) qb.andWhere('e.period = :period', { period: filter.period });
  if (after) qb.andWhere('(e.created_at > :at OR (e.created_at = :at AND e.id > :id))', { at: after.createdAt, id: after.id });
  return qb;
}
