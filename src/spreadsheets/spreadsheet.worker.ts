/**
 * A worker thread that reads one uploaded workbook (see {@link streamFactSheets}) and answers with its cells or why
 * it was refused, so that inflating and parsing never hold the server's event loop. Started, one per import, by
 * {@link SpreadsheetParser}; it exits after answering, which also removes exceljs's temporary files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FactDictionary } from '../core/types.js';
import { streamFactSheets, type SpreadsheetLimits } from './stream-facts.js';

const { file, dictionary, categories, limits } = workerData as { file: Uint8Array; dictionary: FactDictionary; categories: string[]; limits: SpreadsheetLimits };
const result = await streamFactSheets(Buffer.from(file.buffer, file.byteOffset, file.byteLength), dictionary, categories, limits);
parentPort!.postMessage(result);
process.exit(0);
