/**
 * The README's walk-through, request by request, on a fresh SQLite database with the local default keys (API_KEYS
 * unset), as a newcomer runs it: register the example agency, submit its facts, evaluate, open the report, download
 * the CSV. Then the OpenAPI document's examples, sent as they are.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { readExample } from '../support/standard.js';
import { freshDatabase } from './support.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const walkthrough = README.slice(README.indexOf('## Walk-through'), README.indexOf('## What is where'));
const ASSESSOR = 'local-assessor-key-change-me';
const VIEWER = 'local-viewer-key-change-me';

/** The agency body of step 1, exactly as the README writes it. */
const AGENCY_BODY = '{"name":"某市融资担保有限公司","creditCode":"91320500MA1M7K2Q7J","region":"江苏省苏州市","category":"professional","classPath":["investmentFinancing","financingGuarantee"]}';

describe('the README walk-through (fresh SQLite, local default keys)', () => {
  let app: NestFastifyApplication;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    drop = db.drop;
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', ...db.env }); // no API_KEYS: the local keys
    expect(config.usingLocalDefaultKeys).toBe(true);
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('the README shows these requests, and the example file holds their bodies', () => {
    expect(walkthrough).toContain(`-d '${AGENCY_BODY}'`);
    expect(JSON.parse(AGENCY_BODY)).toEqual(readExample('guarantee-company').agency);
    for (const line of [
      'curl -s localhost:3000/health/ready',
      "jq .submission test/examples/guarantee-company.json | curl -s localhost:3000/agencies/$AGENCY/submissions",
      'curl -s localhost:3000/evaluations ',
      '-d "{\\"submissionId\\":\\"$SUBMISSION\\"}"',
      `curl -s -H 'x-api-key: ${VIEWER}' -o report.html`,
      `curl -s -H 'x-api-key: ${VIEWER}' -o evaluations.csv localhost:3000/spreadsheets/evaluations.csv`,
    ]) {
      expect(walkthrough).toContain(line);
    }
  });

  it('register → submit facts → evaluate → report → CSV, each answered as the README shows', async () => {
    const ready = await request(url).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ ready: true, database: { ok: true, type: 'sqlite' }, rulesets: { loaded: true } });

    // 1. register
    const agency = await request(url).post('/agencies').set('x-api-key', ASSESSOR).set('content-type', 'application/json').send(AGENCY_BODY).expect(201);
    expect(agency.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), ...JSON.parse(AGENCY_BODY), createdAt: expect.any(String) });

    // 2. submit the example's facts for 2026
    const submission = await request(url)
      .post(`/agencies/${agency.body.id}/submissions`)
      .set('x-api-key', ASSESSOR)
      .set('content-type', 'application/json')
      .send(JSON.stringify(readExample('guarantee-company').submission))
      .expect(201);
    expect(submission.body).toMatchObject({ agencyId: agency.body.id, period: '2026', version: 1, evidence: null, submittedBy: 'local-assessor', evaluatedAt: null });

    // 3. evaluate: 82.40, four stars (worked out by hand in test/examples/WORKED.md)
    const evaluation = await request(url)
      .post('/evaluations')
      .set('x-api-key', ASSESSOR)
      .set('content-type', 'application/json')
      .send(`{"submissionId":"${submission.body.id}"}`)
      .expect(201);
    expect(evaluation.body).toMatchObject({ submissionId: submission.body.id, agencyId: agency.body.id, period: '2026', category: 'professional', total: 82.4, grade: 'fourStar', passing: true, eligible: true, vetoed: false, ruleset: { id: 'professional' } });

    // 4. the report page with the viewer key in a header
    const report = await request(url).get(`/evaluations/${evaluation.body.id}/report`).set('x-api-key', VIEWER).expect(200);
    expect(report.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(report.text).toContain('<title>评价报告 · 某市融资担保有限公司</title>');

    // 5. the CSV: a header row, then this evaluation
    const csv = await request(url).get('/spreadsheets/evaluations.csv').set('x-api-key', VIEWER).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row, ...rest] = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(rest).toEqual([]);
    expect(header.startsWith('evaluationId,agency,creditCode,category,classPath,period,evaluatedAt,total,grade')).toBe(true);
    expect(row.startsWith(`${evaluation.body.id},某市融资担保有限公司,91320500MA1M7K2Q7J,professional,investmentFinancing/financingGuarantee,2026,`)).toBe(true);
    const cells = Object.fromEntries(header.split(',').map((h, i) => [h, row.split(',')[i]]));
    expect(cells).toMatchObject({ total: '82.4', grade: 'fourStar', gradeZh: '四星', eligible: 'true', vetoed: 'false' });
  });

  it('the OpenAPI examples are real: each request body it shows is accepted as it is', async () => {
    const doc = (await request(url).get('/docs-json').expect(200)).body;
    const example = (schema: string) => Object.fromEntries(Object.entries<{ example?: unknown }>(doc.components.schemas[schema].properties).map(([k, v]) => [k, v.example]));

    const agencyBody = example('CreateAgencyDto');
    const agency = await request(url).post('/agencies').set('x-api-key', ASSESSOR).send(agencyBody).expect(201);
    expect(agency.body).toMatchObject(agencyBody);

    const submissionBody = example('CreateSubmissionDto');
    expect(Object.keys(submissionBody.facts as object).length).toBeGreaterThan(20);
    const submission = await request(url).post(`/agencies/${agency.body.id}/submissions`).set('x-api-key', ASSESSOR).send(submissionBody).expect(201);
    await request(url).post('/evaluations').set('x-api-key', ASSESSOR).send({ submissionId: submission.body.id }).expect(201);

    const preview = await request(url).post('/evaluations/preview').set('x-api-key', VIEWER).send(example('PreviewDto')).expect(200);
    expect(preview.body).toMatchObject({ eligible: true, vetoed: false });
  });
});
