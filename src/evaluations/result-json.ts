import type { CompactResult } from '../core/index.js';

/**
 * The JSON text a compact result arrived as (from an evaluation thread), kept beside the object so storing it does
 * not serialise it a second time.
 */
const texts = new WeakMap<CompactResult, string>();

/** Parses a compact result and remembers its text. */
export function parseResult(json: string): CompactResult {
  const result = JSON.parse(json) as CompactResult;
  texts.set(result, json);
  return result;
}

/** The compact result as JSON text: the text it arrived as, or a fresh serialisation. */
export function resultJson(result: CompactResult): string {
  return texts.get(result) ?? JSON.stringify(result);
}
