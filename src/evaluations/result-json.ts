import type { EvaluationResult } from '../core/index.js';

/**
 * The JSON text a result arrived as (from an evaluation thread), kept beside the object so storing it does not
 * serialise the ~25 KB result a second time.
 */
const texts = new WeakMap<EvaluationResult, string>();

/** Parses a result and remembers its text. */
export function parseResult(json: string): EvaluationResult {
  const result = JSON.parse(json) as EvaluationResult;
  texts.set(result, json);
  return result;
}

/** The result as JSON text: the text it arrived as, or a fresh serialisation. */
export function resultJson(result: EvaluationResult): string {
  return texts.get(result) ?? JSON.stringify(result);
}
