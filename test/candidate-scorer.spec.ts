/**
 * Advice's fast scoring of fact changes (src/advice/candidate-scorer.ts) against a full evaluation of the changed
 * facts: for generated agencies of every category, under the shipped rules and under a revision with every-node
 * bands, changes of one to three facts taken from another generated agency (some absent there: null, which is
 * invalid for a required fact) and invalid values give the same total and grade as `compactNow`, or undefined exactly
 * where it throws.
 */
import { describe, expect, it } from '@jest/globals';
import { CandidateScorer } from '../src/advice/candidate-scorer.js';
import { Evaluator, type LoadedStandard } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { CATEGORY_IDS, type Json, patchedStandard, shippedStandard } from './support/standard.js';

const revised = patchedStandard((rules) => {
  const base = rules['base.json'];
  base.grades.find((g: Json) => g.id === 'twoStar').everyNodeAtLeast = { level: 1, percent: 55 };
  base.grades.find((g: Json) => g.id === 'oneStar').everyNodeAtLeast = { level: 2, percent: 10 };
});

/** What a full evaluation of the changed facts gives, or undefined when it throws. */
function slow(evaluator: Evaluator, category: string, facts: Record<string, unknown>): { total: number; grade: string } | undefined {
  try {
    const { total, grade } = evaluator.compactNow(category, facts, false);
    return { total, grade };
  } catch {
    return undefined;
  }
}

describe.each<[string, LoadedStandard]>([
  ['the shipped rules', shippedStandard()],
  ['a revision with every-node bands', revised],
])('candidate scores under %s', (_, standard) => {
  const evaluator = new Evaluator(standard);
  const dictionary = standard.criteria.facts.facts;
  const supplied = Object.keys(dictionary).filter((f) => !dictionary[f].derive);
  const numbers = supplied.filter((f) => dictionary[f].type === 'integer' || dictionary[f].type === 'number');

  it.each(CATEGORY_IDS)('equal a full evaluation of the changed facts (%s)', (category) => {
    const scorer = new CandidateScorer(evaluator, category);
    const random = seededRandom(11);
    const generator = new FactsGenerator(standard.criteria.facts, random, { vetoRate: 0.08, ineligibleRate: 0.08 });
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    let refused = 0;
    const grades = new Set<string>();
    for (let n = 0; n < 150; n++) {
      const facts = generator.next();
      const other = generator.next();
      for (let k = 0; k < 6; k++) {
        const changes: Record<string, unknown> = {};
        for (let j = 0; j <= k % 3; j++) {
          const f = pick(supplied);
          changes[f] = other[f] ?? null;
        }
        if (k === 5) changes[pick(numbers)] = pick([-1, 1e9, 0.5, 'x']); // out of range, not whole, not a number
        const fast = scorer.score(facts, changes);
        expect(fast).toEqual(slow(evaluator, category, { ...facts, ...changes }));
        if (fast) grades.add(fast.grade);
        else refused++;
      }
    }
    // The cases covered both outcomes and several grades.
    expect(refused).toBeGreaterThan(20);
    expect(grades.size).toBeGreaterThanOrEqual(3);
  });
});
