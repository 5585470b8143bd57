import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FactsInvalidError, UnknownCategoryError, type CompactResult, type EngineName, type FactIssue, type StandardDirs } from '../core/index.js';
import { repoRoot } from '../core/index.js';
import { ApiError } from '../common/api-error.js';
import type { Evaluation } from './evaluation.entity.js';
import { parseResult } from './result-json.js';

/**
 * What a thread loads: the rule and criteria folders, and the engine it evaluates with; on SQLite, the database
 * file it stores evaluations in.
 */
export type WorkerSetup = StandardDirs & { engine?: EngineName; sqlitePath?: string };

/** Evaluate and store a stored submission (SQLite). */
export type StoreRequest = { type: 'store'; id: number; submissionId: string; principal: string };
export type WorkerRequest =
  | { type: 'eval'; id: number; category: string; facts: string }
  | StoreRequest
  /** The server's ruleset hashes in force, by category: a thread stores only evaluations under them. */
  | { type: 'expect'; hashes: Record<string, string> }
  | { type: 'reload' }
  /** Finish what is queued, close the database and exit. */
  | { type: 'close' };
export type WorkerReply =
  | { type: 'ready'; hashes: Record<string, string>; message?: string }
  | { type: 'result'; id: number; json: string }
  | { type: 'stored'; id: number; row: Omit<Evaluation, 'result'>; json: string }
  | { type: 'existing'; id: number; evaluationId: string }
  /** Not the main edition's period, or not the rules the server has in force: the server stores it itself. */
  | { type: 'declined'; id: number }
  | { type: 'error'; id: number; kind: 'notFound' }
  | { type: 'error'; id: number; kind: 'facts'; issues: FactIssue[] }
  | { type: 'error'; id: number; kind: 'category'; category: string; known: string[] }
  | { type: 'error'; id: number; kind: 'other'; message: string };

/**
 * What came of a store: the row stored (its compact result as JSON), the one already there, or "do it yourself"
 * (`declined`: not for the thread to store; `failed`: the thread could not, for the reason given).
 */
export type StoreOutcome =
  | { type: 'stored'; row: Omit<Evaluation, 'result'>; json: string }
  | { type: 'existing'; evaluationId: string }
  | { type: 'declined' }
  | { type: 'failed'; reason: string };

interface Pending {
  slot: Slot;
  settle: (reply: WorkerReply) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  hashes: Record<string, string>;
  /** Settles when the thread has (re)loaded the files: rejects with its reason when it could not. */
  ready: Promise<void>;
  markReady: () => void;
  markFailed: (reason: Error) => void;
}

/**
 * Worker threads that run evaluations, so the event loop keeps serving HTTP and the database on one core while the
 * rules run on the others. Each request goes to the least busy thread; errors of the core come back as the same
 * error classes.
 */
export class EvaluationPool {
  private readonly logger = new Logger(EvaluationPool.name);
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(dirs: WorkerSetup, size: number) {
    const file = EvaluationPool.workerFile();
    for (let i = 0; i < size; i++) this.slots.push(this.start(file, dirs));
  }

  /** The compiled worker (from dist/ when the server itself runs from TypeScript sources, as under jest). */
  static workerFile(): string {
    const here = new URL('./evaluation.worker.js', import.meta.url).pathname;
    return existsSync(here) ? here : join(repoRoot(), 'dist/src/evaluations/evaluation.worker.js');
  }

  /**
   * Resolves when every thread has loaded the files, with the hashes they loaded (by category); rejects with a
   * thread's reason when one could not load them, failed or exited first, so that start-up fails loudly.
   */
  async ready(): Promise<Record<string, string>[]> {
    await Promise.all(this.slots.map((s) => s.ready));
    return this.slots.map((s) => s.hashes);
  }

  /**
   * Makes every thread read the files again. A thread that cannot is left out of the answer's matching hashes
   * (its entry is empty), so the server evaluates on its own event loop instead of on mismatched rules.
   */
  async reload(): Promise<Record<string, string>[]> {
    for (const s of this.slots) {
      s.ready = pending(s);
      s.worker.postMessage({ type: 'reload' } satisfies WorkerRequest);
    }
    await Promise.allSettled(this.slots.map((s) => s.ready));
    return this.slots.map((s) => s.hashes);
  }

  /** Threads still running. */
  get size(): number {
    return this.slots.length;
  }

