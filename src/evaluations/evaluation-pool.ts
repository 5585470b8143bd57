import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FactsInvalidError, UnknownCategoryError, type CompactResult, type EngineName, type FactIssue, type StandardDirs } from '../core/index.js';
import { repoRoot } from '../core/index.js';
import { parseResult } from './result-json.js';

/** What a thread loads: the rule and criteria folders, and the engine it evaluates with. */
export type WorkerSetup = StandardDirs & { engine?: EngineName };

export type WorkerRequest = { type: 'eval'; id: number; category: string; facts: string } | { type: 'reload' };
export type WorkerReply =
  | { type: 'ready'; hashes: Record<string, string>; message?: string }
  | { type: 'result'; id: number; json: string }
  | { type: 'error'; id: number; kind: 'facts'; issues: FactIssue[] }
  | { type: 'error'; id: number; kind: 'category'; category: string; known: string[] }
  | { type: 'error'; id: number; kind: 'other'; message: string };

interface Pending {
  slot: Slot;
  resolve: (r: CompactResult) => void;
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
  evaluate(category: string, facts: unknown): Promise<CompactResult> {
    const slot = this.slots.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    const id = this.nextId++;
    slot.inFlight++;
    return new Promise<CompactResult>((resolve, reject) => {
      this.pending.set(id, { slot, resolve, reject });
      slot.worker.postMessage({ type: 'eval', id, category, facts: JSON.stringify(facts) } satisfies WorkerRequest);
    }).finally(() => slot.inFlight--);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
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
      if (msg.type === 'result') p.resolve(parseResult(msg.json));
      else if (msg.kind === 'facts') p.reject(new FactsInvalidError(msg.issues));
      else if (msg.kind === 'category') p.reject(new UnknownCategoryError(msg.category, msg.known));
      else p.reject(new Error(msg.message));
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

/** A fresh readiness promise for a slot (a rejection nobody awaits yet is not reported as unhandled). */
function pending(slot: Slot): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    slot.markReady = resolve;
    slot.markFailed = reject;
  });
  ready.catch(() => undefined);
  return ready;
}
