/**
 * A worker thread that evaluates: it loads the same `rules/` and `criteria/` as the server and runs the core's
 * evaluator one request at a time. Started by {@link EvaluationPool}; every result carries its ruleset hash, which
 * the server checks against the standard it has in force before using it.
 *
 * On SQLite it also stores evaluations of stored submissions (`store`), so that reading the submission, scoring it
 * and writing the row and its summary all happen off the server's event loop. It has its own connection to the
 * database file, and stores every request that arrived in one turn in one transaction, each in its own savepoint
 * (the same statements as the server's own path: evaluation-rows.ts). It stores only what the server would store
 * itself: a submission whose period is scored by the main edition, under the hash the server has in force;
 * anything else is handed back for the server to do.
 */
import { v7 as uuidv7 } from 'uuid';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { EditionSet, loadEditionSet } from '../committee/editions.js';
import { CoreError, FactsInvalidError, RulesetInvalidError, UnknownCategoryError, type CompactResult, type StandardDirs } from '../core/index.js';
import type { StoreRequest, WorkerReply, WorkerRequest, WorkerSetup } from './evaluation-pool.js';
import { evaluationRow, evaluationWrites, SELECT_EXISTING, SELECT_SUBMISSION, submissionOf, type SubmissionRow } from './evaluation-rows.js';

const setup = workerData as WorkerSetup;
const dirs: StandardDirs = { rulesDir: setup.rulesDir, criteriaDir: setup.criteriaDir };
let editions: EditionSet | undefined;
let hashes: Record<string, string> = {};
let tail: Promise<unknown> = Promise.resolve();

async function load(): Promise<void> {
  editions = await loadEditionSet(dirs, { ruleTests: false, engine: setup.engine });
  hashes = Object.fromEntries(Object.values(editions.main.standard.rulesets).map((r) => [r.ruleset.category, r.hash]));
}

function reply(message: WorkerReply): void {
  parentPort!.postMessage(message);
}

/** A failure as the server re-raises it: the core's own errors, or a message. */
function failure(id: number, e: unknown): WorkerReply {
  if (e instanceof FactsInvalidError) return { type: 'error', id, kind: 'facts', issues: e.issues };
  if (e instanceof UnknownCategoryError) return { type: 'error', id, kind: 'category', category: e.category, known: e.known };
  return { type: 'error', id, kind: 'other', message: e instanceof CoreError || e instanceof Error ? e.message : String(e) };
}

async function evaluate(id: number, category: string, facts: unknown): Promise<void> {
  try {
    // The compact result (the server expands it): a JSON string crosses threads faster than an object (structured clone).
    reply({ type: 'result', id, json: JSON.stringify(await editions!.main.evaluator.evaluateCompact(category, facts)) });
  } catch (e) {
    reply(failure(id, e));
  }
}

/** Loads the files and says so; a failure is reported with its reason (the first issues named) for the pool. */
async function loadAndReply(): Promise<void> {
  try {
    await load();
    reply({ type: 'ready', hashes });
  } catch (e) {
    const issues = e instanceof RulesetInvalidError ? e.issues.slice(0, 3).map((i) => ` ${i.file} ${i.pointer}: ${i.message.en}`) : [];
    reply({ type: 'ready', hashes: {}, message: (e instanceof Error ? e.message : String(e)) + issues.join(';') });
  }
}

/** better-sqlite3 (the driver TypeORM uses on SQLite) ships no types: the calls this needs. */
interface Statement {
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
}
interface Transaction<A> {
  (arg: A): void;
  immediate(arg: A): void;
}
interface Sqlite {
  pragma(text: string): unknown;
  prepare(sql: string): Statement;
  close(): void;
  transaction<A>(fn: (arg: A) => void): Transaction<A>;
}

/** The server's hashes in force (by category) for what this thread stores; none until the server says. */
let expected: Record<string, string> = {};
let queue: StoreRequest[] = [];
let database: Database | undefined;

interface Scored {
  request: StoreRequest;
  submission: ReturnType<typeof submissionOf>;
  compact: CompactResult;
  reply?: WorkerReply;
}

