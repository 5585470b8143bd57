import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Db } from '../../src/database/db.service.js';
import { insertRows } from '../../src/database/insert-row.js';
import { JobFile } from '../../src/job-files/job-file.entity.js';
import { JobFilesService } from '../../src/job-files/job-files.service.js';
import { Job } from '../../src/jobs/job.entity.js';
import { SpreadsheetsService } from '../../src/spreadsheets/spreadsheets.service.js';
import { readExample } from '../support/standard.js';
import { as, creditCodeFor, KEYS, startApi, type DbKind, type RunningApi } from './support.js';
import { XLSX, binary, sheets } from './workbooks.js';

const EXAMPLES = ['guarantee-company', 'b2b-platform', 'incubator', 'comprehensive-centre'];

/** Imports and exports as jobs: POST → 202 with a job, progress, the report or the file, on both databases. */
describe.each<DbKind>(['sqlite', 'postgres'])('import and export jobs on %s', (kind) => {
  let api: RunningApi;
  const agencies: string[] = [];
  beforeAll(async () => {
    api = await startApi(kind);
    for (const [i, name] of EXAMPLES.entries()) {
      const ex = readExample(name);
      const a = await as(api.url, 'assessor').post('/agencies', { ...ex.agency, name, creditCode: creditCodeFor(840000 + i), region: '江苏省' }).expect(201);
      const s = await as(api.url, 'assessor').post(`/agencies/${a.body.id}/submissions`, ex.submission).expect(201);
      await as(api.url, 'assessor').post('/evaluations', { submissionId: s.body.id }).expect(201);
      agencies.push(a.body.id);
    }
  }, 60000);
  afterAll(async () => api?.close());

  const download = (path: string) => request(api.url).get(path).set('x-api-key', KEYS.viewer).buffer(true).parse(binary);
  async function settled(path: string): Promise<Record<string, unknown> & { status: string }> {
    for (let i = 0; i < 400; i++) {
      const job = (await as(api.url, 'viewer').get(path).expect(200)).body;
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${path} not settled`);
  }
  const partsOf = (fileId: string) => api.app.get(Db).read((m) => m.countBy(JobFile, { fileId }));

  it('an XLSX export job writes the same workbook as the download, served from the database until it expires', async () => {
    const started = await as(api.url, 'viewer').post('/exports', { format: 'xlsx' }).expect(202);
    expect(started.body).toMatchObject({ status: 'queued', format: 'xlsx', filters: {}, createdBy: 'test-viewer', result: null, error: null });
    const job = await settled(`/export-jobs/${started.body.id}`);
    // four evaluations, each written three times (wide sheet, indicator sheet, fact sheets)
    expect(job).toMatchObject({ status: 'done', progress: { done: 12, total: 12, percent: 100 }, result: { format: 'xlsx', filename: 'evaluations.xlsx', contentType: XLSX, evaluations: 4 } });
    const file = await download(`/export-jobs/${started.body.id}/file`).expect(200);
    expect(file.headers['content-type']).toBe(XLSX);
    expect(file.headers['content-disposition']).toBe('attachment; filename="evaluations.xlsx"');
    expect((file.body as Buffer).length).toBe((job.result as { bytes: number }).bytes);
    const direct = (await download('/spreadsheets/evaluations.xlsx').expect(200)).body as Buffer;
    expect(await sheets(file.body as Buffer)).toEqual(await sheets(direct));
    // older than JOB_FILE_TTL (24 h): the clean-up deletes it, and the file is gone (410), the job still answers
    const files = api.app.get(JobFilesService);
    await api.app.get(Db).write((m) => m.update(JobFile, { fileId: started.body.id }, { createdAt: new Date(Date.now() - 25 * 3600_000).toISOString() }));
    expect(await files.cleanup()).toBe(1);
    const gone = await as(api.url, 'viewer').get(`/export-jobs/${started.body.id}/file`).expect(410);
    expect(gone.body).toMatchObject({ code: 'exportExpired', message: { zh: expect.any(String), en: expect.any(String) } });
    await as(api.url, 'viewer').get(`/export-jobs/${started.body.id}`).expect(200);
  });

  it('a CSV export job with filters gives byte for byte the CSV download', async () => {
    const started = await as(api.url, 'viewer').post('/exports', { format: 'csv', category: 'professional', period: '2026' }).expect(202);
    const job = await settled(`/export-jobs/${started.body.id}`);
    // guarantee company and incubator are professional
    expect(job).toMatchObject({ status: 'done', filters: { category: 'professional', period: '2026' }, progress: { done: 2, total: 2 }, result: { evaluations: 2 } });
    const file = await as(api.url, 'viewer').get(`/export-jobs/${started.body.id}/file`).expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    const direct = await as(api.url, 'viewer').get('/spreadsheets/evaluations.csv?category=professional&period=2026').expect(200);
    expect(file.text).toBe(direct.text);
    expect(file.text.replace(/^\ufeff/, '').trim().split('\r\n')).toHaveLength(3);
  });

  it('refuses a bad export request at once, in the error shape', async () => {
    const bad = await as(api.url, 'viewer').post('/exports', { format: 'pdf' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'validationFailed', details: [expect.objectContaining({ field: 'format' })] });
    const unknown = await as(api.url, 'viewer').post('/exports', { format: 'csv', category: 'noSuchCategory' }).expect(400);
    expect(unknown.body.code).toBe('unknownCategory');
    await as(api.url, 'viewer').get(`/export-jobs/${randomUUID()}`).expect(404);
    await as(api.url, 'viewer').get(`/export-jobs/${randomUUID()}/file`).expect(404);
    await as(api.url, 'viewer').get('/export-jobs/not-a-uuid').expect(400);
  });

  it('an import job stores what the synchronous import stores, reports progress, and drops the upload', async () => {
    const exported = (await download('/spreadsheets/evaluations.xlsx').expect(200)).body as Buffer;
    const started = await request(api.url).post('/imports').set('x-api-key', KEYS.assessor).set('content-type', XLSX).send(exported).expect(202);
    expect(started.body).toMatchObject({ status: 'queued', acceptValid: false, report: null });
    const job = await settled(`/import-jobs/${started.body.id}`);
    expect(job).toMatchObject({ status: 'done', progress: { done: 4, total: 4, percent: 100 }, error: null });
    const report = job.report as { rows: number; stored: { agencyId: string; version: number }[]; errors: unknown[] };
    expect(report.rows).toBe(4);
    expect(report.errors).toEqual([]);
    expect(report.stored.map((s) => s.version)).toEqual([2, 2, 2, 2]);
    expect(report.stored.map((s) => s.agencyId).sort()).toEqual([...agencies].sort());
    const fileId = (await api.app.get(Db).read((m) => m.query(`SELECT "subject" FROM "jobs" WHERE "id" = '${started.body.id}'`)))[0].subject as string;
    expect(await partsOf(fileId)).toBe(0);
  });

  it('an import job of a file with errors fails with the 422 body naming sheet, row and column; a non-workbook is refused at once', async () => {
    const template = (await download('/spreadsheets/template.xlsx?category=platform').expect(200)).body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('platform')!;
    ws.getCell('A5').value = creditCodeFor(849999); // not registered
    ws.getCell('B5').value = '2027';
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const started = await request(api.url).post('/imports').set('x-api-key', KEYS.assessor).set('content-type', XLSX).send(file).expect(202);
    const job = await settled(`/import-jobs/${started.body.id}`);
    expect(job).toMatchObject({ status: 'failed', report: null, error: { statusCode: 422, code: 'spreadsheetInvalid', details: [expect.objectContaining({ sheet: 'platform', row: 5, column: 'A', field: 'creditCode' })] } });
    const junk = await request(api.url).post('/imports').set('x-api-key', KEYS.assessor).set('content-type', XLSX).send(Buffer.from('not a zip')).expect(400);
    expect(junk.body).toMatchObject({ code: 'notAWorkbook', message: { zh: expect.any(String), en: expect.any(String) } });
    await request(api.url).post('/imports').set('x-api-key', KEYS.viewer).set('content-type', XLSX).send(file).expect(403);
    await as(api.url, 'viewer').get(`/import-jobs/${randomUUID()}`).expect(404);
  });

  it('an import started again (a job taken over) replays the rows it stored instead of storing new versions', async () => {
    const exported = (await download('/spreadsheets/evaluations.xlsx').expect(200)).body as Buffer;
    const sheetsService = api.app.get(SpreadsheetsService);
    const progress: [number, number][] = [];
    const run = { rowKey: (sheet: string, row: number) => `import-job:resume-test:${sheet}:${row}`, progress: async (d: number, t: number) => void progress.push([d, t]) };
    const first = await sheetsService.import(exported, 'test-assessor', false, run);
    const again = await sheetsService.import(exported, 'test-assessor', false, run);
    // versions 1 (set-up) and 2 (the import job above) exist: this import stores 3, and its second run stores nothing
    expect(first.stored.map((s) => s.version)).toEqual([3, 3, 3, 3]);
    expect(again.stored).toEqual(first.stored);
    expect(progress.at(-1)).toEqual([4, 4]);
    for (const id of agencies) expect((await as(api.url, 'viewer').get(`/agencies/${id}/submissions`).expect(200)).body.total).toBe(3);
  });
});

/**
 * An import job cut off by a stop of its instance (SQLite: one instance owns the file) after it had stored its rows
 * but before its outcome was written: the restarted instance runs it again and replays those rows.
 */
describe('an import job interrupted by a restart, on sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sme-import-restart-'));
  const env = { SQLITE_PATH: join(dir, 'restart.sqlite') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resumes on the restarted instance and stores no row twice', async () => {
    let api = await startApi('sqlite', env);
    const jobId = randomUUID();
    const fileId = randomUUID();
    let before: { submissionId: string; version: number }[];
    try {
      const ex = readExample('incubator');
      const a = await as(api.url, 'assessor').post('/agencies', { ...ex.agency, name: 'restart', creditCode: creditCodeFor(848001), region: '江苏省' }).expect(201);
      const s = await as(api.url, 'assessor').post(`/agencies/${a.body.id}/submissions`, ex.submission).expect(201);
      await as(api.url, 'assessor').post('/evaluations', { submissionId: s.body.id }).expect(201);
      const file = (await request(api.url).get('/spreadsheets/evaluations.xlsx').set('x-api-key', KEYS.viewer).buffer(true).parse(binary).expect(200)).body as Buffer;
      // what the stopped instance had done: the upload kept, the job claimed, its one row stored under the job's row key
      await api.app.get(JobFilesService).store(fileId, file);
      const now = new Date().toISOString();
      const job: Job = {
        id: jobId, kind: 'import', subject: fileId, payload: { fileId, principal: 'test-assessor', acceptValid: false }, status: 'running', done: 0, total: 1, result: null, error: null,
        attempts: 1, owner: 'stopped-instance', heartbeatAt: now, createdBy: 'test-assessor', createdAt: now, startedAt: now, finishedAt: null,
      };
      await api.app.get(Db).write((m) => insertRows(m, Job, job));
      before = (await api.app.get(SpreadsheetsService).import(file, 'test-assessor', false, { rowKey: (sheet, row) => `import-job:${jobId}:${sheet}:${row}`, progress: async () => undefined })).stored;
      expect(before.map((r) => r.version)).toEqual([2]);
    } finally {
      await api.close();
    }
    api = await startApi('sqlite', env);
    try {
      let job: Record<string, unknown> = {};
      for (let i = 0; i < 200 && job.status !== 'done' && job.status !== 'failed'; i++) {
        job = (await as(api.url, 'viewer').get(`/import-jobs/${jobId}`).expect(200)).body;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(job).toMatchObject({ status: 'done', report: { rows: 1, errors: [], stored: [expect.objectContaining({ submissionId: before[0].submissionId, version: 2 })] } });
      expect((await api.app.get(Db).read((m) => m.findOneBy(Job, { id: jobId })))!.attempts).toBe(2);
      // versions 1 (set-up) and 2 (the import): no third
      expect((await as(api.url, 'viewer').get(`/agencies/${(job.report as { stored: { agencyId: string }[] }).stored[0].agencyId}/submissions`).expect(200)).body.total).toBe(2);
      expect(await api.app.get(JobFilesService).exists(fileId)).toBe(false);
    } finally {
      await api.close();
    }
  });
});

/** Two instances on one PostgreSQL database: a job queued on one is read, and its file served, by the other. */
describe('import and export jobs across two instances, on postgres', () => {
  let a: RunningApi;
  let b: RunningApi;
  beforeAll(async () => {
    a = await startApi('postgres');
    b = await startApi('postgres', { DATABASE_URL: (a.config.database as { url: string }).url });
    const ex = readExample('b2b-platform');
    const agency = await as(a.url, 'assessor').post('/agencies', { ...ex.agency, name: 'two instances', creditCode: creditCodeFor(847001), region: '江苏省' }).expect(201);
    const s = await as(b.url, 'assessor').post(`/agencies/${agency.body.id}/submissions`, ex.submission).expect(201);
    await as(a.url, 'assessor').post('/evaluations', { submissionId: s.body.id }).expect(201);
  }, 60000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function settled(url: string, path: string): Promise<{ status: string; report?: { stored: unknown[] } }> {
    for (let i = 0; i < 400; i++) {
      const job = (await as(url, 'viewer').get(path).expect(200)).body;
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${path} not settled`);
  }

  it('an export queued on A is served by B; an import uploaded to B is reported by A', async () => {
    const job = await as(a.url, 'viewer').post('/exports', { format: 'csv' }).expect(202);
    expect((await settled(b.url, `/export-jobs/${job.body.id}`)).status).toBe('done');
    const fromB = await as(b.url, 'viewer').get(`/export-jobs/${job.body.id}/file`).expect(200);
    const direct = await as(a.url, 'viewer').get('/spreadsheets/evaluations.csv').expect(200);
    expect(fromB.text).toBe(direct.text);
    const workbook = (await request(a.url).get('/spreadsheets/evaluations.xlsx').set('x-api-key', KEYS.viewer).buffer(true).parse(binary).expect(200)).body as Buffer;
    const upload = await request(b.url).post('/imports').set('x-api-key', KEYS.assessor).set('content-type', XLSX).send(workbook).expect(202);
    const imported = await settled(a.url, `/import-jobs/${upload.body.id}`);
    expect(imported).toMatchObject({ status: 'done', report: { rows: 1, errors: [], stored: [expect.objectContaining({ version: 2 })] } });
  });
});
