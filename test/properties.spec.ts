/**
 * Properties that hold for any valid facts (fast-check), on the shipped rules, and the concurrency guarantee:
 * evaluations in flight together give exactly the sequential results.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Evaluator } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { CATEGORY_IDS, shippedStandard } from './support/standard.js';

const standard = shippedStandard();
const evaluator = new Evaluator(standard);

/** Valid facts for any seed and mix of rates: absent evidence, vetoes and failed prerequisites all occur. */
const agency = fc
  .record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    optionalRate: fc.double({ min: 0, max: 1, noNaN: true }),
    vetoRate: fc.constantFrom(0, 0.2, 1),
    ineligibleRate: fc.constantFrom(0, 0.2, 1),
    category: fc.constantFrom(...CATEGORY_IDS),
  })
  .map(({ seed, category, ...rates }) => ({ category, facts: new FactsGenerator(standard.criteria.facts, seededRandom(seed), rates).next() }));

describe('properties of every evaluation', () => {
  it('total within [0, cap]; each indicator within [0, its maximum]; dimensions within [0, 100]', async () => {
    await fc.assert(
      fc.asyncProperty(agency, async ({ category, facts }) => {
        const r = await evaluator.evaluate(category, facts);
        expect(r.total).toBeGreaterThanOrEqual(0);
        expect(r.total).toBeLessThanOrEqual(r.bonus.cap);
        for (const i of r.indicators) {
          expect(i.points).toBeGreaterThanOrEqual(0);
          expect(i.points).toBeLessThanOrEqual(i.max);
        }
        for (const d of r.nodes) {
          expect(d.score).toBeGreaterThanOrEqual(0);
          expect(d.score).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a vetoed or ineligible agency never gets a passing grade', async () => {
    await fc.assert(
      fc.asyncProperty(agency, async ({ category, facts }) => {
        const r = await evaluator.evaluate(category, facts);
        if (r.vetoed || !r.eligible) {
          expect(r.passing).toBe(false);
          expect(['vetoed', 'notEligible']).toContain(r.grade);
        } else {
          expect(r.grade).not.toMatch(/^(vetoed|notEligible)$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the grade is the highest band whose minimum and extra conditions the result meets', async () => {
    await fc.assert(
      fc.asyncProperty(agency, async ({ category, facts }) => {
        const r = await evaluator.evaluate(category, facts);
        if (r.vetoed || !r.eligible) return;
        const bands = [...standard.rulesets[r.category].ruleset.grades].sort((a, b) => b.min - a.min);
        const band = bands.find((b) => b.id === r.grade)!;
        expect(r.total).toBeGreaterThanOrEqual(band.min);
        const weakest = Math.min(...r.nodes.map((d) => d.score));
        for (const higher of bands.filter((b) => b.min > band.min)) {
          expect(r.total < higher.min || weakest < (higher.everyNodeAtLeast?.percent ?? 0)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('concurrency', () => {
  it('1,000 evaluations in flight give exactly the sequential results', async () => {
    const generator = new FactsGenerator(standard.criteria.facts, seededRandom(7), { vetoRate: 0.05, ineligibleRate: 0.05 });
    const agencies = Array.from({ length: 1000 }, (_, i) => ({ category: CATEGORY_IDS[i % 4], facts: generator.next() }));
    const sequential = [];
    for (const a of agencies) sequential.push(await evaluator.evaluate(a.category, a.facts));
    const concurrent = await Promise.all(agencies.map((a) => evaluator.evaluate(a.category, a.facts)));
    expect(concurrent).toEqual(sequential);
    // the generated agencies spread over grades, so equality above is not trivially about identical results
    expect(new Set(sequential.map((r) => r.grade)).size).toBeGreaterThanOrEqual(4);
  });
});
