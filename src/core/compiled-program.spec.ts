import { describe, expect, it } from '@jest/globals';
import { Evaluator } from './evaluator.js';
import { loadStandard } from './load.js';
import { defaultDirs } from './paths.js';
import { FactsGenerator, seededRandom } from '../sample/facts-generator.js';

const standard = loadStandard(defaultDirs());
const evaluator = new Evaluator(standard);

describe('deciding again only the rules that read changed facts', () => {
  it('gives the compact result of deciding every rule, for 400 agencies with up to three facts changed', () => {
    const random = seededRandom(9);
    const generator = new FactsGenerator(standard.criteria.facts, random, { optionalRate: 0.6 });
    const categories = evaluator.categories();
    let changedRules = 0;
    for (let n = 0; n < 400; n++) {
      const category = categories[n % categories.length];
      const given = generator.next();
      const other = generator.next();
      // Changes taken from another agency's facts (lists included), or a fact removed.
      const keys = Object.keys({ ...given, ...other }).filter((k) => standard.criteria.facts.facts[k]?.required !== true);
      const changes: Record<string, unknown> = {};
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const key = keys[Math.floor(random() * keys.length)];
        changes[key] = other[key] ?? null;
      }
      const base = evaluator.values(given);
      const before = evaluator.compactValues(category, base, false);
      const values = evaluator.valuesChanged(given, base, changes);
      const full = evaluator.compactValues(category, values, true);
      const incremental = evaluator.compactValues(category, values, true, { values: base, changed: Object.keys(changes) });
      expect([n, JSON.stringify(incremental)]).toEqual([n, JSON.stringify(full)]);
      if (JSON.stringify(full.decided) !== JSON.stringify(before.decided)) changedRules++;
    }
    // The changes do change which rules count, often (else this would prove little).
    expect(changedRules).toBeGreaterThan(100);
  });
});
