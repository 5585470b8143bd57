/**
 * `npm run bench:impact [-- --agencies N]`: the committee deliberating on 100,000 stored agencies. Builds each
 * agency's stored rule outcomes under the active rules with the compiled engine (that is the core's rate), then times
 *   - a weights/bands change, re-graded from stored outcomes without deciding any rule again;
 *   - a condition change, which re-runs only the changed rules (compiled);
 * and ends with {"agencies":…,"buildMs":…,"rescoreMs":…,"regradeMs":…,"peakRssMiB":…,"rescoreEvalsPerSec":…,"corePerSec":…}.
 *
 * `-- --database`: the same agencies as rows of a SQLite file (migrated, seeded by direct SQL), and the impact job's
 * two passes on them as the job runs them (src/candidates): storing every outcome (impact_outcomes), then comparing
 * the weights/bands change page by page; then a second run, which finds the outcomes stored. Ends with
 * {"agencies":…,"database":"sqlite","storeMs":…,"compareMs":…,"againMs":…,"peakRssMiB":…,"seedPeakRssMiB":…}.
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ImpactOutcomesStore } from '../src/candidates/impact-outcomes.store.js';
import { ImpactBase } from '../src/committee/impact.js';
import { ImpactComparison } from '../src/committee/impact-comparison.js';
import { defaultDirs, Evaluator, hashFacts, loadStandard, type StandardDirs } from '../src/core/index.js';
import { Db } from '../src/database/db.service.js';
import { ENTITIES } from '../src/database/entities.js';
import { MIGRATIONS } from '../src/database/migrations.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';

const { values } = parseArgs({ options: { agencies: { type: 'string', default: '100000' }, database: { type: 'boolean', default: false } } });
const n = Number(values.agencies);
const dirs = defaultDirs();
const active = new Evaluator(loadStandard(dirs));
const categories = active.categories();

/** A candidate rules folder: a copy of the shipped one changed by `edit` (parsed base.json and platform.json). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed rule files, edited by hand below
type Json = any;

function candidate(edit: (base: Json, platform: Json) => void): Evaluator {
  const rulesDir = join(mkdtempSync(join(tmpdir(), 'sme-impact-')), 'rules');
  cpSync(dirs.rulesDir, rulesDir, { recursive: true });
  const read = (f: string) => JSON.parse(readFileSync(join(rulesDir, f), 'utf8'));
  const base = read('base.json');
  const platform = read('platform.json');
  edit(base, platform);
  writeFileSync(join(rulesDir, 'base.json'), JSON.stringify(base));
  writeFileSync(join(rulesDir, 'platform.json'), JSON.stringify(platform));
  const candidateDirs: StandardDirs = { rulesDir, criteriaDir: dirs.criteriaDir };
  return new Evaluator(loadStandard(candidateDirs));
}

const weightsAndBands = candidate((base, platform) => {
  base.grades.find((g: { id: string }) => g.id === 'fourStar').min = 85;
  base.grades.find((g: { id: string }) => g.id === 'threeStar').max = 85;
  Object.assign(platform.weights.nodes, { foundation: 0.1, sustainability: 0.3 });
});
const conditions = candidate((base) => {
  base.indicators.staffSize.rules.staff50.conditions.all[0].value = 40;
  base.indicators.clientVolume.rules[Object.keys(base.indicators.clientVolume.rules)[0]].conditions.all[0].value -= 1;
});

const generator = new FactsGenerator(active.ruleset('other').snapshot.facts, seededRandom(2026));
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
if (values.database) await inDatabase();
else await inMemory();

async function inMemory(): Promise<void> {
  const agencies = Array.from({ length: n }, (_, i) => ({ id: String(i), category: categories[i % categories.length], facts: generator.next() }));

  let t = performance.now();
  const base = await ImpactBase.build(active, agencies);
  const buildMs = performance.now() - t;
  const corePerSec = Math.round(n / (buildMs / 1000));

  t = performance.now();
  const regrade = await base.compare(weightsAndBands);
  const regradeMs = Math.round(performance.now() - t);

  t = performance.now();
  const rescore = await base.compare(conditions);
  const rescoreMs = performance.now() - t;
  const rescoreEvalsPerSec = Math.round(n / (rescoreMs / 1000));

  console.log(`${n} agencies: stored outcomes built at ${corePerSec} evaluations/s (the core, one thread) in ${Math.round(buildMs)} ms`);
  console.log(`weights/bands change (${regrade.categories.map((c) => c.mode).join('/')}): re-graded in ${regradeMs} ms`);
  console.log(`condition change (${rescore.categories.map((c) => c.mode).join('/')}): ${rescoreEvalsPerSec} agencies/s (${Math.round(rescoreMs)} ms)`);
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ agencies: n, buildMs: Math.round(buildMs), rescoreMs: Math.round(rescoreMs), regradeMs, peakRssMiB, rescoreEvalsPerSec, corePerSec }));
}

/** The impact job's passes on a SQLite file of `n` agencies, each with one submission. */
async function inDatabase(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sme-impact-db-'));
  const dataSource = new DataSource({ type: 'better-sqlite3', database: join(dir, 'impact.sqlite'), entities: ENTITIES, migrations: MIGRATIONS });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const at = new Date().toISOString();
  for (let i = 0; i < n; i += 500) {
    const agencies: unknown[][] = [];
    const submissions: unknown[][] = [];
    for (let k = i; k < Math.min(n, i + 500); k++) {
      const id = `agency-${String(k).padStart(8, '0')}`;
      const facts = generator.next();
      agencies.push([id, `机构 ${k}`, `B${String(k).padStart(17, '0')}`, 'bench', categories[k % categories.length], 'bench', 'bench', at]);
      submissions.push([`submission-${String(k).padStart(8, '0')}`, id, '2026', 1, JSON.stringify(facts), hashFacts(facts), 'bench', at]);
    }
    await dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO "agencies" ("id", "name", "credit_code", "region", "category", "class_path", "created_by", "created_at") VALUES ${agencies.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, agencies.flat());
      await m.query(`INSERT INTO "fact_submissions" ("id", "agency_id", "period", "version", "facts", "facts_hash", "submitted_by", "created_at") VALUES ${submissions.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, submissions.flat());
    });
  }
  const seedPeakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const store = new ImpactOutcomesStore(new Db(dataSource));
  /** The impact job's two passes (ImpactJobsService.run): outcomes stored where missing, then compared page by page. */
  const job = async () => {
    let t = performance.now();
    let written = 0;
    for await (const page of store.pages(active, false)) written += page.written;
    const storeMs = Math.round(performance.now() - t);
    t = performance.now();
    const comparison = new ImpactComparison(active, weightsAndBands);
    for await (const page of store.pages(active, true)) for (const o of page.outcomes) comparison.add(o.agency, o.matched, o.scores);
    const report = comparison.report();
    return { storeMs, compareMs: Math.round(performance.now() - t), written, agencies: report.agencies };
  };
  const first = await job();
  const again = await job();
  const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`${n} agencies in SQLite (seeded; peak RSS so far ${seedPeakRssMiB} MiB)`);
  console.log(`first run: ${first.written} outcomes scored and stored in ${first.storeMs} ms, weights/bands change compared in ${first.compareMs} ms`);
  console.log(`second run: ${again.written} stored (all found) in ${again.storeMs} ms, compared in ${again.compareMs} ms`);
  console.log(`peak RSS ${peakRssMiB} MiB`);
  await dataSource.destroy();
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ agencies: first.agencies, database: 'sqlite', storeMs: first.storeMs, compareMs: first.compareMs, againMs: again.storeMs + again.compareMs, peakRssMiB, seedPeakRssMiB }));
}
