import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Db } from '../../src/database/db.service.js';
import type { Job } from '../../src/jobs/job.entity.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { captureErrorLogs } from '../support/logs.js';
import { startApi, type DbKind, type RunningApi } from './support.js';

async function settled(jobs: JobsService, id: string): Promise<Job> {
  for (let i = 0; i < 300; i++) {
    const job = (await jobs.get(id))!;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} not settled`);
}

/** The job system's interface, with handlers defined by the test (JOB_CONCURRENCY=1). */
describe.each<DbKind>(['sqlite', 'postgres'])('jobs on %s', (kind) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi(kind, { JOB_CONCURRENCY: '1' });
  });
  afterAll(async () => api?.close());

  it('runs one job at a time, survives a failed progress write, and records results and failures', async () => {
    const jobs = api.app.get(JobsService);
    const db = api.app.get(Db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    jobs.define<{ n: string }, { n: string }>('probe', async (ctx) => {
      started.push(ctx.payload.n);
      if (ctx.payload.n === 'a') {
        const spy = jest.spyOn(db, 'write').mockRejectedValueOnce(new Error('disk full'));
        await ctx.progress(1, 2);
        spy.mockRestore();
        await gate;
        await ctx.progress(2, 2);
      }
      return { n: ctx.payload.n };
    });
    jobs.define('broken', async () => {
      throw new Error('boom');
    });
    const a = await jobs.enqueue('probe', { n: 'a' }, { createdBy: 'test' });
    const b = await jobs.enqueue('probe', { n: 'b' }, { createdBy: 'test' });
    for (let i = 0; i < 200 && started.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    // a holds the only slot: b waits in the queue.
    expect(started).toEqual(['a']);
    expect((await jobs.get(b.id))!.status).toBe('queued');
    expect((await jobs.get(a.id))!.status).toBe('running');
    release();
    expect(await settled(jobs, a.id)).toMatchObject({ status: 'done', result: { n: 'a' }, done: 2, total: 2, attempts: 1, owner: null });
    expect(await settled(jobs, b.id)).toMatchObject({ status: 'done', result: { n: 'b' } });
    expect(started).toEqual(['a', 'b']);
    const errors = captureErrorLogs();
    try {
      const c = await jobs.enqueue('broken', {}, { createdBy: 'test' });
      expect(await settled(jobs, c.id)).toMatchObject({ status: 'failed', result: null, error: { statusCode: 500, code: 'internalError' } });
      expect(errors.lines).toEqual([expect.stringContaining(`job broken ${c.id} failed: boom`)]);
    } finally {
      errors.restore();
    }
  });
});
