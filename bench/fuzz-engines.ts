/**
 * `npm run fuzz:engines -- --cases N --seed S`: the compiled engine against json-rules-engine on N generated cases
 * (see bench/engine-diff.ts). Prints each difference found (at most 10) and, last, one JSON line
 * {"cases":…,"seed":…,"differences":…,…,"interrupted":…}; exits 1 when any case differs. Stopped with SIGINT or
 * SIGTERM, it finishes the current group of cases and prints that line for the cases compared so far.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { fuzzEngines, type Difference } from './engine-diff.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz:engines -- --cases N --seed S (whole numbers, N ≥ 1)');
  process.exit(2);
}

const start = Date.now();
console.error(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${cases} cases, seed ${seed}`);
// SIGINT / SIGTERM end the run after the current group of cases; the last line then counts what was compared.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (interrupted = true));
/** Each difference is printed when found (at most 10), with the text around the first differing character. */
function print(d: Difference): void {
  let at = 0;
  while (at < d.jre.length && d.jre[at] === d.compiled[at]) at++;
  const around = (text: string) => text.slice(Math.max(0, at - 150), at + 150);
  console.log(JSON.stringify({ difference: d.kind, where: d.where, at, jre: around(d.jre), compiled: around(d.compiled), input: d.input }));
}
const report = await fuzzEngines(cases, seed, (done) => process.stderr.write(`\r${done} / ${cases}`), () => interrupted, print);
process.stderr.write('\n');
const seconds = Math.round((Date.now() - start) / 100) / 10;
console.log(JSON.stringify({ cases: report.cases, seed, differences: report.differences.length, byKind: report.byKind, seconds, interrupted }));
process.exit(report.differences.length === 0 ? 0 : 1);
