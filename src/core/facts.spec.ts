import { describe, expect, it } from '@jest/globals';
import { FactsInvalidError } from './errors.js';
import { FactChecker } from './facts.js';
import { loadStandard } from './load.js';
import { defaultDirs } from './paths.js';
import { FactsGenerator, seededRandom } from '../sample/facts-generator.js';

const dictionary = loadStandard(defaultDirs()).criteria.facts;
const checker = new FactChecker(dictionary);
/** An array of values back as a facts object (absent facts left out), to compare with `prepare`. */
const asObject = (values: unknown[]) => Object.fromEntries([...checker.slots].filter(([, slot]) => values[slot] !== undefined).map(([id, slot]) => [id, values[slot]]));
const sorted = (facts: Record<string, unknown>) => Object.fromEntries(Object.entries(facts).sort(([a], [b]) => a.localeCompare(b)));

describe('FactChecker.values: the checked facts as an array of values by slot', () => {
  it('holds what prepare gives, derived counts included, one slot past the last always empty', () => {
    const generator = new FactsGenerator(dictionary, seededRandom(5), { optionalRate: 0.5 });
    for (let i = 0; i < 50; i++) {
      const given = generator.next();
      const values = checker.values(given);
      expect(sorted(asObject(values))).toEqual(sorted(checker.prepare(given)));
      expect(values).toHaveLength(checker.slots.size + 1);
      expect(values[checker.slots.size]).toBeUndefined();
    }
  });

  it('valuesChanged gives the values of the changed facts, checking only the changes', () => {
    const given = new FactsGenerator(dictionary, seededRandom(3)).next();
    const values = checker.values(given);
    const changes = { serviceChannels: ['website'], staffTotal: 7, honours: [{ level: 'national', name: 'A', year: 2024 }, { level: 'city', name: 'B', year: 2023 }] };
    const changed = checker.valuesChanged(given, values, changes);
    expect(changed).toEqual(checker.values({ ...given, ...changes }));
    // Worked out by hand from the changes: one channel; one national or international honour, one city or county.
    const at = (id: string) => changed[checker.slots.get(id)!];
    expect([at('serviceChannelsCount'), at('honoursNationalCount'), at('honoursLocalCount'), at('honoursProvincialCount'), at('staffTotal')]).toEqual([1, 1, 1, 0, 7]);
    // A list set to null is absent, and so is its count; the values it started from are left as they were.
    const dropped = checker.valuesChanged(given, values, { serviceChannels: null });
    expect([dropped[checker.slots.get('serviceChannels')!], dropped[checker.slots.get('serviceChannelsCount')!]]).toEqual([undefined, undefined]);
    expect(values).toEqual(checker.values(given));
  });

  it('refuses bad facts and bad changes with the error prepare gives, naming the fact', () => {
    const given = new FactsGenerator(dictionary, seededRandom(4)).next();
    const values = checker.values(given);
    const errorOf = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    for (const changes of [{ staffTotal: 'many' }, { staffTotal: null }, { noSuchFact: 1 }, { serviceChannelsCount: 2 }, { staffTotal: 2.5 }]) {
      for (const error of [errorOf(() => checker.valuesChanged(given, values, changes)), errorOf(() => checker.values({ ...given, ...changes }))]) {
        expect(error).toBeInstanceOf(FactsInvalidError);
        expect((error as FactsInvalidError).issues.map((i) => i.fact)).toEqual([Object.keys(changes)[0]]);
      }
    }
  });
});

describe('FactChecker: the fast check of a list of objects agrees with the full one', () => {
  it('accepts exactly the honours lists that issues() finds nothing wrong with', () => {
    const given = new FactsGenerator(dictionary, seededRandom(6)).next();
    const ok = { name: '省级示范平台', level: 'province', year: 2024 };
    const lists: unknown[] = [
      [],
      [ok],
      [ok, { ...ok, year: 2023 }],
      [ok, { ...ok }],
      [ok, { level: 'provincial', year: 2024, name: '省级示范平台' }],
      [{ ...ok, extra: 1 }],
      [JSON.parse('{"__proto__": 1, "name": "x", "level": "city"}')],
      [{ level: 'city' }],
      [{ name: null, level: 'city' }],
      [{ ...ok, level: 'galactic' }],
      [{ ...ok, level: 3 }],
      [{ ...ok, year: 2024.5 }],
      [{ ...ok, year: '2024' }],
      [{ ...ok, year: null }],
      [{ ...ok, year: Infinity }],
      [{ ...ok, year: -1 }],
      [{ ...ok, year: 99999 }],
      [{ ...ok, name: 7 }],
      [null],
      ['national'],
      [[ok]],
      'national',
      { 0: ok },
    ];
    const verdicts = lists.map((honours) => {
      const facts = { ...given, honours };
      let accepted = true;
      try {
        checker.values(facts);
      } catch (e) {
        if (!(e instanceof FactsInvalidError)) throw e;
        accepted = false;
      }
      return [accepted, checker.issues(facts).length === 0];
    });
    for (const [accepted, clean] of verdicts) expect(accepted).toBe(clean);
    // Worked out by hand from the dictionary's honours fields (name, level and year required; year a whole number in
    // 2000–2100): only the first three lists are valid; the 4th and 5th repeat an item (the 5th once its keys are
    // sorted), and every later one breaks a field, an item or the list itself.
    expect(verdicts.map(([accepted]) => accepted)).toEqual([true, true, true, false, false, ...Array(lists.length - 5).fill(false)]);
  });
});
