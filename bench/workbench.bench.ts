/**
 * `npm run bench:workbench [-- --agencies N --runs R]`: the workbench's live impact panel over N stored agencies
 * (default 10,000). Starts the real server (a child process, as `npm start` runs it) on a fresh SQLite file, stores
 * N agencies with one generated submission each (written straight into the database), lets the server build its
 * stored outcomes once (what opening the page starts), then times `POST /workbench/check` — what the page sends 200 ms
 * after each edit — for three kinds of edit, R runs each, every run a different draft:
 *   - a weight (two top-level weights of a category file, their sum kept at 1): re-graded from stored outcomes;
 *   - a grade band (four stars from a moving minimum): re-graded;
 *   - a tier threshold (a staff-size condition): only the changed rules re-run.
 * Each figure is the median round trip seen by the client, with the server's own validate and impact times. The last
 * line is JSON {"agencies":…,"weightEditMs":…,"bandEditMs":…,"thresholdEditMs":…,"validateMs":…,"buildMs":…}.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { defaultDirs, loadStandard } from '../src/core/index.js';
import { Agency } from '../src/agencies/agency.entity.js';
import { databaseOptions } from '../src/database/database.options.js';
import { FactSubmission } from '../src/submissions/fact-submission.entity.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { classOptions } from '../src/pages/standard-view.js';
import { freePort, waitReady } from './server.js';

const { values } = parseArgs({ options: { agencies: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' } } });
const n = Number(values.agencies);
const runs = Number(values.runs);
const KEY = 'bench-admin-key-00001';
const dirs = defaultDirs();
const standard = loadStandard(dirs);
const rules = (name: string) => JSON.parse(readFileSync(join(dirs.rulesDir, name), 'utf8')) as Record<string, never>;

/** N agencies (categories in turn, a Table 1 class of each) with one submission each, inserted in batches. */
async function seed(path: string): Promise<void> {
  const ds = new DataSource(databaseOptions({ type: 'sqlite', path }));
  await ds.initialize();
  const categories = Object.keys(standard.rulesets);
  const classes = new Map(categories.map((c) => [c, classOptions(standard.criteria.classification).find((o) => o.category === c)!.path.join('/')]));
  const generator = new FactsGenerator(standard.criteria.facts, seededRandom(2027));
  const now = new Date().toISOString();
  for (let start = 0; start < n; start += 500) {
    const agencies: Agency[] = [];
    const submissions: FactSubmission[] = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const id = randomUUID();
      const category = categories[i % categories.length];
      agencies.push({ id, name: `bench agency ${i}`, creditCode: `B${String(i).padStart(17, '0')}`, region: '江苏省苏州市', category, classPath: classes.get(category)!, createdBy: 'bench', createdAt: now });
      submissions.push({ id: randomUUID(), agencyId: id, period: '2026', version: 1, facts: generator.next(), factsHash: String(i), evidence: null, submittedBy: 'bench', createdAt: now, evaluatedAt: null });
    }
    await ds.transaction(async (m) => {
      await m.createQueryBuilder().insert().into(Agency).values(agencies).execute();
      await m.createQueryBuilder().insert().into(FactSubmission).values(submissions as QueryDeepPartialEntity<FactSubmission>[]).execute();
    });
  }
  await ds.destroy();
}

interface Check {
  valid: boolean;
  timings: { validateMs: number; impactMs: number; totalMs: number };
  impact: { agencies: number; categories: { mode: string }[] } | null;
}

async function check(url: string, files: Record<string, string>): Promise<{ ms: number; answer: Check }> {
  const started = performance.now();
  const res = await fetch(`${url}/workbench/check`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ files }) });
  const answer = (await res.json()) as Check;
  const ms = performance.now() - started;
  if (!res.ok || !answer.valid) throw new Error(`check failed: ${res.status} ${JSON.stringify(answer).slice(0, 500)}`);
  return { ms, answer };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The drafts of run `i` of each kind (each different, so no answer is reused). */
