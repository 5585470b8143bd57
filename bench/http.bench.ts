/**
 * `npm run bench:http [-- --seconds S] [--connections C] [--workers W]`: the real server on a fresh SQLite file
 * (a child process, as `npm start` runs it), driven by autocannon through HTTP:
 *   - preview: POST /evaluations/preview with inline facts (nothing stored);
 *   - persisted: POST /evaluations on stored submissions, each evaluated and stored once;
 * beside the core's in-process rate (Evaluator.evaluate in a loop) measured in the same run on the same facts, and
 * the stack's limit: bench/stack-limit.server.ts, a bare fastify route in a child process that checks the key,
 * parses the same body and inserts the same row into better-sqlite3, driven the same way.
 * The last line is JSON {"previewPerSec":…,"persistedPerSec":…,"corePerSec":…,"p99Ms":…,"stackLimitPerSec":…,
 * "persistedVsStack":…,"connections":…} (p99 of persisted).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDirs, Evaluator, loadStandard } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { CREDIT_CODES, firstClassPaths, freePort, postJson, waitReady } from './server.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    workers: { type: 'string', default: '' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const KEY = 'bench-assessor-key-0001';

const standard = loadStandard(defaultDirs());
const categories = Object.keys(standard.rulesets);
const generator = new FactsGenerator(standard.criteria.facts, seededRandom(2024));
const samples = Array.from({ length: 2000 }, (_, i) => ({ category: categories[i % categories.length], facts: generator.next() }));

async function coreRate(): Promise<number> {
  const evaluator = new Evaluator(standard);
  for (const s of samples) await evaluator.evaluate(s.category, s.facts); // warm-up
  const rounds: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint();
    for (const s of samples) await evaluator.evaluate(s.category, s.facts);
    rounds.push(samples.length / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return rounds.sort((a, b) => a - b)[1];
}

/** A POST with the benchmark's key. */
const post = (url: string, path: string, body: unknown) => postJson(url, KEY, path, body);

/** Stores `n` submissions (the persisted run evaluates each exactly once). */
async function seed(url: string, n: number): Promise<string[]> {
  const agencies: Record<string, string> = {};
  const paths = firstClassPaths(standard.criteria.classification);
  for (const [i, c] of categories.entries()) {
    agencies[c] = (await post(url, '/agencies', { name: `bench ${c}`, creditCode: CREDIT_CODES[i], region: '江苏省', category: c, classPath: paths[c] })).id;
  }
  const ids: string[] = new Array(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const s = samples[i % samples.length];
      // Periods from 2026 on: the shipped edition takes effect on 2026-01-01, and an earlier period is refused.
      const period = `${2026 + (Math.floor(i / 12) % 100)}-${String((i % 12) + 1).padStart(2, '0')}`;
      ids[i] = (await post(url, `/agencies/${agencies[s.category]}/submissions`, { period, facts: s.facts })).id;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return ids;
}

interface Run {
  perSec: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
}

async function load(url: string, path: string, bodies: string[], opts: { amount?: number; duration?: number }): Promise<Run> {
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    ...opts,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
      },
    ],
  });
  const seconds = result.duration;
  return {
    perSec: Math.round(result['2xx'] / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    errors: result.non2xx + result.errors,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sme-bench-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  ...process.env,
  PORT: String(port),
  SQLITE_PATH: join(dir, 'bench.sqlite'),
  API_KEYS: `bench:assessor:${KEY}`, RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: values['log-level'] ?? 'warn',
};
delete env.DATABASE_URL;
if (values.workers) env.EVAL_THREADS = values.workers;
const server = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });

/** The same persisted load against the bare stack (key check, body parse, the same row into better-sqlite3). */
async function stackLimit(ids: string[]): Promise<Run> {
  const stackPort = await freePort();
  const stackEnv = { ...process.env, PORT: String(stackPort), SQLITE_PATH: join(dir, 'stack.sqlite'), KEY };
  const stack = spawn(process.execPath, ['dist/bench/stack-limit.server.js'], { env: stackEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      stack.stdout.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
      stack.on('exit', (code) => reject(new Error(`stack-limit server exited (${code})`)));
    });
    const bodies = ids.map((submissionId) => JSON.stringify({ submissionId }));
    const stackUrl = `http://127.0.0.1:${stackPort}`;
    await load(stackUrl, '/evaluations', bodies, { duration: 2 }); // warm-up
    return await load(stackUrl, '/evaluations', bodies, { amount: ids.length });
  } finally {
    stack.kill('SIGTERM');
  }
}

try {
  await waitReady(url, 20);
  const core = Math.round(await coreRate());
  const previewBodies = samples.map((s) => JSON.stringify(s));
  await load(url, '/evaluations/preview', previewBodies, { duration: 2 }); // warm-up
  const preview = await load(url, '/evaluations/preview', previewBodies, { duration: seconds });
  const n = Math.max(2000, Math.round(core * seconds * 1.2));
  const ids = await seed(url, n);
  const persisted = await load(url, '/evaluations', ids.map((submissionId) => JSON.stringify({ submissionId })), { amount: n });
  server.kill('SIGTERM'); // the stack limit gets the machine to itself, as the server had
  const stack = await stackLimit(ids);
  const persistedVsStack = Math.round((persisted.perSec / stack.perSec) * 100) / 100;
  const line = (name: string, r: Run) =>
    `${name.padEnd(10)} ${String(r.perSec).padStart(6)} evaluations/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.ok} ok, ${r.errors} errors)`;
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${connections} connections; server EVAL_THREADS=${env.EVAL_THREADS ?? 'default'}, LOG_LEVEL=${env.LOG_LEVEL}`);
  console.log(`core       ${String(core).padStart(6)} evaluations/s  (Evaluator.evaluate in a loop, this process, one core)`);
  console.log(line('preview', preview));
  console.log(line('persisted', persisted) + `  ${n} submissions, each evaluated and stored once`);
  console.log(line('stack', stack) + '  bare fastify: key check, body parse, the same row into better-sqlite3');
  console.log(`persisted / core: ${(persisted.perSec / core).toFixed(2)}   preview / core: ${(preview.perSec / core).toFixed(2)}   persisted / stack: ${persistedVsStack}`);
  console.log(
    JSON.stringify({ previewPerSec: preview.perSec, persistedPerSec: persisted.perSec, corePerSec: core, p99Ms: persisted.p99, stackLimitPerSec: stack.perSec, persistedVsStack, connections }),
  );
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
