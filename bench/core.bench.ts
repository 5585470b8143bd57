/**
 * `npm run bench [-- --json] [--agencies N] [--rounds R]`: the scoring core on its two engines, side by side in one
 * process on the same generated agencies: the compiled engine and the core on json-rules-engine, each giving the
 * compact result with its explanation (every counted rule's and gate's compared values, the missing evidence: what
 * evaluations store), and raw json-rules-engine running the same rules on one reused Engine; then the expansion of
 * those compact results to full results (labels, reasons, provenance), the stored size of the compact result, and
 * advice for every example agency (adviceSlowestMs: the median of 5 runs of the slowest agency). Rates are medians of R rounds; with --json the last line is
 * {"compiledEvalsPerSec":…,"jreEvalsPerSec":…,"compiledVsJre":…,"coreEvalsPerSec":…,"rawEngineEvalsPerSec":…,
 * "ratio":…,"expandPerSec":…,"storedResultBytes":…,"storedResultMaxBytes":…,"adviceSlowestMs":…,
 * "adviceSlowestAgency":…} (coreEvalsPerSec and ratio: the core on json-rules-engine, against raw
 * json-rules-engine, as before; storedResultBytes: the median JSON bytes of the compact results).
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Engine } from 'json-rules-engine';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDirs, Evaluator, loadStandard, repoRoot, type CompactResult } from '../src/core/index.js';
import { Advisor } from '../src/advice/advisor.js';
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
const evaluator = new Evaluator(standard, { engine: 'jre' });
const compiled = new Evaluator(standard, { engine: 'compiled' });
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
  for (const a of agencies) await evaluator.evaluateCompact(a.category, a.facts);
  return rate(start);
}

async function runCompiled(): Promise<number> {
  const start = process.hrtime.bigint();
  for (const a of agencies) await compiled.evaluateCompact(a.category, a.facts);
  return rate(start);
}

// The compact results (as stored: JSON text parsed back) to expand; their sizes. One at a time, as a server makes
// them: results all held at once (Promise.all) make V8 allocate the scoring's objects in the old generation from
// then on (allocation-site pretenuring), which slowed every later evaluation in this process about threefold.
const stored: string[] = [];
for (const a of agencies) stored.push(JSON.stringify(await compiled.evaluateCompact(a.category, a.facts)));
const storedBytes = stored.map((s) => Buffer.byteLength(s)).sort((a, b) => a - b);
const compacts = stored.map((s) => JSON.parse(s) as CompactResult);

function runExpand(): number {
  const start = process.hrtime.bigint();
  for (const c of compacts) compiled.expand(c);
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

await runCompiled(); // warm-up: JIT and engine pools
await runCore();
await runRaw();
runExpand();
const comp: number[] = [];
const exp: number[] = [];
const core: number[] = [];
const raw: number[] = [];
for (let r = 0; r < rounds; r++) {
  comp.push(await runCompiled());
  core.push(await runCore());
  raw.push(await runRaw());
  exp.push(runExpand());
}
const expandPerSec = Math.round(median(exp));
const storedResultBytes = median(storedBytes);
const storedResultMaxBytes = storedBytes[storedBytes.length - 1];
const compiledRate = Math.round(median(comp));
const coreRate = Math.round(median(core));
const rawRate = Math.round(median(raw));
const ratio = Math.round((coreRate / rawRate) * 1000) / 1000;
const compiledVsJre = Math.round((compiledRate / coreRate) * 10) / 10;

// Advice for each example agency (the report page's slowest part): the median of 5 runs each, after three warm-up
// passes over every example (so that no example is timed while the JIT is still compiling the advice's code: since an
// advice does a quarter of the work it did, one pass left the first example timed at up to 35 ms against 3-6 ms warm,
// as a server answering report pages is); the slowest agency's median is reported. (The slowest single run measured this shared machine's load and the
// garbage collection of the engine runs above more than the advice: one run in 55 took up to 40 times the median.)
const advisor = new Advisor(standard, compiled);
const examplesDir = join(repoRoot(), 'test', 'examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ name: file.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as { agency: { category: string }; submission: { facts: Record<string, unknown> } }) }));
for (let pass = 0; pass < 3; pass++) for (const example of examples) await advisor.advise(example.agency.category, example.submission.facts);
let adviceSlowestMs = 0;
let adviceSlowestAgency = '';
for (const example of examples) {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    await advisor.advise(example.agency.category, example.submission.facts);
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const ms = median(runs);
  if (ms > adviceSlowestMs) [adviceSlowestMs, adviceSlowestAgency] = [ms, example.name];
}
adviceSlowestMs = Math.round(adviceSlowestMs * 10) / 10;
const rules = evaluator.program('comprehensive').rules.length;
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
console.log(`${n} generated agencies × ${rounds} rounds, ${rules} rules per ruleset (comprehensive)`);
console.log(`compiled engine (check facts + closures + scores + explanation, compact): ${compiledRate} evaluations/s  rounds ${comp.map(Math.round).join(' ')}`);
console.log(`core on json-rules-engine (check facts + jre + scores + explanation, compact): ${coreRate} evaluations/s  rounds ${core.map(Math.round).join(' ')}`);
console.log(`raw json-rules-engine, one reused Engine:                          ${rawRate} evaluations/s  rounds ${raw.map(Math.round).join(' ')}`);
console.log(`expanding compact results to full results:                      ${expandPerSec} results/s  rounds ${exp.map(Math.round).join(' ')}`);
console.log(`stored compact result: median ${storedResultBytes} bytes, max ${storedResultMaxBytes} bytes (JSON)`);
console.log(`compiled/jre: ${compiledVsJre}   core on jre/raw: ${ratio}   peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
console.log(`advice, slowest example agency: ${adviceSlowestMs} ms (${adviceSlowestAgency})`);
if (values.json) {
  console.log(
    JSON.stringify({ compiledEvalsPerSec: compiledRate, jreEvalsPerSec: coreRate, compiledVsJre, coreEvalsPerSec: coreRate, rawEngineEvalsPerSec: rawRate, ratio, expandPerSec, storedResultBytes, storedResultMaxBytes, adviceSlowestMs, adviceSlowestAgency }),
  );
}