/** This thread's connection: reading a submission, and storing a batch of scored ones. */
interface Database {
  read(id: string): SubmissionRow | undefined;
  store(batch: Scored[]): void;
  close(): void;
}

/** Opens the database (the server has created and migrated it) and prepares the statements of a store. */
function open(path: string): Database {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string, options: { timeout: number }) => Sqlite;
  const db = new Database(path, { timeout: 5000 });
  db.pragma('foreign_keys = ON');
  const existing = db.prepare(SELECT_EXISTING);
  const statements = new Map<string, Statement>();
  const run = (sql: string, params: unknown[]) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    statement.run(...params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
  };
  // Nested: each request in a savepoint of the batch's transaction, so a failing one is undone alone.
  const one = db.transaction((s: Scored) => {
    const found = existing.get(s.submission.id, s.compact.hash) as { id: string } | undefined;
    if (found) {
      s.reply = { type: 'existing', id: s.request.id, evaluationId: found.id };
      return;
    }
    const evaluator = editions!.main.evaluator;
    const row = evaluationRow(s.submission, s.compact, evaluator, { id: uuidv7(), principal: s.request.principal, engine: setup.engine ?? 'compiled', now: new Date().toISOString() });
    const json = JSON.stringify(s.compact);
    for (const [sql, params] of evaluationWrites(row, json, evaluator, !s.submission.evaluatedAt)) run(sql, params);
    const { result, ...columns } = row; // the result crosses as its JSON text
    s.reply = { type: 'stored', id: s.request.id, row: columns, json };
  });
  const all = db.transaction((batch: Scored[]) => {
    for (const s of batch) {
      try {
        one(s);
      } catch (e) {
        s.reply = failure(s.request.id, e);
      }
    }
  });
  const readSubmission = db.prepare(SELECT_SUBMISSION);
  return { read: (id) => readSubmission.get(id) as SubmissionRow | undefined, store: (batch) => all.immediate(batch), close: () => db.close() };
}

/** Whether the main edition (the rules this thread stores under) scores the period; false when none does. */
function onMainEdition(category: string, period: string): boolean {
  try {
    return editions!.forPeriod(category, period) === editions!.main;
  } catch {
    return false;
  }
}

/** Scores the requests of one turn, then stores them in one transaction; answers each. */
async function storeQueued(): Promise<void> {
  const requests = queue;
  queue = [];
  let db: Database;
  try {
    db = database ??= open(setup.sqlitePath!);
  } catch (e) {
    for (const r of requests) reply(failure(r.id, e));
    return;
  }
  const scored: Scored[] = [];
  for (const request of requests) {
    try {
      const row = db.read(request.submissionId);
      if (!row) {
        reply({ type: 'error', id: request.id, kind: 'notFound' });
        continue;
      }
      const submission = submissionOf(row);
      // Another edition, a period no edition scores, or rules other than the server's: the server does it itself
      // (and answers as it would without a thread).
      if (!onMainEdition(submission.category, submission.period) || hashes[submission.category] !== expected[submission.category]) {
        reply({ type: 'declined', id: request.id });
        continue;
      }
      scored.push({ request, submission, compact: await editions!.main.evaluator.evaluateCompact(submission.category, submission.facts) });
    } catch (e) {
      reply(failure(request.id, e));
    }
  }
  try {
    if (scored.length > 0) db.store(scored);
  } catch (e) {
    // The transaction itself failed (nothing of it was kept): each request fails with it.
    for (const s of scored) s.reply = failure(s.request.id, e);
  }
  for (const s of scored) reply(s.reply!);
}

parentPort!.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'reload') tail = tail.then(loadAndReply);
  else if (msg.type === 'close') {
    // After the stores already queued (their turn is scheduled before this runs).
    setImmediate(() => (tail = tail.then(() => {
      database?.close();
      parentPort!.close();
    })));
  }
  else if (msg.type === 'expect') expected = msg.hashes;
  else if (msg.type === 'store') {
    if (queue.length === 0) setImmediate(() => (tail = tail.then(storeQueued)));
    queue.push(msg);
  } else tail = tail.then(() => evaluate(msg.id, msg.category, JSON.parse(msg.facts)));
});

tail = loadAndReply();
