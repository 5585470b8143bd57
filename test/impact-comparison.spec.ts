/**
 * The impact comparison beyond the hand-worked revision of test/committee.spec.ts: a condition change on derived
 * facts (re-run on just the facts the changed rules read), a change of the fact dictionary (every rule run again),
 * and the most-affected list cut to its top as agencies come, which must be the top of the full ranking.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ImpactBase, summarize, type ImpactAgency } from '../src/committee/impact.js';
import { Evaluator, loadStandard } from '../src/core/index.js';
import { FactsGenerator, seededRandom } from '../src/sample/facts-generator.js';
import { CATEGORY_IDS, type Json, patchedDirs, shippedStandard } from './support/standard.js';

const active = shippedStandard();
const generator = new FactsGenerator(active.criteria.facts, seededRandom(23), { vetoRate: 0.05, ineligibleRate: 0.05 });
const agencies: ImpactAgency[] = Array.from({ length: 400 }, (_, i) => ({ id: String(i), category: CATEGORY_IDS[i % 4], facts: generator.next() }));
const base = await ImpactBase.build(new Evaluator(active), agencies);

/** Every agency's result under `evaluator` by a full evaluation, as the report reads it. */
const fresh = (evaluator: Evaluator) => Promise.all(agencies.map((a) => evaluator.evaluate(a.category, a.facts).then(summarize)));

describe('a candidate compared with the stored outcomes', () => {
  it('re-runs changed rules that read derived facts, on just those facts, as a full evaluation scores them', async () => {
    const candidate = new Evaluator(
      loadStandard(
        patchedDirs((rules: Record<string, Json>) => {
          const rulesOf = rules['base.json'].indicators;
          rulesOf.honors.rules.nationalHonours.conditions.all[0].value = 1; // honoursNationalCount > 1
          rulesOf.clientScope.rules.industryBreadth.conditions.all[0].operator = 'greaterThanInclusive'; // industriesServedCount ≥ 0
        }),
      ),
    );
    const { after, modes } = await base.rescoreAll(candidate);
    expect([...modes.values()]).toEqual(['partial', 'partial', 'partial', 'partial']);
    expect(after).toEqual(await fresh(candidate));
    // The changes move some agencies (not a comparison of identical results).
    const report = await base.compare(candidate);
    expect(report.mostAffected.length).toBeGreaterThan(0);
  });

  it('runs every rule again when the fact dictionary changed, as a full evaluation scores them', async () => {
    const dirs = patchedDirs((rules: Record<string, Json>) => {
      Object.assign(rules['platform.json'].weights.nodes, { foundation: 0.1, sustainability: 0.3 });
    });
    const factsFile = join(dirs.criteriaDir, 'facts.json');
    const facts = JSON.parse(readFileSync(factsFile, 'utf8'));
    const first = Object.keys(facts.facts)[0];
    facts.facts[first].label = { zh: `${facts.facts[first].label.zh}（修订）`, en: `${facts.facts[first].label.en} (revised)` };
    writeFileSync(factsFile, JSON.stringify(facts, null, 2));
    const candidate = new Evaluator(loadStandard(dirs));
    const { after, modes } = await base.rescoreAll(candidate);
    expect([...modes.values()]).toEqual(['rescore', 'rescore', 'rescore', 'rescore']);
    expect(after).toEqual(await fresh(candidate));
  });

  it('lists as most affected the top of the full ranking, though the list is cut as agencies come', async () => {
    const candidate = new Evaluator(
      loadStandard(
        patchedDirs((rules: Record<string, Json>) => {
          Object.assign(rules['platform.json'].weights.nodes, { foundation: 0.1, sustainability: 0.3 });
          rules['base.json'].indicators.staffSize.rules.staff50.points = 60;
        }),
      ),
    );
    // 400 agencies, most of them moved: a list of 3 is cut many times on the way; one of 400 never is.
    const full = await base.compare(candidate, { top: 400 });
    const cut = await base.compare(candidate, { top: 3 });
    expect(full.mostAffected.length).toBeGreaterThan(100);
    expect(cut.mostAffected).toEqual(full.mostAffected.slice(0, 3));
    // The ranking worked out from full evaluations: by size of the change, ties in the agencies' order.
    const [before, after] = await Promise.all([fresh(new Evaluator(active)), fresh(candidate)]);
    const ranked = agencies
      .map((a, i) => ({ id: a.id, delta: Math.abs(Math.round((after[i].total - before[i].total) * 100) / 100), moved: after[i].total !== before[i].total || after[i].grade !== before[i].grade }))
      .filter((x) => x.moved)
      .sort((p, q) => q.delta - p.delta);
    expect(full.mostAffected.map((a) => a.id)).toEqual(ranked.map((x) => x.id));
    expect(cut.mostAffected.map((a) => a.id)).toEqual(ranked.slice(0, 3).map((x) => x.id));
    expect({ ...cut, mostAffected: [] }).toEqual({ ...full, mostAffected: [] });
  });
});
