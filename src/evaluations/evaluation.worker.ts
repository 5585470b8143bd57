/**
 * A worker thread that evaluates: it loads the same `rules/` and `criteria/` as the server and runs the core's
 * evaluator one request at a time. Started by {@link EvaluationPool}; every result carries its ruleset hash, which
 * the server checks against the standard it has in force before using it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CoreError, Evaluator, FactsInvalidError, loadStandard, RulesetInvalidError, UnknownCategoryError, type StandardDirs } from '../core/index.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './evaluation-pool.js';

const setup = workerData as WorkerSetup;
const dirs: StandardDirs = { rulesDir: setup.rulesDir, criteriaDir: setup.criteriaDir };
let evaluator: Evaluator | undefined;
let hashes: Record<string, string> = {};
let tail: Promise<unknown> = Promise.resolve();

function load(): void {
  const standard = loadStandard(dirs);
  evaluator = new Evaluator(standard, { engine: setup.engine });
  hashes = Object.fromEntries(Object.values(standard.rulesets).map((r) => [r.ruleset.category, r.hash]));
}

function reply(message: WorkerReply): void {
  parentPort!.postMessage(message);
}

async function evaluate(id: number, category: string, facts: unknown): Promise<void> {
  try {
    // The compact result (the server expands it): a JSON string crosses threads faster than an object (structured clone).
    reply({ type: 'result', id, json: JSON.stringify(await evaluator!.evaluateCompact(category, facts)) });
  } catch (e) {
    if (e instanceof FactsInvalidError) reply({ type: 'error', id, kind: 'facts', issues: e.issues });
    else if (e instanceof UnknownCategoryError) reply({ type: 'error', id, kind: 'category', category: e.category, known: e.known });
    else reply({ type: 'error', id, kind: 'other', message: e instanceof CoreError || e instanceof Error ? e.message : String(e) });
  }
}

/** Loads the files and says so; a failure is reported with its reason (the first issues named) for the pool. */
function loadAndReply(): void {
  try {
    load();
    reply({ type: 'ready', hashes });
  } catch (e) {
    const issues = e instanceof RulesetInvalidError ? e.issues.slice(0, 3).map((i) => ` ${i.file} ${i.pointer}: ${i.message.en}`) : [];
    reply({ type: 'ready', hashes: {}, message: (e instanceof Error ? e.message : String(e)) + issues.join(';') });
  }
}

parentPort!.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'reload') tail = tail.then(loadAndReply);
  else tail = tail.then(() => evaluate(msg.id, msg.category, JSON.parse(msg.facts)));
});

loadAndReply();
