/** What the spreadsheet suites share: the XLSX media type, a binary answer as a Buffer, a workbook's sheets. */
import ExcelJS from 'exceljs';
import type request from 'supertest';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A supertest parser that collects a binary answer into a Buffer (`.buffer(true).parse(binary)`). */
export const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Every sheet of a workbook as its rows' values (what a reader sees, whatever the zip's timestamps). */
export async function sheets(file: Buffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push(row.values as unknown[]));
    out[ws.name] = rows;
  });
  return out;
}
