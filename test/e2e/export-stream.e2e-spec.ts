import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Readable } from 'node:stream';
import { SpreadsheetsService } from '../../src/spreadsheets/spreadsheets.service.js';
import { readExample } from '../support/standard.js';
import { as, CLASS_PATHS, creditCodeFor, startApi, type DbKind, type RunningApi } from './support.js';

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

/** The CSV export, streamed in keyset pages (creation time, id), with formula escaping. */
describe.each<DbKind>(['sqlite', 'postgres'])('the streamed CSV export on %s', (kind) => {
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
    const paged = await text(await api.app.get(SpreadsheetsService).exportCsv({}, 2));
    expect(paged).toBe(res.text);
    const filtered = await text(await api.app.get(SpreadsheetsService).exportCsv({ period: '2027' }, 2));
    expect(filtered.replace(/^\ufeff/, '').trim().split('\r\n')).toEqual([lines[0]]);
  });
});