  /** The compact result of one evaluation on a thread (the caller expands it with the same rules). */
  async evaluate(category: string, facts: unknown): Promise<CompactResult> {
    const reply = await this.send((id) => ({ type: 'eval', id, category, facts: JSON.stringify(facts) }));
    if (reply.type === 'result') return parseResult(reply.json);
    throw replyError(reply);
  }

  /**
   * Evaluates a stored submission and stores the result on a thread (SQLite, a pool started with `sqlitePath`).
   * A missing submission or invalid facts throw as on the event loop; what the thread does not store itself (another
   * edition, rules other than `expect` said) comes back `declined`, and a database error `failed`.
   */
  async store(submissionId: string, principal: string): Promise<StoreOutcome> {
    const reply = await this.send((id) => ({ type: 'store', id, submissionId, principal }));
    if (reply.type === 'stored') return { type: 'stored', row: reply.row, json: reply.json };
    if (reply.type === 'existing') return { type: 'existing', evaluationId: reply.evaluationId };
    if (reply.type === 'declined') return { type: 'declined' };
    if (reply.type === 'error' && reply.kind === 'other') return { type: 'failed', reason: reply.message };
    if (reply.type === 'error' && reply.kind === 'notFound') throw ApiError.notFound({ zh: '事实提交', en: 'submission' }, submissionId);
    throw replyError(reply);
  }

  /** Tells every thread the server's ruleset hashes in force (by category); threads store only under these. */
  expect(hashes: Record<string, string>): void {
    for (const s of this.slots) s.worker.postMessage({ type: 'expect', hashes } satisfies WorkerRequest);
  }

  /** Sends a request to the least busy thread; resolves with its reply. */
  private send(request: (id: number) => WorkerRequest): Promise<WorkerReply> {
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight++;
    return new Promise<WorkerReply>((settle, reject) => {
      this.pending.set(id, { slot, settle, reject });
      slot.worker.postMessage(request(id));
    }).finally(() => slot.inFlight--);
  }

  /**
   * Lets every thread finish what it was sent and close its database connection (a thread stopped in the middle of
   * a transaction would hold the database's write lock until the process ends), then stops it; one that has not
   * exited after `graceMs` is terminated.
   */
  async close(graceMs = 5000): Promise<void> {
    await Promise.all(
      this.slots.map(async ({ worker }) => {
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ type: 'close' } satisfies WorkerRequest);
        const timer = setTimeout(() => void worker.terminate(), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private start(file: string, dirs: WorkerSetup): Slot {
    const worker = new Worker(file, { workerData: dirs });
    const slot: Slot = { worker, inFlight: 0, hashes: {}, ready: Promise.resolve(), markReady: () => undefined, markFailed: () => undefined };
    slot.ready = pending(slot);
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') {
        slot.hashes = msg.hashes;
        if (msg.message) {
          this.logger.error(`evaluation thread could not load the rules: ${msg.message}`);
          slot.markFailed(new Error(`evaluation thread could not load the rules: ${msg.message}`));
        } else slot.markReady();
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      p.settle(msg);
    });
    worker.on('error', (e) => {
      this.logger.error(`evaluation thread failed: ${e.message}`);
      slot.markFailed(new Error(`evaluation thread failed: ${e.message}`));
    });
    worker.on('exit', (code) => {
      slot.markFailed(new Error(`evaluation thread exited (${code}) before it loaded the rules`));
      this.slots.splice(this.slots.indexOf(slot), 1);
      for (const [id, p] of this.pending) {
        if (p.slot !== slot) continue;
        this.pending.delete(id);
        p.reject(new Error(`evaluation thread exited (${code})`));
      }
    });
    return slot;
  }
}

/** The error a thread's failure reply stands for: the core's own error classes, or an Error with its message. */
function replyError(reply: WorkerReply): Error {
  if (reply.type !== 'error') return new Error(`unexpected reply from an evaluation thread: ${reply.type}`);
  if (reply.kind === 'facts') return new FactsInvalidError(reply.issues);
  if (reply.kind === 'category') return new UnknownCategoryError(reply.category, reply.known);
  return new Error(reply.kind === 'other' ? reply.message : reply.kind);
}

/** A fresh readiness promise for a slot (a rejection nobody awaits yet is not reported as unhandled). */
function pending(slot: Slot): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    slot.markReady = resolve;
    slot.markFailed = reject;
  });
  ready.catch(() => undefined);
  return ready;
}
