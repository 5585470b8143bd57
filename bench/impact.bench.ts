/**
 * `npm run bench:impact [-- --agencies N]`: the committee deliberating on 100,000 stored agencies. Builds each
 * agency's stored rule outcomes under the active rules with the compiled engine (that is the core's rate), then times
 *   - a weights/bands change, re-graded from stored outcomes without deciding any rule again;
 *   - a condition change, which re-runs only the changed rules (compiled);
 * and ends with {"agencies":…,"buildMs":…,"rescoreMs":…,"regradeMs":…,"peakRssMiB":…,"rescoreEvalsPerSec":…,"corePerSec":…}.
 */
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDirs, Evaluator, loadStandard, type StandardDirs } from '../src/core/index.js';
import { ImpactBase } from '../src/committee/impact.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';

const { values } = parseArgs({ options: { agencies: { type: 'string', default: '100000' } } });
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

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(`${n} agencies: stored outcomes built at ${corePerSec} evaluations/s (the core, one thread) in ${Math.round(buildMs)} ms`);
console.log(`weights/bands change (${regrade.categories.map((c) => c.mode).join('/')}): re-graded in ${regradeMs} ms`);
console.log(`condition change (${rescore.categories.map((c) => c.mode).join('/')}): ${rescoreEvalsPerSec} agencies/s (${Math.round(rescoreMs)} ms)`);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ agencies: n, buildMs: Math.round(buildMs), rescoreMs: Math.round(rescoreMs), regradeMs, peakRssMiB, rescoreEvalsPerSec, corePerSec }));
