/**
 * `npm run bench:export [-- --evaluations N]`: the real server (a child process, as `npm start` runs it) on a fresh
 * SQLite file holding N evaluations (2,001 by default, the size issue 11 measured the XLSX export at), each stored
 * through the API (an agency, its submission, its evaluation), and the exports of all of them:
 *   - xlsxMs: GET /spreadsheets/evaluations.xlsx read to its end (streamed: sheet after sheet from keyset pages),
 *     after a download of the template has loaded exceljs (a one-off of each process's first spreadsheet);
 *   - healthP99Ms: GET /health/ready pinged every 20 ms during that download, its p99 (and the longest ping);
 *   - xlsxJobMs: POST /exports {format: "xlsx"} until its job is done, then its file downloaded;
 *   - csvMs: GET /spreadsheets/evaluations.csv read to its end;
 *   - rssMiB: the server's resident memory before and at its highest during the XLSX download (sampled every 20 ms).
 * The last line is JSON {"evaluations":…,"xlsxMs":…,"healthP99Ms":…,"healthMaxMs":…,"xlsxJobMs":…,"csvMs":…,"rssBeforeMiB":…,"rssPeakMiB":…}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { creditCodeCheckChar } from '../src/agencies/credit-code.js';
import { defaultDirs, loadStandard } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { firstClassPaths, freePort, waitReady } from './server.js';

const { values } = parseArgs({ options: { evaluations: { type: 'string', default: '2001' }, 'log-level': { type: 'string', default: 'warn' } } });
const total = Number(values.evaluations);
const KEY = 'bench-admin-key-000001';

const standard = loadStandard(defaultDirs());
const categories = Object.keys(standard.rulesets);
const CLASS_PATHS = firstClassPaths(standard.criteria.classification);
const generator = new FactsGenerator(standard.criteria.facts, seededRandom(2028));
const dir = mkdtempSync(join(tmpdir(), 'sme-export-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  ...process.env,
  PORT: String(port),
  SQLITE_PATH: join(dir, 'export.sqlite'),
  API_KEYS: `bench:admin:${KEY}`,
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: values['log-level'] ?? 'warn',
};
delete env.DATABASE_URL;

async function call(method: string, path: string, body?: unknown): Promise<{ id: string; status?: string }> {
  const res = await fetch(url + path, { method, headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; status?: string };
}

/** Reads a download to its end; answers its size. */
async function download(path: string): Promise<number> {
  const res = await fetch(url + path, { headers: { 'x-api-key': KEY } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body!) bytes += chunk.length;
  return bytes;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10) / 10;
}

/** The server process's resident memory in MiB (Linux). */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

const server: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
try {
  await waitReady(url, 60);
  const t = performance.now();
  for (let i = 0; i < total; i++) {
    const category = categories[i % categories.length];
    const first17 = `913205${String(900000000 + i).padStart(9, '0')}MA`;
    const agency = await call('POST', '/agencies', { name: `导出机构 ${i}`, creditCode: first17 + creditCodeCheckChar(first17)!, region: '江苏省', category, classPath: CLASS_PATHS[category] });
    const submission = await call('POST', `/agencies/${agency.id}/submissions`, { period: '2026', facts: generator.next() });
    await call('POST', '/evaluations', { submissionId: submission.id });
  }
  console.log(`seeded ${total} evaluations through the API in ${Math.round(performance.now() - t)} ms`);

  // exceljs is loaded on first use (the slowest module of all): loaded here, so the figures are those of an export
  await download('/spreadsheets/template.xlsx');
  const health: number[] = [];
  const rss: number[] = [];
  const rssBeforeMiB = rssMiB(server.pid!);
  let exporting = true;
  const pinger = (async () => {
    while (exporting) {
      const started = performance.now();
      const res = await fetch(`${url}/health/ready`);
      await res.arrayBuffer();
      health.push(performance.now() - started);
      rss.push(rssMiB(server.pid!));
      await new Promise((r) => setTimeout(r, Math.max(0, 20 - (performance.now() - started))));
    }
  })();
  let started = performance.now();
  const xlsxBytes = await download('/spreadsheets/evaluations.xlsx');
  const xlsxMs = Math.round(performance.now() - started);
  exporting = false;
  await pinger;
  console.log(`xlsx: ${xlsxMs} ms, ${Math.round(xlsxBytes / 1024)} KiB; health during it: p50 ${percentile(health, 50)} ms, p99 ${percentile(health, 99)} ms, max ${percentile(health, 100)} ms over ${health.length} pings; server RSS ${rssBeforeMiB} → at most ${Math.max(...rss)} MiB`);

  started = performance.now();
  const job = await call('POST', '/exports', { format: 'xlsx' });
  for (let state = job; state.status !== 'done'; state = await call('GET', `/export-jobs/${job.id}`)) {
    if (state.status === 'failed') throw new Error(`export job failed: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const jobBytes = await download(`/export-jobs/${job.id}/file`);
  const xlsxJobMs = Math.round(performance.now() - started);
  console.log(`xlsx export job: ${xlsxJobMs} ms until done and downloaded, ${Math.round(jobBytes / 1024)} KiB`);

  started = performance.now();
  const csvBytes = await download('/spreadsheets/evaluations.csv');
  const csvMs = Math.round(performance.now() - started);
  console.log(`csv: ${csvMs} ms, ${Math.round(csvBytes / 1024)} KiB`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(
    JSON.stringify({
      evaluations: total,
      xlsxMs,
      healthP99Ms: percentile(health, 99),
      healthMaxMs: percentile(health, 100),
      xlsxJobMs,
      csvMs,
      rssBeforeMiB,
      rssPeakMiB: Math.max(...rss),
    }),
  );
} finally {
  await new Promise<void>((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
  rmSync(dir, { recursive: true, force: true });
}
