import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { captureErrorLogs } from '../../test/support/logs.js';
import { SqliteQueue } from './sqlite-queue.js';

describe('SqliteQueue', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sme-queue-'));
  const ds = new DataSource({ type: 'better-sqlite3', database: join(dir, 'q.sqlite'), enableWAL: true });
  let queue: SqliteQueue;
  beforeAll(async () => {
    await ds.initialize();
    await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    queue = new SqliteQueue(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs 300 concurrent writes; a failing one is undone alone and only it rejects', async () => {
    const jobs = Array.from({ length: 300 }, (_, i) =>
      queue.write(async (m) => {
        await m.query('INSERT INTO t (id, v) VALUES (?, ?)', [i, `row ${i}`]);
        if (i % 50 === 7) throw new Error(`job ${i} fails after writing`);
        return i;
      }),
    );
    const settled = await Promise.allSettled(jobs);
    const rejected = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []));
    expect(rejected).toEqual([7, 57, 107, 157, 207, 257]);
    const rows: { id: number }[] = await queue.read((m) => m.query('SELECT id FROM t ORDER BY id'));
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 50 !== 7));
  });

  it('rejects every job of a batch whose commit fails, and keeps none of its rows', async () => {
    await ds.query('CREATE TABLE c (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t(id) DEFERRABLE INITIALLY DEFERRED)');
    const errors = captureErrorLogs();
    let outcomes: PromiseSettledResult<unknown>[];
    try {
      const ok = queue.write((m) => m.query('INSERT INTO c (id, parent) VALUES (1, 0)'));
      const bad = queue.write((m) => m.query('INSERT INTO c (id, parent) VALUES (2, 99999)'));
      outcomes = await Promise.allSettled([ok, bad]);
    } finally {
      errors.restore();
    }
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes.map((o) => String((o as PromiseRejectedResult).reason))).toEqual([expect.stringContaining('FOREIGN KEY constraint failed'), expect.stringContaining('FOREIGN KEY constraint failed')]);
    // The failed commit is logged once for the batch, with its size.
    expect(errors.lines).toEqual([expect.stringMatching(/^\[SqliteQueue\] \{"jobs":2\} .*FOREIGN KEY constraint failed/)]);
    expect(await queue.read((m) => m.query('SELECT COUNT(*) AS n FROM c'))).toEqual([{ n: 0 }]);
  });
});
