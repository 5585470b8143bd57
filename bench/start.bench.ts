/**
 * `npm run bench:start [-- --runs N]`: how long `npm start` takes to serve, measured as a user sees it: from
 * spawning `npm start` to the first 200 from GET /health/ready (database open and migrated, rulesets loaded,
 * evaluation thread up). Each run starts on a fresh SQLite file (so the migrations run too), then once more on the
 * file the previous run left. The last line is JSON {"freshMedianMs":…,"existingMedianMs":…,"runsMs":[…]}.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../src/core/index.js';
import { freePort } from './server.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

/** Milliseconds from spawning `npm start` to a 200 from /health/ready; the server is stopped afterwards. */
async function timeStart(sqlitePath: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot(),
    env: { ...process.env, SQLITE_PATH: sqlitePath, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true, // its own process group: npm, sh and node stop together
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const fresh: number[] = [];
const existing: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'sme-start-'));
  try {
    fresh.push(await timeStart(join(dir, 'db.sqlite')));
    existing.push(await timeStart(join(dir, 'db.sqlite')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`run ${i + 1}: fresh database ${fresh[i].toFixed(0)} ms, existing database ${existing[i].toFixed(0)} ms`);
}
console.log(JSON.stringify({ freshMedianMs: Math.round(median(fresh)), existingMedianMs: Math.round(median(existing)), runsMs: fresh.map((f, i) => [Math.round(f), Math.round(existing[i])]) }));
