import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { KEYS, startApi, type RunningApi } from './support.js';
import { XLSX } from './workbooks.js';

/** A workbook with one sheet of `rows` rows of `cols` numbers. */
async function workbook(rows: number, cols: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('platform');
  for (let r = 0; r < rows; r++) ws.addRow(Array.from({ length: cols }, (_, c) => r * cols + c));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('spreadsheet import limits (runs dist/: build first)', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { XLSX_MAX_ROWS: '50', XLSX_MAX_CELLS: '300', XLSX_MAX_UNCOMPRESSED_BYTES: '1000000' });
  });
  afterAll(async () => {
    await api?.close();
  });

  const upload = (file: Buffer) => request(api.url).post('/spreadsheets/facts').set('x-api-key', KEYS.assessor).set('content-type', XLSX).send(file);

  it('answers a zip that holds no workbook with 400', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'no workbook here');
    zip.file('xl/worksheets/sheet1.xml', '<worksheet/>');
    const res = await upload(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'notAWorkbook', message: { en: 'The zip holds no workbook (xl/workbook.xml)' } });
    const text = await upload(Buffer.from('plain text, not a zip')).expect(400);
    expect(text.body.code).toBe('notAWorkbook');
  });

  it('refuses a zip that inflates past the limit before inflating it', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    zip.file('xl/worksheets/sheet1.xml', '<row/>'.repeat(200000)); // 1,200,000 bytes inflated, a few KB sent
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(20000);
    const res = await upload(bomb).expect(413);
    expect(res.body).toMatchObject({ code: 'spreadsheetTooLarge', message: { en: 'The workbook inflates to 1200011 bytes; the limit is 1000000' } });
  });

  it('stops reading at the row limit and at the cell limit', async () => {
    const rows = await upload(await workbook(51, 1)).expect(413);
    expect(rows.body.message.en).toBe('The workbook has more than 50 rows; reading stopped');
    const cells = await upload(await workbook(40, 8)).expect(413);
    expect(cells.body.message.en).toBe('The workbook has more than 300 cells; reading stopped');
    // within both: read, and its cells checked (this sheet has no template header)
    const fine = await upload(await workbook(30, 8)).expect(422);
    expect(fine.body.code).toBe('spreadsheetInvalid');
  });
});
