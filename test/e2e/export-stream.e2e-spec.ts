import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { EvaluationExportsService } from '../../src/spreadsheets/evaluation-exports.service.js';
import { readExample } from '../support/standard.js';
import { as, CLASS_PATHS, creditCodeFor, startApi, type DbKind, type RunningApi } from './support.js';
import { sheets } from './workbooks.js';

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The CSV and XLSX exports, streamed in keyset pages (creation time, id); formulas escaped in the CSV. */
describe.each<DbKind>(['sqlite', 'postgres'])('the streamed CSV and XLSX exports on %s', (kind) => {
  let api: RunningApi;
  const ids: string[] = [];
  beforeAll(async () => {
    api = await startApi(kind);
    const facts = readExample('other-consulting').facts;
    for (let i = 0; i < 5; i++) {
      const name = i === 2 ? '=HYPERLINK("http://example.invalid","点我")' : `导出机构 ${i}`;
      const agency = await as(api.url, 'assessor').post('/agencies', { name, creditCode: creditCodeFor(820000 + i), region: '江苏省苏州市', category: 'other', classPath: CLASS_PATHS.other }).expect(201);
      const sub = await as(api.url, 'assessor').post(`/agencies/${agency.body.id}/submissions`, { period: '2026', facts }).expect(201);
      ids.push((await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201)).body.id);
    }
  });
  afterAll(async () => api?.close());

  it('gives every evaluation once, in order, the same in pages of 2 as in one page, a formula escaped', async () => {
    const res = await as(api.url, 'viewer').get('/spreadsheets/evaluations.csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[0].startsWith('evaluationId,agency,creditCode,category,classPath,period,evaluatedAt,total,grade')).toBe(true);
    // Created one after another: creation order is the order of the requests.
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(ids);
    expect(lines[3]).toContain(`${ids[2]},"'=HYPERLINK(""http://example.invalid"",""点我"")",`);
    const cells = Object.fromEntries(lines[0].split(',').map((h, i) => [h, lines[1].split(',')[i]]));
    expect(cells).toMatchObject({ agency: '导出机构 0', category: 'other', eligible: expect.stringMatching(/^(true|false)$/) });
    const paged = await text(await api.app.get(EvaluationExportsService).exportCsv({}, 2));
    expect(paged).toBe(res.text);
    const filtered = await text(await api.app.get(EvaluationExportsService).exportCsv({ period: '2027' }, 2));
    expect(filtered.replace(/^\ufeff/, '').trim().split('\r\n')).toEqual([lines[0]]);
  });

  it('streams the XLSX: the same sheets in pages of 2 as in pages of 100, every evaluation in order, and it re-imports', async () => {
    const service = api.app.get(EvaluationExportsService);
    const res = await as(api.url, 'viewer').get('/spreadsheets/evaluations.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const whole = await sheets(res.body as Buffer);
    expect(await sheets(await bytes(await service.exportXlsx({}, 2)))).toEqual(whole);
    expect(Object.keys(whole)).toEqual(['evaluations', 'indicators', 'lists', 'comprehensive', 'professional', 'platform', 'other']);
    // row 1 the header, then one row per evaluation in creation order (values[0] is exceljs's unused column 0)
    expect(whole.evaluations.slice(1).map((r) => r[1])).toEqual(ids);
    const indicators = (await as(api.url, 'viewer').get(`/evaluations/${ids[0]}`).expect(200)).body.result.indicators.length;
    expect(whole.indicators).toHaveLength(1 + 5 * indicators);
    expect(whole.indicators.slice(1).map((r) => r[1])).toEqual(ids.flatMap((id) => Array(indicators).fill(id)));
    // the fact sheet: four header rows, then the five agencies' credit codes
    expect(whole.other.slice(4).map((r) => r[1])).toEqual([0, 1, 2, 3, 4].map((i) => creditCodeFor(820000 + i)));
    expect(whole.professional).toHaveLength(4);
    // the fact sheets keep the template's validations on the data rows (written when a streamed sheet is committed)
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const other = wb.getWorksheet('other')!;
    const staff = (other.getRow(1).values as unknown[]).indexOf('staffTotal');
    expect(other.getCell(5, staff).dataValidation?.type).toBe('whole');
    expect(other.getCell(300, staff).dataValidation?.type).toBe('whole');
    expect(wb.getWorksheet('lists')!.state).toBe('hidden');
    const imported = await as(api.url, 'assessor').post('/spreadsheets/facts').set('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(res.body).expect(200);
    expect(imported.body.errors).toEqual([]);
    expect(imported.body.stored.map((s: { version: number }) => s.version)).toEqual([2, 2, 2, 2, 2]);
  });
});
