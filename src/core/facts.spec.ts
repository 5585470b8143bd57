import { describe, expect, it } from '@jest/globals';
import { FactsInvalidError } from './errors.js';
import { FactChecker } from './facts.js';
import { loadStandard } from './load.js';
import { defaultDirs } from './paths.js';
import { FactsGenerator, seededRandom } from '../sample/facts-generator.js';

const dictionary = loadStandard(defaultDirs()).criteria.facts;
const checker = new FactChecker(dictionary);
/** Facts as a plain object with sorted keys, so that two preparations compare whatever their key order. */
const sorted = (facts: Record<string, unknown>) => Object.fromEntries(Object.entries(facts).sort(([a], [b]) => a.localeCompare(b)));

describe('FactChecker.prepareChanged: only the changed facts checked again', () => {
  it('gives the facts prepare gives for the changed facts, derived counts included', () => {
    const given = new FactsGenerator(dictionary, seededRandom(3)).next();
    const prepared = checker.prepare(given);
    const changes = { serviceChannels: ['website'], staffTotal: 7, honours: [{ level: 'national', name: 'A', year: 2024 }, { level: 'city', name: 'B', year: 2023 }] };
    const changed = checker.prepareChanged(given, prepared, changes);
    expect(sorted(changed)).toEqual(sorted(checker.prepare({ ...given, ...changes })));
    // Worked out by hand from the changes: one channel; one national or international honour, one city or county.
    expect([changed.serviceChannelsCount, changed.honoursNationalCount, changed.honoursLocalCount, changed.honoursProvincialCount]).toEqual([1, 1, 1, 0]);
    // A list set to null is absent, and so is its count.
    const dropped = checker.prepareChanged(given, prepared, { serviceChannels: null });
    expect(['serviceChannels' in dropped, 'serviceChannelsCount' in dropped]).toEqual([false, false]);
  });

  it('refuses a bad change with the error prepare gives, naming the fact', () => {
    const given = new FactsGenerator(dictionary, seededRandom(4)).next();
    const prepared = checker.prepare(given);
    for (const changes of [{ staffTotal: 'many' }, { staffTotal: null }, { noSuchFact: 1 }, { serviceChannelsCount: 2 }]) {
      let error: unknown;
      try {
        checker.prepareChanged(given, prepared, changes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FactsInvalidError);
      expect((error as FactsInvalidError).issues.map((i) => i.fact)).toEqual([Object.keys(changes)[0]]);
    }
  });
});
