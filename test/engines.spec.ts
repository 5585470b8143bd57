/**
 * The compiled engine against json-rules-engine, the reference: byte-identical results (canonical JSON of the compact
 * result and of its expansion to the whole result, or of every rule's match and compared leaves) on the shipped rules, the example scheme, the example
 * agencies, kept regression cases, and at least 20,000 generated cases per run (bench/engine-diff.ts; a new seed
 * each run, printed when a case differs so that `npm run fuzz:engines -- --seed S` finds it again).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, Evaluator, isCompact } from '../src/core/index.js';
import { CompiledProgram } from '../src/core/compiled-program.js';
import type { TopCondition } from '../src/core/types.js';
import { nodeScoresJson } from '../src/evaluations/summary.js';
import { compareResults, compareWild, fuzzEngines, pair, wildProgram } from '../bench/engine-diff.js';
import { allExamples, shippedStandard } from './support/standard.js';

const REGRESSIONS = join(import.meta.dirname, 'fixtures', 'engines');

describe('compiled engine = json-rules-engine', () => {
  it('the default engine is the compiled one; jre is there on request', () => {
    expect(new Evaluator(shippedStandard()).engine).toBe('compiled');
    expect(new Evaluator(shippedStandard(), { engine: 'jre' }).engine).toBe('jre');
  });

  it('every example agency: the same result, byte for byte, on both engines', async () => {
    const { jre, compiled } = pair(shippedStandard());
    const examples = allExamples();
    expect(examples.length).toBe(11);
    for (const e of examples) expect([e.id, await compareResults(jre, compiled, e.category, e.facts, 'example')]).toEqual([e.id, undefined]);
  });

  it('every example agency: the compact result holds only ids, numbers and compared values, and expands to the full result byte for byte', async () => {
    const evaluator = new Evaluator(shippedStandard());
    for (const e of allExamples()) {
      const compact = await evaluator.evaluateCompact(e.category, e.facts);
      const text = JSON.stringify(compact);
      const full = await evaluator.evaluate(e.category, e.facts);
      // Stored as JSON text and read back, it expands to exactly what evaluate gives.
      expect([e.id, JSON.stringify(evaluator.expand(JSON.parse(text) as typeof compact))]).toEqual([e.id, JSON.stringify(full)]);
      expect(isCompact(JSON.parse(text))).toBe(true);
      expect(isCompact(full)).toBe(false);
      // No label or reason in it: neither language's text of the grade or of any rule's reason.
      expect(text).not.toContain(full.gradeLabel.en);
      for (const i of full.indicators) for (const t of i.decidedBy) expect(text).not.toContain(t.reason.en);
      // The same decisions, in the same order: the rules that count, the gates, the facts missing.
      const traces = [...full.indicators.flatMap((i) => i.decidedBy), ...full.bonus.items];
      const rules = evaluator.program(e.category).rules;
      expect(compact.decided.map(([i, points]) => [rules[i].name, points])).toEqual(traces.map((t) => [t.rule, t.points]));
      expect(compact.unmet.map(([i]) => rules[i].key)).toEqual(full.unmetPrerequisites.map((g) => g.id));
      expect(compact.vetoes.map(([i]) => rules[i].key)).toEqual(full.vetoes.map((g) => g.id));
      expect(compact.absent).toEqual(full.missingEvidence.map((m) => m.fact));
      expect([compact.total, compact.grade]).toEqual([full.total, full.grade]);
      // The summary a stored evaluation keeps, from the compact scores: the same as from the full result.
      expect(nodeScoresJson(evaluator.scores(compact))).toBe(nodeScoresJson(full));
      expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    }
  });

  it('a comparison on an absent fact is false on both engines, notEqual included, and its compared value is null', async () => {
    const program = wildProgram(shippedStandard(), [
      { all: [{ fact: 'absent', operator: 'notEqual', value: 1 }] },
      { not: { fact: 'absent', operator: 'notIn', value: [1] } },
      { any: [{ fact: 'n', operator: 'greaterThanInclusive', value: 3 }, { fact: 'n', path: '$.x', operator: 'equal', value: 3 }] },
      { all: [{ fact: 'o', path: '$.list[1].level', operator: 'equal', value: 'city' }] },
      { all: [{ fact: 'n', operator: 'equal', value: { fact: 'm' } }] },
    ]);
    const closures = new CompiledProgram(program);
    const facts = { n: 3, m: 3, o: { list: [{ level: 'county' }, { level: 'city' }] } };
    const outcomes = closures.run(facts);
    // notEqual on an absent fact is false (json-rules-engine's own would be true), so `not notIn` holds.
    expect(['g0', 'g1', 'g2', 'g3', 'g4'].map((g) => outcomes.matched.has(`prerequisite.${g}`))).toEqual([false, true, true, true, true]);
    expect(outcomes.compared('prerequisite.g0')).toEqual([{ fact: 'absent', operator: 'notEqual', value: 1, actual: null, result: false }]);
    // A path on a fact that is not an object compares the fact itself, as json-rules-engine's almanac does.
    expect(outcomes.compared('prerequisite.g2')).toEqual([
      { fact: 'n', operator: 'greaterThanInclusive', value: 3, actual: 3, result: true },
      { fact: 'n', path: '$.x', operator: 'equal', value: 3, actual: 3, result: true },
    ]);
    expect(await compareWild(program, closures, facts)).toBeUndefined();
    expect(await compareWild(program, closures, {})).toBeUndefined();
  });

  it('kept regression cases (test/fixtures/engines) give the same on both engines', async () => {
    const files = readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const c = JSON.parse(readFileSync(join(REGRESSIONS, file), 'utf8')) as { gates: TopCondition[]; facts: Record<string, unknown>[] };
      const program = wildProgram(shippedStandard(), c.gates);
      const closures = new CompiledProgram(program);
      for (const facts of c.facts) expect([file, canonicalJson(facts), await compareWild(program, closures, facts)]).toEqual([file, canonicalJson(facts), undefined]);
    }
  });

  it('20,000 generated cases: shipped and scheme rulesets, random rulesets, wild facts — no difference', async () => {
    const seed = Date.now() % 2 ** 31;
    const report = await fuzzEngines(20_000, seed);
    expect(report.cases).toBe(20_000);
    expect(report.byKind).toEqual({ shipped: 4_000, ruleset: 4_000, wild: 12_000 });
    const first = report.differences[0];
    expect({ seed, differences: report.differences.length, first: first && { kind: first.kind, input: first.input } }).toEqual({ seed, differences: 0, first: undefined });
  }, 600_000);
});
