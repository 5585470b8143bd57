import { describe, expect, it } from '@jest/globals';
import { Evaluator, FactsInvalidError, UnknownCategoryError } from '../src/core/index.js';
import { requiredFacts, shippedStandard } from './support/standard.js';

async function issuesOf(facts: unknown, category = 'professional') {
  const evaluator = new Evaluator(shippedStandard());
  try {
    await evaluator.evaluate(category, facts);
  } catch (error) {
    if (error instanceof FactsInvalidError) return error.issues;
    throw error;
  }
  throw new Error('expected the facts to be refused');
}

describe('facts are checked against the dictionary before scoring', () => {
  it('a list item counts once: a repeated channel is refused, not counted three times', async () => {
    const issues = await issuesOf({ ...requiredFacts(shippedStandard()), serviceChannels: ['hotline', 'hotline', 'hotline'] });
    expect(issues).toEqual([expect.objectContaining({ fact: 'serviceChannels', code: 'duplicateItem' })]);
    expect(issues[0].message.en).toBe('serviceChannels (Service channels): item 2: repeats item 1 (each item counts once)');
  });

  it('lists every problem at once, each naming its fact', async () => {
    const standard = shippedStandard();
    const facts = JSON.parse(
      JSON.stringify({
        ...requiredFacts(standard),
        staffTotal: 'forty',
        certifiedStaffRatio: 140,
        crmSystem: 'yes',
        staffCount: 12,
        serviceChannelsCount: 3,
        geographicReach: 'galaxy',
      }),
    );
    delete facts.independentLegalPerson;
    const issues = await issuesOf(facts);
    const byFact = Object.fromEntries(issues.map((i) => [i.fact, i.code]));
    expect(byFact).toEqual({
      staffTotal: 'wrongType',
      certifiedStaffRatio: 'outOfRange',
      crmSystem: 'wrongType',
      staffCount: 'unknownFact',
      serviceChannelsCount: 'derivedSupplied',
      geographicReach: 'notAllowed',
      independentLegalPerson: 'missingRequired',
    });
    for (const issue of issues) {
      expect(issue.message.en).toContain(issue.fact);
      expect(issue.message.zh).toContain(issue.fact);
    }
  });

  it('refuses __proto__ keys in facts and in list items', async () => {
    const facts = JSON.parse(`{"__proto__": {"admin": true}, "honours": [{"name": "x", "level": "city", "year": 2024, "constructor": 1}]}`);
    const issues = await issuesOf({ ...requiredFacts(shippedStandard()), ...facts });
    expect(issues.find((i) => i.fact === '__proto__')?.code).toBe('forbiddenKey');
    expect(issues.find((i) => i.fact === 'honours')?.message.en).toContain('item 1');
  });

  it('checks list items field by field', async () => {
    const issues = await issuesOf({ ...requiredFacts(shippedStandard()), honours: [{ name: 'Award', level: 'national', year: 2023 }, { name: 'B', level: 'planet', year: 2024 }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ fact: 'honours', code: 'notAllowed' });
    expect(issues[0].message.en).toContain('item 2');
  });

  it('refuses facts that are not an object', async () => {
    expect((await issuesOf([1, 2]))[0].code).toBe('wrongType');
  });

  it('an unknown category is its own error', async () => {
    await expect(new Evaluator(shippedStandard()).evaluate('bank', requiredFacts(shippedStandard()))).rejects.toBeInstanceOf(UnknownCategoryError);
  });

  it('required facts alone are a valid submission; absent optional facts become missing evidence', async () => {
    const r = await new Evaluator(shippedStandard()).evaluate('other', requiredFacts(shippedStandard()));
    expect(r.missingEvidence.length).toBeGreaterThan(10);
    expect(r.missingEvidence.every((m) => !shippedStandard().criteria.facts.facts[m.fact].required)).toBe(true);
  });
});
