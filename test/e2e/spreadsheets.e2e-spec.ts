import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readExample } from '../support/standard.js';
import request from 'supertest';
import { as, creditCodeFor, KEYS, startApi, type RunningApi } from './support.js';
import { XLSX, binary } from './workbooks.js';

const EXAMPLES = ['guarantee-company', 'b2b-platform', 'incubator', 'comprehensive-centre'];

describe('spreadsheets over HTTP (SQLite)', () => {
  let api: RunningApi;
  const agencies: { id: string; facts: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    api = await startApi('sqlite');
    for (const [i, name] of EXAMPLES.entries()) {
      const ex = readExample(name);
      const a = await as(api.url, 'assessor').post('/agencies', { ...ex.agency, name, creditCode: creditCodeFor(500 + i), region: '江苏省' }).expect(201);
      const s = await as(api.url, 'assessor').post(`/agencies/${a.body.id}/submissions`, ex.submission).expect(201);
      await as(api.url, 'assessor').post('/evaluations', { submissionId: s.body.id }).expect(201);
      agencies.push({ id: a.body.id, facts: ex.facts });
    }
  }, 60000);
  afterAll(() => api?.close());

  const download = (path: string) => request(api.url).get(path).set('x-api-key', KEYS.viewer).buffer(true).parse(binary).expect(200);
  const upload = (file: Buffer, query = '', role: keyof typeof KEYS = 'assessor') =>
    request(api.url).post(`/spreadsheets/facts${query}`).set('x-api-key', KEYS[role]).set('content-type', XLSX).send(file);

  test('an exported XLSX re-imported gives the same facts', async () => {
    const exported = (await download('/spreadsheets/evaluations.xlsx')).body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ArrayBuffer);
    expect(wb.getWorksheet('evaluations')!.rowCount).toBe(1 + EXAMPLES.length);
    expect(wb.getWorksheet('indicators')!.rowCount).toBe(1 + EXAMPLES.length * 21);
    const res = await upload(exported).expect(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.stored).toHaveLength(EXAMPLES.length);
    for (const a of agencies) {
      const subs = (await as(api.url, 'viewer').get(`/agencies/${a.id}/submissions`).expect(200)).body.items;
      expect(subs.map((s: { version: number }) => s.version)).toEqual([1, 2]);
      expect(subs[1].facts).toEqual(a.facts);
    }
  });

  test('CSV: a header and a row per evaluation, with every indicator', async () => {
    const csv = (await request(api.url).get('/spreadsheets/evaluations.csv?category=professional').set('x-api-key', KEYS.viewer).expect(200)).text;
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3); // guarantee company and incubator
    expect(lines[0]).toContain('staffSize.points');
    expect(lines[0].split(',')).toHaveLength(lines[1].split(',').length);
  });

  test('a template with bad cells: every error reported, nothing stored unless asked to take the valid rows', async () => {
    const template = (await download('/spreadsheets/template.xlsx?category=platform')).body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('platform')!;
    const ids = ws.getRow(1).values as unknown[];
    const good = { ...agencies[1].facts, staffTotal: 99 };
    const put = (row: number, facts: Record<string, unknown>, code: string, period = '2027') => {
      ws.getCell(row, 1).value = code;
      ws.getCell(row, 2).value = period;
      for (const [k, v] of Object.entries(facts)) {
        const def = typeof v === 'object' && v !== null ? (Array.isArray(v) && typeof v[0] === 'object' ? JSON.stringify(v) : (v as unknown[]).join(', ')) : v;
        ws.getCell(row, ids.indexOf(k)).value = def as ExcelJS.CellValue;
      }
    };
    put(5, good, creditCodeFor(501));
    put(6, { ...good, staffTotal: -3, geographicReach: 'moon' }, creditCodeFor(501), '2026');
    put(7, good, creditCodeFor(777)); // not registered
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const refused = await upload(file).expect(422);
    expect(refused.body.code).toBe('spreadsheetInvalid');
    const at = (id: string) => ws.getColumn(ids.indexOf(id)).letter;
    expect(refused.body.details.map((d: { sheet: string; row: number; column: string }) => `${d.sheet}!${d.column}${d.row}`).sort()).toEqual(
      [`platform!${at('staffTotal')}6`, `platform!${at('geographicReach')}6`, 'platform!A7'].sort(),
    );
    let subs = (await as(api.url, 'viewer').get(`/agencies/${agencies[1].id}/submissions?period=2025`).expect(200)).body.items;
    expect(subs).toHaveLength(0);
    await upload(file, '', 'viewer').expect(403);
    const taken = await upload(file, '?acceptValid=true').expect(200);
    expect(taken.body.stored.map((s: { row: number }) => s.row)).toEqual([5]);
    expect(taken.body.errors).toHaveLength(3);
    subs = (await as(api.url, 'viewer').get(`/agencies/${agencies[1].id}/submissions?period=2027`).expect(200)).body.items;
    expect(subs.map((s: { facts: { staffTotal: number } }) => s.facts.staffTotal)).toEqual([99]);
  });
});
