/**
 * The compact result: what an evaluation decided, as ids, numbers and compared values only. Labels, reasons,
 * clauses, provenance, weights and the rules' operators and values are the ruleset's: `expand` (expand.ts) reads
 * them from the ruleset the result names by hash and rebuilds the full EvaluationResult, byte for byte. The scoring
 * produces this form directly (score.ts); it is what evaluations store (a few KB instead of ~25 KB).
 *
 * Rules are named by their index in the program's rules (RuleProgram.rules: the ruleset file's order), tree nodes
 * by their place in the indicator tree's order (IndicatorIndex.nodes), both fixed by the ruleset's hash.
 */

import type { ComparedFact, LeafCondition } from './types.js';

/** The format's version: a stored result with another version (or none: a full result) is read as it is. */
export const COMPACT_FORMAT = 1;

/**
 * A rule's compared leaves, in the order json-rules-engine lists them: each leaf's fact value (null when absent)
 * and its results as a string of "1" (held) and "0" (did not). Empty when no explanation was asked for.
 */
export type CompactCompared = [actual: unknown[], result: string];

/** A scoring or bonus rule that counts: [rule index, points it awards (rounded), compared leaves]. */
export type CompactTrace = [rule: number, points: number, actual: unknown[], result: string];

/** An unmet prerequisite or a veto that fired: [rule index, compared leaves]. */
export type CompactGate = [rule: number, actual: unknown[], result: string];

export interface CompactResult {
  /** COMPACT_FORMAT. */
  format: number;
  category: string;
  /** The ruleset content the result was scored on (its snapshot's hash). */
  hash: string;
  /** The total (rounded, capped): what the full result says. */
  total: number;
  /** The grade id: a band's, or "notEligible" / "vetoed". */
  grade: string;
  /** The unrounded weighted sum of the top level, before the bonus. */
  base: number;
  /** The unrounded bonus points. */
  bonus: number;
  /** Each node above the leaves: its unrounded score (percent), in the tree's order. */
  nodes: number[];
  /** Each leaf: its unrounded points, in the tree's order. */
  points: number[];
  /** The rules that count, leaves in the tree's order then the bonus items. */
  decided: CompactTrace[];
  /** Prerequisites not met, in file order. */
  unmet: CompactGate[];
  /** Vetoes that fired, in file order. */
  vetoes: CompactGate[];
  /** Facts the scoring reads that were not supplied, in the order of first use (empty without explanation). */
  absent: string[];
}

/** Whether a stored result is in the compact form (else it is a full EvaluationResult). */
export function isCompact(result: unknown): result is CompactResult {
  return result !== null && typeof result === 'object' && (result as { format?: unknown }).format === COMPACT_FORMAT;
}

/** Compared leaves as json-rules-engine lists them: the rule's leaves with the values and results recorded. */
export function comparedFacts(leaves: LeafCondition[], [actual, result]: CompactCompared): ComparedFact[] {
  const out: ComparedFact[] = [];
  for (let i = 0; i < actual.length; i++) {
    const leaf = leaves[i];
    const compared: ComparedFact = { fact: leaf.fact, operator: leaf.operator, value: leaf.value, actual: actual[i], result: result.charCodeAt(i) === 49 };
    if (leaf.path !== undefined) compared.path = leaf.path;
    out.push(compared);
  }
  return out;
}
