/**
 * The compact re-grade path (src/core/outcome-plan.ts) against the core's aggregate: for generated agencies of every
 * category, under the shipped rules and under a revision of weights, points, tiers and every-node bands, the plan
 * scored from the matched-rule bitset gives the same total, grade, eligibility, veto, node scores, indicator points
 * and contributions as a full evaluation. The arithmetic is one (score.ts's `tally`); what this holds is the plan's
 * own input and output: the bitset, the point facts read from the facts as submitted, the rounding.
 */
import { describe, expect, it } from '@jest/globals';
import { RuleDecider } from '../src/committee/impact-comparison.js';
import { Evaluator, type LoadedStandard } from '../src/core/index.js';
import { factsRead, OutcomePlan, preparedAgain } from '../src/core/outcome-plan.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { CATEGORY_IDS, type Json, patchedStandard, shippedStandard } from './support/standard.js';

const shipped = shippedStandard();

/** Two more bands need each node of a level at a minimum (generated agencies score 30–65); a dimension weighs 0; points change. */
const revised = patchedStandard((rules) => {
  const base = rules['base.json'];
  base.grades.find((g: Json) => g.id === 'twoStar').everyNodeAtLeast = { level: 1, percent: 55 };
  base.grades.find((g: Json) => g.id === 'oneStar').everyNodeAtLeast = { level: 2, percent: 10 };
  base.indicators.staffSize.rules.staff50.points = 61;
  Object.assign(rules['platform.json'].weights.nodes, { foundation: 0, sustainability: 0.4 });
});

describe.each<[string, LoadedStandard]>([
  ['the shipped rules', shipped],
  ['a revision of bands, weights and points', revised],
])('the compact plan under %s', (_, standard) => {
  const evaluator = new Evaluator(standard);
  const decider = new RuleDecider(evaluator);

  it.each(CATEGORY_IDS)('scores generated %s agencies exactly as the aggregate does', (category) => {
    const dictionary = evaluator.ruleset(category).snapshot.facts;
    const generator = new FactsGenerator(dictionary, seededRandom(7), { vetoRate: 0.08, ineligibleRate: 0.08 });
    const plan = new OutcomePlan(evaluator.program(category), dictionary);
    const prepare = preparedAgain(dictionary);
    const grades = new Set<string>();
    for (let n = 0; n < 300; n++) {
      const facts = generator.next();
      const { result, matched, facts: checked } = evaluator.scoreNow(category, facts);
      const bits = decider.matched(category, facts);
      expect(plan.namesOf(bits)).toEqual(matched);
      expect(prepare(facts)).toEqual(checked);
      // Only the facts some rules read: each of them as checked, and nothing else.
      const some = evaluator.program(category).rules.slice(n % 100, (n % 100) + 5).flatMap((r) => factsRead(r.def.conditions));
      expect(preparedAgain(dictionary, some)(facts)).toEqual(Object.fromEntries(Object.entries(checked).filter(([f]) => some.includes(f))));
      const o = plan.score(bits, facts);
      const actual = {
        total: o.total,
        grade: plan.grades[o.grade],
        eligible: o.eligible,
        vetoed: o.vetoed,
        nodes: plan.nodeIds.map((id, j) => [id, o.nodeScores[j]]),
        indicators: plan.leafIds.map((id, k) => [id, o.points[k], o.contributions[k]]),
      };
      expect(actual).toEqual({
        total: result.total,
        grade: result.grade,
        eligible: result.eligible,
        vetoed: result.vetoed,
        nodes: result.nodes.map((d) => [d.id, d.score]),
        indicators: result.indicators.map((i) => [i.id, i.points, i.contribution]),
      });
      grades.add(result.grade);
    }
    // The sample reaches the gates and several bands, so each path of the grading is compared.
    expect(grades).toContain('notEligible');
    expect(grades).toContain('vetoed');
    expect(grades.size).toBeGreaterThanOrEqual(4);
  });
});

describe('a band with an every-node condition', () => {
  it('is refused to a total above its minimum when a node of its level is below the percentage', () => {
    const evaluator = new Evaluator(revised);
    const dictionary = evaluator.ruleset('other').snapshot.facts;
    const generator = new FactsGenerator(dictionary, seededRandom(7), { vetoRate: 0, ineligibleRate: 0 });
    const plan = new OutcomePlan(evaluator.program('other'), dictionary);
    const decider = new RuleDecider(evaluator);
    // twoStar needs ≥ 60 and every dimension (level 1) at 55 %, oneStar ≥ 50 and every indicator (level 2) at 10 %.
    let held = 0;
    for (let n = 0; n < 400; n++) {
      const facts = generator.next();
      const o = plan.score(decider.matched('other', facts), facts);
      const grade = plan.grades[o.grade];
      if (o.total >= 50 && grade === 'unrated') held++;
      expect(grade).toBe(evaluator.scoreNow('other', facts).result.grade);
    }
    expect(held).toBeGreaterThan(0);
  });
});
