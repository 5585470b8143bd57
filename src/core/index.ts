/** The scoring core's public surface: plain TypeScript, no framework imports. */
export * from './types.js';
export * from './errors.js';
export { loadStandard, schemaDir, type CompiledRuleset, type LoadedStandard, type RulesetSnapshot, type StandardDirs } from './load.js';
export { Evaluator, type EvaluatorOptions, type Scored } from './evaluator.js';
export { CompiledProgram, ENGINES, type EngineName } from './compiled-program.js';
export { round2 } from './score.js';
export { COMPACT_FORMAT, isCompact, type CompactResult, type CompactTrace, type CompactGate, type CompactCompared } from './compact.js';
export { knownClauses, provenanceEntries, provenanceOf } from './provenance.js';
export { hashFacts, contentHash, canonicalJson } from './canonical.js';
export { defaultDirs, repoRoot } from './paths.js';
export { IndicatorIndex, nodeWeights, type NodeWeights, type TreeNode } from './tree.js';
