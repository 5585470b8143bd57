import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../common/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { repoRoot, type FactDictionary } from '../core/index.js';
import type { CellError, ReadRow } from './fact-workbook.js';
import { checkZip, type SpreadsheetLimits, type StreamedFacts } from './stream-facts.js';

/**
 * Reads uploaded workbooks: the zip's directory checked here (no thread for a file refused by it), then the sheets
 * streamed on worker threads, a fresh one per file with a bounded heap, at most
 * `XLSX_THREADS` at once (the others wait their turn), so a hostile file costs a thread, never the event loop.
 */
@Injectable()
export class SpreadsheetParser {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The compiled worker (from dist/ when the server itself runs from TypeScript sources, as under jest). */
  static workerFile(): string {
    const here = new URL('./spreadsheet.worker.js', import.meta.url).pathname;
    return existsSync(here) ? here : join(repoRoot(), 'dist/src/spreadsheets/spreadsheet.worker.js');
  }

  /** The fact sheets' rows and cell errors; an ApiError (400 or 413) when the file is refused. */
  async read(file: Buffer, dictionary: FactDictionary, categories: string[]): Promise<{ rows: ReadRow[]; errors: CellError[] }> {
    const { maxRows, maxCells, maxUncompressedBytes } = this.config.spreadsheet;
    const refused = checkZip(file, { maxRows, maxCells, maxUncompressedBytes });
    if (refused) throw new ApiError(refused.status, refused.code, refused.message);
    await this.turn();
    // exceljs spills worksheets to temporary files when they precede the shared strings: a folder per import,
    // removed whatever happens, so a file refused half-read leaves nothing behind
    const tmp = await mkdtemp(join(tmpdir(), 'sme-xlsx-'));
    try {
      const result = await this.inWorker(file, dictionary, categories, tmp);
      if (!result.ok) throw new ApiError(result.status, result.code, result.message);
      return { rows: result.rows, errors: result.errors };
    } finally {
      await rm(tmp, { recursive: true, force: true });
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async turn(): Promise<void> {
    if (this.running >= this.config.spreadsheet.threads) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }

  private inWorker(file: Buffer, dictionary: FactDictionary, categories: string[], tmp: string): Promise<StreamedFacts> {
    const { maxRows, maxCells, maxUncompressedBytes, heapMiB } = this.config.spreadsheet;
    const limits: SpreadsheetLimits = { maxRows, maxCells, maxUncompressedBytes };
    return new Promise((resolve, reject) => {
      const worker = new Worker(SpreadsheetParser.workerFile(), {
        workerData: { file: new Uint8Array(file), dictionary, categories, limits },
        resourceLimits: { maxOldGenerationSizeMb: heapMiB },
        env: { ...process.env, TMPDIR: tmp },
      });
      let answered = false;
      let outcome: StreamedFacts | undefined;
      worker.once('message', (m: StreamedFacts) => {
        answered = true;
        outcome = m;
      });
      worker.once('error', (e: Error & { code?: string }) => {
        if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(e);
        answered = true;
        outcome = { ok: false, status: 413, code: 'spreadsheetTooLarge', message: { zh: '工作簿过大，无法在内存上限内读取', en: 'The workbook is too large to read within the memory limit' } };
      });
      // settled once the thread is gone, so that its temporary files can be removed
      worker.once('exit', (code) => {
        if (!answered) reject(new Error(`spreadsheet worker exited with ${code} before answering`));
        else resolve(outcome!);
      });
    });
  }
}
