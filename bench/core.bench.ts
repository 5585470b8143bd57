/**
 * `npm run bench [-- --json] [--agencies N] [--rounds R]`: the scoring core against raw json-rules-engine running
 * the same rules on one reused Engine, in one process, on the same generated agencies. Prints both rates (median
 * of R rounds), their ratio and peak RSS; with --json the last line is
 * {"coreEvalsPerSec":…,"rawEngineEvalsPerSec":…,"ratio":…}.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Engine } from 'json-rules-engine';
import { defaultDirs, Evaluator, loadStandard } from '../src/core/index.js';
import { FactChecker } from '../src/core/facts.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    agencies: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
  },
});
const n = Number(values.agencies);
const rounds = Number(values.rounds);

const standard = loadStandard(defaultDirs());
const evaluator = new Evaluator(standard);
const categories = evaluator.categories();
const generator = new FactsGenerator(standard.criteria.facts, seededRandom(42));
const agencies = Array.from({ length: n }, (_, i) => ({ category: categories[i % categories.length], facts: generator.next() }));

// The raw engine gets the facts exactly as the core hands them to json-rules-engine (derived facts added).
const checker = new FactChecker(standard.criteria.facts);
const prepared = agencies.map((a) => checker.prepare(a.facts));
const rawEngines = Object.fromEntries(
  categories.map((c) => [c, new Engine(evaluator.program(c).engineRules, { allowUndefinedFacts: true })]),
);

async function runCore(): Promise<number> {
  const start = process.hrtime.bigint();
  for (const a of agencies) await evaluator.evaluate(a.category, a.facts);
  return rate(start);
}

async function runRaw(): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await rawEngines[agencies[i].category].run(prepared[i]);
  return rate(start);
}

function rate(start: bigint): number {
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await runCore(); // warm-up: JIT and engine pools
await runRaw();
const core: number[] = [];
const raw: number[] = [];
for (let r = 0; r < rounds; r++) {
  core.push(await runCore());
  raw.push(await runRaw());
}
const coreRate = Math.round(median(core));
const rawRate = Math.round(median(raw));
const ratio = Math.round((coreRate / rawRate) * 1000) / 1000;
const rules = evaluator.program('comprehensive').rules.length;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(`${n} generated agencies × ${rounds} rounds, ${rules} rules per ruleset (comprehensive)`);
console.log(`core (check facts + json-rules-engine + aggregation + explanation): ${coreRate} evaluations/s  rounds ${core.map(Math.round).join(' ')}`);
console.log(`raw json-rules-engine, one reused Engine:                          ${rawRate} evaluations/s  rounds ${raw.map(Math.round).join(' ')}`);
console.log(`ratio core/raw: ${ratio}   peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
if (values.json) console.log(JSON.stringify({ coreEvalsPerSec: coreRate, rawEngineEvalsPerSec: rawRate, ratio }));