function drafts(i: number): Record<string, Record<string, string>> {
  const base = rules('base.json') as unknown as { grades: { id: string; min: number; max: number }[]; indicators: Record<string, { rules: Record<string, { conditions: { all: { value: number }[] } }> }> };
  const category = Object.keys(standard.rulesets)[0];
  const file = rules(`${category}.json`) as unknown as { weights?: { nodes?: Record<string, number> } };
  const top = standard.criteria.indicators.nodes.map((x) => x.id);
  const weights = { ...(standard.rulesets[category].ruleset.weights.nodes as Record<string, number>) };
  const shift = 0.01 * (i + 1);
  weights[top[0]] = Math.round((weights[top[0]] + shift) * 1e6) / 1e6;
  weights[top[1]] = Math.round((weights[top[1]] - shift) * 1e6) / 1e6;
  file.weights = { ...(file.weights ?? {}), nodes: { ...(file.weights?.nodes ?? {}), [top[0]]: weights[top[0]], [top[1]]: weights[top[1]] } };
  const bands = structuredClone(base);
  const four = bands.grades.findIndex((g) => g.id === 'fourStar');
  const below = bands.grades.findIndex((g) => g.max === bands.grades[four].min);
  bands.grades[four].min += i + 1;
  bands.grades[below].max = bands.grades[four].min;
  const threshold = structuredClone(base);
  const leaf = Object.values(threshold.indicators).find((x) => Object.values(x.rules).some((r) => typeof r.conditions.all?.[0]?.value === 'number'))!;
  const rule = Object.values(leaf.rules).find((r) => typeof r.conditions.all?.[0]?.value === 'number')!;
  rule.conditions.all[0].value -= i + 1;
  return {
    weight: { [`${category}.json`]: JSON.stringify(file, null, 2) },
    band: { 'base.json': JSON.stringify(bands, null, 2) },
    threshold: { 'base.json': JSON.stringify(threshold, null, 2) },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sme-bench-wb-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const sqlite = join(dir, 'bench.sqlite');
const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'src', 'main.js')], {
  env: { ...process.env, PORT: String(port), SQLITE_PATH: sqlite, API_KEYS: `bench:admin:${KEY}`, LOG_LEVEL: 'warn', RULES_WATCH: 'false' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  await waitReady(url, 30);
  let t = performance.now();
  await seed(sqlite);
  console.log(`${n} agencies and submissions stored in ${Math.round(performance.now() - t)} ms`);
  t = performance.now();
  const first = await check(url, {});
  const buildMs = Math.round(performance.now() - t);
  console.log(`stored outcomes built (the page's first check) in ${buildMs} ms over ${first.answer.impact?.agencies} agencies`);
  const times: Record<string, number[]> = { weight: [], band: [], threshold: [] };
  const validate: number[] = [];
  const modes: Record<string, string> = {};
  for (let i = 0; i < runs; i++) {
    for (const [kind, files] of Object.entries(drafts(i))) {
      const { ms, answer } = await check(url, files);
      times[kind].push(ms);
      validate.push(answer.timings.validateMs);
      modes[kind] = [...new Set(answer.impact!.categories.map((c) => c.mode))].join('/');
      console.log(`  ${kind.padEnd(9)} run ${i + 1}: ${Math.round(ms)} ms round trip (server: validate ${answer.timings.validateMs} ms, impact ${answer.timings.impactMs} ms; ${modes[kind]})`);
    }
  }
  const out = {
    agencies: n,
    weightEditMs: Math.round(median(times.weight)),
    bandEditMs: Math.round(median(times.band)),
    thresholdEditMs: Math.round(median(times.threshold)),
    validateMs: Math.round(median(validate)),
    buildMs,
  };
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; medians of ${runs} runs`);
  console.log(JSON.stringify(out));
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
