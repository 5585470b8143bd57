/**
 * The committee's tools on a revision with effects worked out by hand from test/examples/WORKED.md:
 *   R1: grade bands: four stars from 80 to 85 (three stars [70, 85));
 *   R2: platform dimension weights: foundation 0.15 → 0.10, sustainability 0.25 → 0.30.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { diffStandards } from '../src/committee/diff.js';
import { comparePeriods, EditionSet, loadEditionSet, periodEnd, periodStart, RuleTestsFailedError } from '../src/committee/editions.js';
import { ImpactBase, summarize, type ImpactAgency } from '../src/committee/impact.js';
import { runRuleTests } from '../src/committee/rule-tests.js';
import { Evaluator, loadStandard } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { allExamples, CATEGORY_IDS, type CategoryId, copyShipped, fact, flatten, type Json, patchedDirs, readExample, requiredFacts, rule, setRules, SHIPPED, shippedStandard } from './support/standard.js';

const examples: ImpactAgency[] = allExamples().map((e) => ({ id: e.id, category: e.category as CategoryId, facts: e.facts }));

function revision(rules: Record<string, Json>): void {
  const grades = rules['base.json'].grades;
  grades.find((g: Json) => g.id === 'fourStar').min = 85;
  grades.find((g: Json) => g.id === 'threeStar').max = 85;
  Object.assign(rules['platform.json'].weights.nodes, { foundation: 0.1, sustainability: 0.3 });
}

const active = shippedStandard();
const candidateDirs = patchedDirs(revision);
const candidate = loadStandard(candidateDirs);

describe('diff', () => {
  it('lists exactly the changed weights and bands, in the committee words, per category', () => {
    const changes = diffStandards(active, candidate);
    const texts = changes.map((c) => `${c.category} ${c.text.en}`);
    expect(texts.sort()).toEqual(
      [
        ...CATEGORY_IDS.flatMap((c) => [
          `${c} grade "Four stars": [80, 90) → [85, 90)`,
          `${c} grade "Three stars": [70, 80) → [70, 85)`,
        ]),
        'platform dimension "Basic institutional capability" weight 0.15 → 0.1',
        'platform dimension "Sustainable development capability" weight 0.25 → 0.3',
      ].sort(),
    );
    expect(changes.find((c) => c.kind === 'weight' && c.pointer === '/weights/nodes/foundation')!.text.zh).toBe('维度“机构基础能力”权重 0.15 → 0.1');
  });

  it('names added, removed and changed rules and vetoes', () => {
    const dirs = patchedDirs((rules) => {
      const staff = rules['base.json'].indicators.staffSize.rules;
      staff.staff50.points = 60;
      delete staff.staff5;
      rules['other.json'].vetoes = { illegalFundraising: null };
    });
    const texts = diffStandards(active, loadStandard(dirs))
      .filter((c) => c.category === 'other')
      .map((c) => c.text.en);
    expect(texts).toEqual([
      'indicator "Staff size" rule staff50: points 55 → 60',
      expect.stringMatching(/^indicator "Staff size" rule staff5 removed: staffTotal ≥ 5 → 20 /),
      expect.stringMatching(/^veto illegalFundraising removed: /),
    ]);
  });
});

describe('impact of a candidate', () => {
  it('reports the transitions, shifts and most affected agencies worked out by hand', async () => {
    const base = await ImpactBase.build(new Evaluator(active), examples);
    const progress: number[] = [];
    const report = await base.compare(new Evaluator(candidate), { onProgress: (done) => progress.push(done) });
    expect(report.agencies).toBe(11);
    expect(progress[progress.length - 1]).toBe(11);
    const byCategory = Object.fromEntries(report.categories.map((c) => [c.category, c]));
    // Bands and weights only: every category is re-graded from stored outcomes.
    expect(report.categories.map((c) => c.mode)).toEqual(['regrade', 'regrade', 'regrade', 'regrade']);
    // guarantee-company 82.40 is below the new four-star minimum 85; the other professional examples keep theirs.
    expect(byCategory.professional.transitions.filter((t) => t.from !== t.to)).toEqual([{ from: 'fourStar', to: 'threeStar', count: 1 }]);
    expect(byCategory.professional.meanShift).toBe(0);
    // b2b-platform: base 83.3175 + 0.05 × (sustainability 93.675 − foundation 91.1) = 83.44625, + 2 bonus → 85.45.
    expect(byCategory.platform).toMatchObject({ meanBefore: 85.32, meanAfter: 85.45, meanShift: 0.13, transitions: [{ from: 'fourStar', to: 'fourStar', count: 1 }] });
    expect(report.mostAffected.map((a) => [a.id, a.before.grade, a.after.grade, a.delta])).toEqual([
      ['b2b-platform', 'fourStar', 'fourStar', 0.13],
      ['guarantee-company', 'fourStar', 'threeStar', 0],
    ]);
    // digitalCapability 100 × 0.4 × (0.30 − 0.25) = +2; serviceInnovation 93.5 × 0.25: 5.84 → 7.01; clientVolume 100 × 0.2 × −0.05 = −1
    expect(report.mostAffected[0].indicators).toEqual([
      { id: 'digitalCapability', before: 10, after: 12, delta: 2 },
      { id: 'serviceInnovation', before: 5.84, after: 7.01, delta: 1.17 },
      { id: 'clientVolume', before: 3, after: 2, delta: -1 },
    ]);
    expect(report.calibration.candidate.professional.grades.threeStar).toBe(report.calibration.active.professional.grades.threeStar + 1);
  });

  it('re-grading stored outcomes and re-running changed rules give exactly what a full evaluation gives', async () => {
    const generator = new FactsGenerator(active.criteria.facts, seededRandom(11));
    const agencies = Array.from({ length: 400 }, (_, i) => ({ id: String(i), category: CATEGORY_IDS[i % 4], facts: generator.next() }));
    const base = await ImpactBase.build(new Evaluator(active), agencies);
    const conditionChange = loadStandard(
      patchedDirs((rules) => {
        revision(rules);
        const staff = rules['base.json'].indicators.staffSize.rules;
        staff.staff50.conditions.all[0].value = 40;
        staff.staff50.points = 60;
      }),
    );
    for (const [standard, mode] of [[candidate, 'regrade'], [conditionChange, 'partial']] as const) {
      const evaluator = new Evaluator(standard);
      const { after, modes } = await base.rescoreAll(evaluator);
      expect([...modes.values()]).toEqual([mode, mode, mode, mode]);
      const fresh = await Promise.all(agencies.map((a) => evaluator.evaluate(a.category, a.facts)));
      expect(after).toEqual(fresh.map(summarize));
    }
  });
});

describe('rule tests', () => {
  it('reports pass and fail per case with a readable diff, and which rules no case fires', async () => {
    const dir = join(copyShipped().rulesDir, 'my-tests');
    mkdirSync(join(dir, 'professional'), { recursive: true });
    const guarantee = readExample('guarantee-company');
    writeFileSync(join(dir, 'professional', 'right.json'), JSON.stringify({ facts: guarantee.facts, expect: { total: 82.4, grade: 'fourStar', indicators: { staffSize: 85 } } }));
    writeFileSync(join(dir, 'professional', 'wrong.json'), JSON.stringify({ facts: guarantee.facts, expect: { total: 90, grade: 'fourStar', nodes: { foundation: 1 } } }));
    const evaluator = new Evaluator(active);
    const report = await runRuleTests(evaluator, dir);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.cases.find((c) => c.name === 'wrong')!.differences).toEqual([
      { field: 'total', expected: 90, actual: 82.4 },
      { field: 'nodes.foundation', expected: 1, actual: 86.75 },
    ]);
    // Rules are counted where they are written: comprehensive.json's own rules, none of which a case fired.
    const ownComprehensive = Object.values(evaluator.ruleset('comprehensive').ruleFiles).filter((f) => f === 'rules/comprehensive.json');
    expect(report.coverage.unfired['rules/comprehensive.json']).toHaveLength(ownComprehensive.length);
    expect(report.coverage.unfired['rules/base.json']).toContain('veto.seriousDishonestyRecord');
    // guarantee-company has 85 staff: the ≥ 50 tier matches, the ≥ 100 tier does not
    expect(report.coverage.unfired['rules/base.json']).not.toContain('staffSize.staff50');
    expect(report.coverage.unfired['rules/base.json']).toContain('staffSize.staff100');
  });

  it('coverage counts a rule once per file that writes it, and a match awarding 0 points as fired', async () => {
    const dirs = patchedDirs((rules) => {
      flatten(rules);
      setRules(rules, 'staffSize', { big: rule(fact('staffTotal', 'greaterThanInclusive', 50), 100), none: rule(fact('staffTotal', 'greaterThanInclusive', 0), 0) });
      rules['platform.json'].indicators = { staffSize: { rules: { big: rule(fact('staffTotal', 'greaterThanInclusive', 40), 100) } } };
    });
    const standard = loadStandard(dirs);
    const dir = join(dirs.rulesDir, 'cases');
    mkdirSync(join(dir, 'other'), { recursive: true });
    writeFileSync(join(dir, 'other', 'forty-five.json'), JSON.stringify({ facts: requiredFacts(standard, { staffTotal: 45 }), expect: {} }));
    const evaluator = new Evaluator(standard);
    const report = await runRuleTests(evaluator, dir);
    // Every category inherits base.json unchanged except platform's own staffSize.big: base's rules once, plus that one.
    expect(report.coverage.total).toBe(evaluator.program('other').rules.length + 1);
    expect(report.coverage.unfired['rules/platform.json']).toEqual(['staffSize.big']);
    expect(report.coverage.unfired['rules/base.json']).toContain('staffSize.big'); // 45 < 50
    expect(report.coverage.unfired['rules/base.json']).not.toContain('staffSize.none'); // matched, 0 points
    expect(report.coverage.unfired['rules/base.json']).not.toContain('clientScope.full');
  });

  it('the shipped rule tests pass and fire every shipped rule', async () => {
    const report = await runRuleTests(new Evaluator(active), join(SHIPPED.rulesDir, 'tests'));
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(32);
    expect(report.coverage.unfired).toEqual({});
  });
});

describe('editions', () => {
  it('periods are ordered by their dates, not as text', () => {
    // As text 2024-H1 sorts after 2024-12 and 2024-06 after 2024. By date the period that ends later is later; of
    // two that end on the same day (2024-H1 and 2024-06, 2024 and 2024-12), the shorter one is the more recent.
    expect(['2024-12', '2024-H1', '2024', '2024-06', '2023-Q4'].sort(comparePeriods)).toEqual(['2023-Q4', '2024-H1', '2024-06', '2024', '2024-12']);
    expect(['2024', '2024-H2', '2024-Q1', '2024-02'].map(periodEnd)).toEqual(['2024-12-31', '2024-12-31', '2024-03-31', '2024-02-29']);
  });

  it('a period begins on its first day', () => {
    expect(['2024', '2024-H2', '2024-Q3', '2024-06', '2024-Q1'].map(periodStart)).toEqual(['2024-01-01', '2024-07-01', '2024-07-01', '2024-06-01', '2024-01-01']);
    expect(() => periodStart('24/06')).toThrow(/should look like 2024/);
  });

  it('an evaluation uses the edition in force when its period began; in a transition window both are in force', async () => {
    const dirs = patchedDirs((rules) => {
      rules['base.json'].effectiveTo = '2027-06-30';
    });
    const next = join(dirs.rulesDir, 'editions', '2027');
    mkdirSync(next, { recursive: true });
    for (const name of ['base.json', ...CATEGORY_IDS.map((c) => `${c}.json`)]) cpSync(join(dirs.rulesDir, name), join(next, name));
    const base = JSON.parse(readFileSync(join(next, 'base.json'), 'utf8'));
    Object.assign(base, { version: '2.0.0', effectiveFrom: '2027-01-01', effectiveTo: null, standard: { ...base.standard, edition: '2027' } });
    writeFileSync(join(next, 'base.json'), JSON.stringify(base));
    const set: EditionSet = await loadEditionSet(dirs, { ruleTests: false });
    expect(set.editions.map((e) => e.folder)).toEqual(['rules', 'rules/editions/2027']);
    const edition = (period: string) => set.forPeriod('platform', period).evaluator.ruleset('platform').ruleset.version;
    expect([edition('2026'), edition('2026-H2'), edition('2027'), edition('2027-Q3')]).toEqual(['1.0.0', '1.0.0', '2.0.0', '2.0.0']);
    // 2025 began before the first edition took effect (2026-01-01): no rules were in force, so it is refused.
    expect(() => set.forPeriod('platform', '2025-H2')).toThrow(/period "2025-H2" began on 2025-07-01, before the earliest rules for "platform" took effect \(2026-01-01\)/);
    expect(set.inForce('platform', '2027-03-01').map((e) => e.folder)).toEqual(['rules/editions/2027', 'rules']);
    expect(set.inForce('platform', '2027-07-01').map((e) => e.folder)).toEqual(['rules/editions/2027']);
  });

  it('a set whose rule tests fail is refused, naming the failing cases', async () => {
    const dirs = copyShipped();
    mkdirSync(join(dirs.rulesDir, 'tests', 'other'), { recursive: true });
    writeFileSync(join(dirs.rulesDir, 'tests', 'other', 'zz-wrong.json'), JSON.stringify({ facts: {}, expect: { grade: 'fiveStar' } }));
    await expect(loadEditionSet(dirs)).rejects.toBeInstanceOf(RuleTestsFailedError);
    await expect(loadEditionSet(dirs)).rejects.toThrow(/rules\/tests\/other\/zz-wrong\.json|tests\/other\/zz-wrong\.json/);
  });
});
