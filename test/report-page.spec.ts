import { describe, expect, test } from '@jest/globals';
import { Evaluator } from '../src/core/index.js';
import { termsUsed } from '../src/reports/provenance.section.js';
import { reportPage } from '../src/reports/report.page.js';
import type { ReportData } from '../src/reports/report.service.js';
import { useNames } from '../src/pages/standard-view.js';
import { readExample, shippedStandard } from './support/standard.js';

const standard = shippedStandard();
const evaluator = new Evaluator(standard);

async function data(example: string): Promise<ReportData> {
  const ex = readExample(example);
  const result = await evaluator.evaluate(ex.category, ex.facts);
  return {
    evaluation: { id: 'e1', period: '2024', createdAt: '2024-12-31T08:00:00.000Z', rulesetHash: result.ruleset.hash, evaluatedBy: 'test-assessor' },
    agency: { id: 'a1', name: 'A', creditCode: 'X', region: 'R', category: ex.category, categoryName: { zh: '专业类服务机构', en: 'Professional service agencies' }, classNames: [] },
    result,
    categoryAverage: null,
    levels: standard.criteria.indicators.levels,
    standing: null,
    unmet: {},
    advice: null,
    adviceUnderNewerRuleset: false,
    dictionary: standard.criteria.facts,
    useNames: useNames(standard.criteria),
    terms: termsUsed(standard.criteria, evaluator.program(ex.category)),
  };
}

/** The page's text with tags dropped (what a reader sees in both languages). */
const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');

describe('the report page', () => {
  test('a vetoed agency: the veto in words with what was found, and no tick anywhere', async () => {
    const html = reportPage(await data('vetoed-factoring'), 'en');
    expect(html).toContain('data-gate="seriousDishonestyRecord"');
    expect(text(html)).toMatch(/Serious dishonesty record\s*：\s*是\s*yes/);
    expect(text(html)).not.toMatch(/[✓✗]/);
    // The reasons are the rules' words with the agency's values, never the engine's comparison.
    expect(text(html)).not.toMatch(/[≥≤]|= 是/);
  });

  test('a radar with three top-level nodes or more; bars below three', async () => {
    const d = await data('guarantee-company');
    expect(reportPage(d, 'zh')).toContain('data-chart="radar"');
    const kept = d.result.nodes.filter((n) => n.level === 1).slice(0, 2);
    const two = { ...d, result: { ...d.result, nodes: kept, indicators: d.result.indicators.filter((i) => kept.some((x) => x.id === i.parent)) } };
    const html = reportPage(two, 'zh');
    expect(html).toContain('data-chart="bars"');
    expect(JSON.parse(/<script type="application\/json" id="radar-data">(.*?)<\/script>/.exec(html)![1]).chart).toBe('bars');
  });

  test('uses of a missing fact are named, never shown as a raw id', async () => {
    const d = await data('unrated-county-policy-desk');
    const html = reportPage(d, 'en');
    const usedBy = [...html.matchAll(/<td data-field="usedBy">(.*?)<\/td>/g)].map((m) => text(m[1]));
    expect(usedBy.length).toBe(d.result.missingEvidence.length);
    expect(usedBy.length).toBeGreaterThan(0);
    for (const u of usedBy) expect(u).not.toMatch(/\b(bonus|eligibility|veto)\b|[a-z][A-Z]/);
  });
});
