/**
 * Provenance: every rule, prerequisite, veto, bonus item and grade band says whether the standard makes it (citing a
 * clause recorded in criteria/) or the committee does (with its rationale); the rest of the standard's text (terms,
 * references, Table 1's two labels) is data; "two or more kinds of service" is counted by Table 1's classes.
 */
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Advisor } from '../src/advice/advisor.js';
import { diffStandards } from '../src/committee/diff.js';
import { formatExplanation, formatResult } from '../src/cli/format.js';
import {
  Evaluator,
  knownClauses,
  loadStandard,
  provenanceEntries,
  repoRoot,
  RulesetInvalidError,
  type LoadedStandard,
  type ValidationIssue,
} from '../src/core/index.js';
import { patchedDirs, requiredFacts, shippedStandard, type Json } from './support/standard.js';

const SCHEME = join(repoRoot(), 'examples', 'schemes', 'provincial');
const provincial = () => loadStandard({ rulesDir: join(SCHEME, 'rules'), criteriaDir: join(SCHEME, 'criteria') });

function refusal(patch: (rules: Record<string, Json>) => void): ValidationIssue[] {
  try {
    loadStandard(patchedDirs(patch));
  } catch (error) {
    if (error instanceof RulesetInvalidError) return error.issues;
    throw error;
  }
  throw new Error('expected the rules to be refused');
}

