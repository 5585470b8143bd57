import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readExample } from '../support/standard.js';
import { as, CLASS_PATHS, creditCodeFor, startApi, type DbKind, type RunningApi } from './support.js';

/** An agency's submissions and evaluations page by keyset (creation time, id), and by page number as before. */
describe.each<DbKind>(['sqlite', 'postgres'])('per-agency lists by keyset on %s', (kind) => {
  let api: RunningApi;
  let agencyId: string;
  const subs: string[] = [];
  const evals: string[] = [];
  beforeAll(async () => {
    api = await startApi(kind);
    const facts = readExample('other-consulting').facts;
    const agency = await as(api.url, 'assessor').post('/agencies', { name: '分页机构', creditCode: creditCodeFor(830001), region: '江苏省', category: 'other', classPath: CLASS_PATHS.other }).expect(201);
    agencyId = agency.body.id;
    // five submissions (2026…2030), each evaluated once, one after another: creation order is request order
    for (let year = 2026; year <= 2030; year++) {
      const sub = await as(api.url, 'assessor').post(`/agencies/${agencyId}/submissions`, { period: String(year), facts }).expect(201);
      subs.push(sub.body.id);
      evals.push((await as(api.url, 'assessor').post('/evaluations', { submissionId: sub.body.id }).expect(201)).body.id);
    }
  });
  afterAll(async () => api?.close());

  /** Follows `next` from the first page to the end, pages of 2: 5 items make pages of 2, 2 and 1. */
  async function walk(path: string): Promise<{ ids: string[]; sizes: number[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    do {
      const url = `${path}?pageSize=2${after ? `&after=${after}` : ''}`;
      const page = (await as(api.url, 'viewer').get(url).expect(200)).body as { total: number; items: { id: string }[]; next: string | null };
      expect(page.total).toBe(5);
      ids.push(...page.items.map((i) => i.id));
      sizes.push(page.items.length);
      after = page.next;
    } while (after);
    return { ids, sizes };
  }

  it('submissions: oldest first, every one once by cursor, the same as the numbered pages', async () => {
    const walked = await walk(`/agencies/${agencyId}/submissions`);
    expect(walked).toEqual({ ids: subs, sizes: [2, 2, 1] });
    const third = await as(api.url, 'viewer').get(`/agencies/${agencyId}/submissions?page=3&pageSize=2`).expect(200);
    expect(third.body).toMatchObject({ page: 3, pageSize: 2, total: 5, next: null });
    expect(third.body.items.map((i: { id: string }) => i.id)).toEqual([subs[4]]);
    const one = await as(api.url, 'viewer').get(`/agencies/${agencyId}/submissions?period=2028`).expect(200);
    expect(one.body).toMatchObject({ total: 1, next: null });
    expect(one.body.items[0].id).toBe(subs[2]);
  });

  it('evaluations: newest first, every one once by cursor, the same as the numbered pages', async () => {
    const walked = await walk(`/agencies/${agencyId}/evaluations`);
    expect(walked).toEqual({ ids: [...evals].reverse(), sizes: [2, 2, 1] });
    const second = await as(api.url, 'viewer').get(`/agencies/${agencyId}/evaluations?page=2&pageSize=2`).expect(200);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([evals[2], evals[1]]);
  });

  it('refuses a cursor it did not give with 400 invalidCursor naming after', async () => {
    for (const list of ['submissions', 'evaluations']) {
      const bad = Buffer.from('yesterday|nobody').toString('base64url');
      const res = await as(api.url, 'viewer').get(`/agencies/${agencyId}/${list}?after=${bad}`).expect(400);
      expect(res.body).toMatchObject({ code: 'invalidCursor', details: [{ field: 'after' }] });
      await as(api.url, 'viewer').get(`/agencies/${agencyId}/${list}?after=not*base64`).expect(400);
    }
  });
});
