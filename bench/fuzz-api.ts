/**
 * `npm run fuzz:api [-- --requests N] [--seed S] [--database sqlite|postgres]`: the contract driver
 * (bench/api-contract.ts) on the real app, in this process, on a fresh SQLite file (or, with `--database postgres`,
 * on DATABASE_URL), through fastify's request injection: every request goes through the same routing, parsing, hooks,
 * guards, pipes and filters as one over a socket. Prints the first mismatches, then a JSON last line
 * {"requests":…,"valid":…,"mutated":…,"serverErrors":…,"mismatches":…,"seconds":…}; exits 1 on any mismatch or 5xx.
 * Progress goes to stderr every 1,000 requests. A signal ends the process (the app's shutdown hooks close it and
 * re-raise the signal), so a run stopped early is reported by its last progress line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { ContractDriver, type ContractReport, type Send } from './api-contract.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    database: { type: 'string', default: 'sqlite' },
  },
});
const KEYS = { admin: 'fuzz-admin-key-0001', assessor: 'fuzz-assessor-key-0001', viewer: 'fuzz-viewer-key-0001' };

const dir = mkdtempSync(join(tmpdir(), 'sme-fuzz-'));
const database = values.database === 'postgres' ? { DATABASE_URL: process.env.DATABASE_URL ?? '' } : { SQLITE_PATH: join(dir, 'fuzz.sqlite') };
const app = await createApp(
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    RULES_WATCH: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000', // on, so that its 429 is documented, but never reached by one client
    API_KEYS: `fuzz-admin:admin:${KEYS.admin},fuzz-assessor:assessor:${KEYS.assessor},fuzz-viewer:viewer:${KEYS.viewer}`,
    ...database,
  }),
);
try {
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const send: Send = async (r) => {
    const res = await fastify.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, payload: r.payload });
    return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.rawPayload };
  };
  const doc = JSON.parse((await send({ method: 'GET', url: '/docs-json', headers: {} })).body.toString('utf8'));
  const started = process.hrtime.bigint();
  const onProgress = (r: ContractReport) =>
    console.error(`${new Date().toISOString()} ${r.requests} requests, ${r.serverErrors} × 5xx, ${r.mismatches} mismatches, ${Math.round(Number(process.hrtime.bigint() - started) / 1e9)} s`);
  const driver = new ContractDriver(doc, send, { seed: Number(values.seed), keys: KEYS, onProgress });
  const report = await driver.run(Number(values.requests));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const m of report.firstMismatches) console.log(JSON.stringify(m));
  for (const [op, s] of Object.entries(report.operations)) console.log(`${op.padEnd(55)} ${String(s.requests).padStart(6)} requests ${String(s.success).padStart(6)} × 2xx ${String(Math.round(s.ms / s.requests)).padStart(6)} ms each`);
  const { requests, valid, mutated, byClass, serverErrors, mismatches } = report;
  console.log(JSON.stringify({ requests, valid, mutated, byClass, serverErrors, mismatches, operations: Object.keys(report.operations).length, seed: Number(values.seed), seconds: Math.round(seconds) }));
  process.exitCode = mismatches > 0 || serverErrors > 0 ? 1 : 0;
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