describe('every rule states its basis', () => {
  it.each([
    ['the shipped standard', shippedStandard],
    ['the provincial example scheme', provincial],
  ])('%s: each standard basis cites a clause recorded in criteria/, each committee basis gives its rationale', (_, load: () => LoadedStandard) => {
    const standard = load();
    const clauses = knownClauses(standard.criteria);
    for (const [category, { ruleset }] of Object.entries(standard.rulesets)) {
      const entries = provenanceEntries(ruleset);
      const rules = Object.values(ruleset.indicators).reduce((n, i) => n + Object.keys(i.rules).length, 0);
      const gates = Object.keys(ruleset.prerequisites).length + Object.keys(ruleset.vetoes).length;
      // every scoring rule, gate, bonus item and grade band, plus the bonus (its cap) and the effective date
      expect(entries).toHaveLength(rules + gates + Object.keys(ruleset.bonus.items).length + ruleset.grades.length + 2);
      for (const { pointer, provenance: p } of entries) {
        const where = `${category} ${pointer}`;
        if (p.basis === 'standard') {
          expect([where, clauses.has(p.clause!)]).toEqual([where, true]);
          expect([where, p.rationale]).toEqual([where, undefined]);
        } else {
          expect([where, p.basis]).toEqual([where, 'committee']);
          expect([where, p.clause]).toEqual([where, undefined]);
          expect(p.rationale!.zh.length).toBeGreaterThan(20);
          expect(p.rationale!.en.length).toBeGreaterThan(20);
        }
      }
    }
  });

  it('refuses a standard basis without a clause, or citing a clause criteria/ does not record', () => {
    const gate = { reason: { zh: '测试', en: 'test' }, conditions: { all: [{ fact: 'operatingYears', operator: 'greaterThanInclusive', value: 2 }] } };
    const noClause = refusal((rules) => (rules['base.json'].prerequisites.minimumOperatingYears = { basis: 'standard', ...gate }));
    expect(noClause).toContainEqual(expect.objectContaining({ file: 'rules/base.json', pointer: '/prerequisites/minimumOperatingYears', message: expect.objectContaining({ en: expect.stringContaining('a "standard" basis must cite the clause') }) }));
    const unknown = refusal((rules) => (rules['base.json'].prerequisites.minimumOperatingYears = { basis: 'standard', clause: '5.1.8', ...gate }));
    expect(unknown).toContainEqual(expect.objectContaining({ pointer: '/prerequisites/minimumOperatingYears/clause', message: expect.objectContaining({ en: expect.stringContaining('clause "5.1.8" is not recorded in criteria/') }) }));
    // a scoring rule may cite its own indicator's clauses only
    const elsewhere = refusal((rules) => (rules['base.json'].indicators.staffSize.rules.staff100.clause = '5.1.6'));
    expect(elsewhere).toContainEqual(expect.objectContaining({ pointer: '/indicators/staffSize/rules/staff100/clause', message: expect.objectContaining({ en: expect.stringContaining('clause "5.1.6" is not this indicator\'s (it may cite 5.1.4, 5.1)') }) }));
  });

  it('the citations the audit found wrong are the committee\'s now, each with its reason', () => {
    const { ruleset } = shippedStandard().rulesets.comprehensive;
    for (const id of ['independentLegalPerson', 'minimumOperatingYears', 'soundFinancialManagement']) {
      expect(ruleset.prerequisites[id]).toMatchObject({ basis: 'committee' });
      expect(ruleset.prerequisites[id].clause).toBeUndefined();
    }
    expect(ruleset.prerequisites.independentLegalPerson.rationale!.en).toContain('3.1');
    expect(ruleset.prerequisites.minimumOperatingYears.rationale!.en).toContain('5.1.6');
    expect(ruleset.prerequisites.soundFinancialManagement.rationale!.en).toContain('5.1.5');
    expect(Object.values(ruleset.vetoes).map((v) => v.basis)).toEqual(['committee', 'committee', 'committee', 'committee', 'committee']);
    expect(ruleset.bonus).toMatchObject({ basis: 'committee', cap: 105 });
    expect(Object.values(ruleset.bonus.items).every((b) => b.basis === 'committee')).toBe(true);
    expect(ruleset.grades.every((g) => g.basis === 'committee')).toBe(true);
    expect(ruleset.effectiveFromBasis).toMatchObject({ basis: 'committee' });
    // what the standard does say: 4 a), two or more kinds of professional service
    expect(ruleset.prerequisites.multipleServiceKinds).toMatchObject({ basis: 'standard', clause: '4 a)' });
  });

  it('a result carries the basis of each trace, gate and grade; explain and the evaluate output show it', async () => {
    const standard = shippedStandard();
    const evaluator = new Evaluator(standard);
    const facts = requiredFacts(standard, { operatingYears: 1.5, staffTotal: 60, staffFullTime: 25 });
    const r = await evaluator.evaluate('platform', facts);
    expect(r.unmetPrerequisites).toEqual([expect.objectContaining({ id: 'minimumOperatingYears', basis: 'committee', rationale: expect.objectContaining({ zh: expect.stringContaining('5.1.6') }) })]);
    expect(r.gradeBasis).toBeNull(); // not eligible is not a band
    const staff = r.indicators.find((i) => i.id === 'staffSize')!;
    expect(staff.decidedBy.map((t) => [t.rule, t.basis, t.clause])).toEqual([
      ['staffSize.staff50', 'standard', '5.1.4'],
      ['staffSize.fullTime20', 'committee', undefined],
    ]);
    const text = formatResult(r);
    expect(text).toContain('not eligible: 应依法登记并持续运营满2年 / The agency must have operated for at least 2 years [委员会设定 / committee default]');
    expect(text).toContain('why: The standard sets no prerequisites. 5.1.6 makes years in operation a scored indicator');
    const explained = formatExplanation(r, staff, standard.rulesets.platform.ruleset);
    expect(explained).toMatch(/staff50 \(tier size\) \[5\.1\.4\] \+55/);
    expect(explained).toMatch(/fullTime20 \(tier fullTime\) \[委员会设定 \/ committee default\] \+20/);
    expect(explained).toContain('why: 5.1.4 counts all staff, formal and informal alike');
    const graded = await evaluator.evaluate('platform', { ...facts, operatingYears: 3 });
    expect(graded.gradeBasis).toMatchObject({ basis: 'committee', rationale: { zh: expect.stringContaining('标准未规定等级') } });
  });

  it('the diff names a change of basis', () => {
    const before = shippedStandard();
    const after = loadStandard(
      patchedDirs((rules) => {
        const veto = rules['base.json'].vetoes.illegalFundraising;
        delete veto.rationale;
        Object.assign(veto, { basis: 'standard', clause: '5.4.2' });
      }),
    );
    const texts = diffStandards(before, after).filter((c) => c.category === 'professional').map((c) => c.text.en);
    expect(texts).toEqual(['veto illegalFundraising: basis committee default → standard 5.4.2']);
  });
});

