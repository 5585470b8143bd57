/**
 * One test per scoring convention the rule format must express (DOMAIN.md). Each works on a "flat" copy of the
 * shipped rules (round weights, every indicator at full marks) changed in the one part it is about, so every
 * expected number below is worked out by hand from the rules written in the test.
 */
import { describe, expect, it } from '@jest/globals';
import { Evaluator } from '../src/core/index.js';
import { COMMITTEE, fact, flatten, patchedStandard, requiredFacts, rule, setRules } from './support/standard.js';

async function evaluateWith(patch: Parameters<typeof patchedStandard>[0], facts: Record<string, unknown>, category = 'other') {
  const standard = patchedStandard((rules) => {
    flatten(rules);
    patch(rules);
  });
  return new Evaluator(standard).evaluate(category, requiredFacts(standard, facts));
}

const indicator = (result: Awaited<ReturnType<typeof evaluateWith>>, id: string) => result.indicators.find((i) => i.id === id)!;

describe('scoring conventions', () => {
  it('a flat ruleset gives full marks: total 100, every dimension 100%', async () => {
    const r = await evaluateWith(() => {}, {});
    expect(r.total).toBe(100);
    expect(r.nodes.map((d) => d.score)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(r.grade).toBe('fiveStar');
  });

  describe('tiers: the best matching tier wins', () => {
    const tiers = (rules: Record<string, unknown>) =>
      setRules(rules, 'staffSize', {
        t100: rule(fact('staffTotal', 'greaterThanInclusive', 100), 100, { tier: 'size' }),
        t50: rule(fact('staffTotal', 'greaterThanInclusive', 50), 80, { tier: 'size' }),
        t20: rule(fact('staffTotal', 'greaterThanInclusive', 20), 60, { tier: 'size' }),
      });
    it.each([
      [120, 100, 'staffSize.t100'],
      [100, 100, 'staffSize.t100'],
      [60, 80, 'staffSize.t50'],
      [20, 60, 'staffSize.t20'],
    ])('staffTotal %i → %i points, decided by %s alone', async (staff, points, decider) => {
      const r = await evaluateWith(tiers, { staffTotal: staff });
      expect(indicator(r, 'staffSize').points).toBe(points);
      expect(indicator(r, 'staffSize').decidedBy.map((d) => d.rule)).toEqual([decider]);
      expect(indicator(r, 'staffSize').decidedBy[0].compared).toEqual([
        { fact: 'staffTotal', operator: 'greaterThanInclusive', value: Number(decider.match(/\d+$/)![0]), actual: staff, result: true },
      ]);
    });
    it('below every tier scores 0; staffSize weighs 0.2 × 0.2, so the total loses 4 points', async () => {
      const r = await evaluateWith(tiers, { staffTotal: 19 });
      expect(indicator(r, 'staffSize').points).toBe(0);
      expect(r.total).toBe(96);
      expect(r.nodes[0]).toMatchObject({ id: 'foundation', score: 80, contribution: 16 });
    });
  });

  describe('additive items capped at the maximum, with points per unit', () => {
    const channels = (rules: Record<string, unknown>) =>
      setRules(rules, 'demandResponse', {
        perChannel: rule(fact('serviceChannelsCount', 'greaterThan', 0), { perUnit: 20, fact: 'serviceChannels', cap: 100 }),
        crm: rule(fact('crmSystem', 'equal', true), 30),
      });
    it('3 channels (60) + CRM (30) = 90', async () => {
      const r = await evaluateWith(channels, { serviceChannels: ['hotline', 'email', 'wechat'], crmSystem: true });
      expect(indicator(r, 'demandResponse').points).toBe(90);
      // needsCommunication 0.1 × demandResponse 0.5 × 10 lost points = 0.5
      expect(r.total).toBe(99.5);
    });
    it('6 channels (capped at 100) + CRM (30) stays at the indicator maximum 100', async () => {
      const six = ['hotline', 'email', 'wechat', 'website', 'serviceWindow', 'app'];
      const r = await evaluateWith(channels, { serviceChannels: six, crmSystem: true });
      expect(indicator(r, 'demandResponse').points).toBe(100);
      expect(indicator(r, 'demandResponse').decidedBy.map((d) => d.points)).toEqual([100, 30]);
    });
  });

  it('two-level weights (dimension × indicator) differ per category', async () => {
    const patch = (rules: Record<string, Record<string, unknown>>) => {
      setRules(rules, 'digitalCapability', { none: rule(fact('staffTotal', 'greaterThan', 1e9), 100) });
      rules['platform.json'].weights = {
        nodes: {
          foundation: 0.15, needsCommunication: 0.1, execution: 0.15, standardization: 0.15, sustainability: 0.35, impact: 0.1,
          serviceInnovation: 0.2, digitalCapability: 0.4, continuousImprovement: 0.2, teamBuilding: 0.2,
        },
      };
    };
    // other: digitalCapability weighs 0.2 × 0.25 = 0.05 → 95; platform: 0.35 × 0.4 = 0.14 → 86.
    const other = await evaluateWith(patch, {}, 'other');
    const platform = await evaluateWith(patch, {}, 'platform');
    expect(other.total).toBe(95);
    expect(indicator(other, 'digitalCapability')).toMatchObject({ weight: 0.25, effectiveWeight: 0.05, contribution: 0 });
    expect(platform.total).toBe(86);
    expect(indicator(platform, 'digitalCapability')).toMatchObject({ weight: 0.4, effectiveWeight: 0.14 });
    expect(platform.nodes.find((d) => d.id === 'sustainability')).toMatchObject({ weight: 0.35, score: 60, contribution: 21 });
  });

  it('assessor-rated items (酌情加分) score linearly from the stated range', async () => {
    const rated = (rules: Record<string, unknown>) =>
      setRules(rules, 'serviceCommunication', {
        conflict: rule(fact('ratingConflictManagement', 'greaterThanInclusive', 0), { rating: 'ratingConflictManagement', range: [0, 5], max: 25 }),
      });
    expect(indicator(await evaluateWith(rated, { ratingConflictManagement: 3 }), 'serviceCommunication').points).toBe(15);
    expect(indicator(await evaluateWith(rated, { ratingConflictManagement: 4.5 }), 'serviceCommunication').points).toBe(22.5);
    const absent = await evaluateWith(rated, {});
    expect(indicator(absent, 'serviceCommunication')).toMatchObject({ points: 0, missing: ['ratingConflictManagement'] });
    expect(absent.missingEvidence.map((m) => m.fact)).toContain('ratingConflictManagement');
  });

  it('a veto (一票否决) fails the grade whatever the score, with its reason', async () => {
    const r = await evaluateWith(() => {}, { seriousDishonestyRecord: true });
    expect(r.total).toBe(100);
    expect(r).toMatchObject({ vetoed: true, eligible: true, grade: 'vetoed', passing: false });
    expect(r.vetoes.map((v) => v.id)).toContain('seriousDishonestyRecord');
    expect(r.vetoes[0].reason.zh.length).toBeGreaterThan(0);
  });

  it('an unmet prerequisite makes the agency not eligible rather than low-scored', async () => {
    const r = await evaluateWith(() => {}, { independentLegalPerson: false });
    expect(r).toMatchObject({ eligible: false, grade: 'notEligible', passing: false, total: 100 });
    expect(r.unmetPrerequisites.map((p) => p.id)).toEqual(['independentLegalPerson']);
    expect(r.unmetPrerequisites[0].compared).toEqual([
      { fact: 'independentLegalPerson', operator: 'equal', value: true, actual: false, result: false },
    ]);
  });

  it('bonus items lift the total above 100 up to the overall cap', async () => {
    const bonus = (rules: Record<string, Record<string, unknown>>) => {
      rules['base.json'].bonus = {
        ...COMMITTEE,
        cap: 105,
        items: {
          standards: rule(fact('standardsDrafted', 'greaterThan', 0), { perUnit: 2, fact: 'standardsDrafted', cap: 4 }),
          publicInterest: rule(fact('publicInterestServiceShare', 'greaterThanInclusive', 10), 3),
        },
      };
    };
    const capped = await evaluateWith(bonus, { standardsDrafted: 5, publicInterestServiceShare: 12 });
    expect(capped).toMatchObject({ baseTotal: 100, total: 105, bonus: { points: 7, cap: 105 } });
    const under = await evaluateWith(
      (rules) => {
        bonus(rules);
        setRules(rules, 'honors', { none: rule(fact('staffTotal', 'greaterThan', 1e9), 100) });
      },
      { standardsDrafted: 1 },
    );
    // honors weighs 0.1 × 0.2 → base 98, + 2 bonus = 100
    expect(under).toMatchObject({ baseTotal: 98, total: 100, bonus: { points: 2 } });
  });

  describe('grade bands with extra conditions', () => {
    const zero = (indicatorId: string) => (rules: Record<string, unknown>) =>
      setRules(rules, indicatorId, { none: rule(fact('staffTotal', 'greaterThan', 1e9), 100) });
    it('total 95 with a dimension at 50% is not five-star (needs no dimension below 60%): four-star', async () => {
      const r = await evaluateWith(zero('clientSatisfaction'), {});
      expect(r.total).toBe(95);
      expect(r.nodes.find((d) => d.id === 'impact')!.score).toBe(50);
      expect(r.grade).toBe('fourStar');
    });
    it('total 98 with its weakest dimension at 80% is five-star', async () => {
      const r = await evaluateWith(zero('honors'), {});
      expect(r.total).toBe(98);
      expect(r.grade).toBe('fiveStar');
    });
  });

  it('a condition on a missing fact never fires, not even notEqual', async () => {
    const r = await evaluateWith(
      (rules) => setRules(rules, 'infrastructure', { notCrm: rule(fact('crmSystem', 'notEqual', true), 100) }),
      {},
    );
    expect(indicator(r, 'infrastructure')).toMatchObject({ points: 0, missing: ['crmSystem'] });
  });
});
