import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { defaultDirs } from '../core/index.js';
import { captureErrorLogs } from '../../test/support/logs.js';
import { EvaluationPool } from './evaluation-pool.js';

/** The compiled worker from dist/ (run `npx tsc -p tsconfig.build.json` first). */
describe('EvaluationPool.ready', () => {
  it('resolves with the hashes every thread loaded', async () => {
    const pool = new EvaluationPool(defaultDirs(), 2);
    try {
      const hashes = await pool.ready();
      expect(hashes).toHaveLength(2);
      expect(Object.keys(hashes[0]).length).toBeGreaterThan(0);
      expect(hashes[1]).toEqual(hashes[0]);
    } finally {
      await pool.close();
    }
  });

  it('rejects with the thread\'s reason when it cannot load the rules, instead of waiting forever', async () => {
    const errors = captureErrorLogs();
    const pool = new EvaluationPool({ ...defaultDirs(), rulesDir: join(tmpdir(), 'no-such-rules-folder') }, 1);
    try {
      await expect(pool.ready()).rejects.toThrow(/evaluation thread (could not load the rules|failed): .*has no rule file/);
    } finally {
      errors.restore();
      await pool.close();
    }
  });
});