describe('the rest of the standard as data', () => {
  it('terms 3.1–3.4 with their sources, the four normative references, and Table 1\'s two labels', () => {
    const { criteria } = shippedStandard();
    expect(criteria.terms.terms.map((t) => [t.clause, t.term.zh])).toEqual([
      ['3.1', '中小企业'],
      ['3.2', '中小企业服务机构'],
      ['3.3', '服务能力'],
      ['3.4', '通用能力'],
    ]);
    const sme = criteria.terms.terms[0];
    expect(sme.source!.zh).toContain('工信部联企业〔2011〕300号');
    expect(sme.inEvaluation!.en).toContain('Only clients that meet this size criterion');
    expect(criteria.terms.normativeReferences.map((r) => r.code)).toEqual(['GB/T 4754-2017', 'DB53/T 1117-2022', 'DB34/T 3727-2020', 'DB34/T 4364—2023']);
    const clauses = knownClauses(criteria);
    for (const c of ['2', '3.1', '3.4', '4 a)', '4 d)', '5.1', '5.1.2 a)', '5.6.4']) expect([c, clauses.has(c)]).toEqual([c, true]);
    expect(clauses.has('5.1.1')).toBe(false); // an overview is its dimension's definition, not a clause of its own here
    const other = criteria.classification.categories.find((c) => c.id === 'other')!;
    expect(other.name.zh).toBe('其他服务机构');
    expect(other.labels!.variants).toEqual([expect.objectContaining({ name: expect.objectContaining({ zh: '其他咨询机构' }) })]);
    expect(other.labels!.choice.zh).toContain('第4章');
    // the facts that count clients name the SME term, so a report can say which clients count
    expect(criteria.facts.facts.clientsServedLastYear.terms).toEqual(['sme']);
  });
});

describe('"two or more kinds of service" counts Table 1\'s second-level classes', () => {
  const standard = shippedStandard();
  const evaluator = new Evaluator(standard);
  const comprehensive = (servicesOffered: string[]) => evaluator.evaluate('comprehensive', requiredFacts(standard, { servicesOffered }));

  it('the list takes Table 1\'s professional third-level classes, each grouped under its second-level class', () => {
    const items = standard.criteria.facts.facts.servicesOffered.items!;
    expect(items.values).toHaveLength(3 + 6 + 6 + 3 + 2 + 2); // Table 1's professional rows, by second-level class
    expect(items.valueLabels!.legalServices.zh).toBe('法律服务机构');
    expect([items.groups!.humanResources, items.groups!.legalServices, items.groups!.financingGuarantee]).toEqual(['managementConsulting', 'managementConsulting', 'investmentFinancing']);
  });

  it('人力资源 + 法律 are one class (管理咨询): not eligible; 法律 + 融资担保 are two: eligible', async () => {
    const oneClass = await comprehensive(['humanResources', 'legalServices']);
    expect(oneClass.eligible).toBe(false);
    expect(oneClass.unmetPrerequisites).toEqual([
      expect.objectContaining({ id: 'multipleServiceKinds', basis: 'standard', clause: '4 a)', compared: [expect.objectContaining({ fact: 'serviceClassesCount', actual: 1 })] }),
    ]);
    const twoClasses = await comprehensive(['legalServices', 'financingGuarantee']);
    expect(twoClasses.eligible).toBe(true);
    expect(twoClasses.unmetPrerequisites).toEqual([]);
  });

  it('the advice for 人力资源 + 法律 adds a service of another class, not a third 管理咨询 one', async () => {
    const advice = await new Advisor(standard, evaluator).advise('comprehensive', requiredFacts(standard, { servicesOffered: ['humanResources', 'legalServices'] }));
    expect(advice.blockers).toEqual([
      expect.objectContaining({ id: 'multipleServiceKinds', basis: 'standard', clause: '4 a)', changes: [expect.objectContaining({ fact: 'servicesOffered', to: ['humanResources', 'legalServices', 'policyResearch'] })] }),
    ]);
  });

  it('refuses a value that is not a professional third-level class of Table 1', () => {
    expect(() => evaluator.checkFacts('comprehensive', requiredFacts(standard, { servicesOffered: ['managementConsulting'] }))).toThrow(/servicesOffered.*"managementConsulting" is not an allowed value/);
  });
});
