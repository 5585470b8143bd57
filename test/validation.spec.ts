/**
 * The validation corpus: each folder of test/fixtures/not-ok/ holds rule files that break one check, laid over a
 * copy of the shipped files, and expected.json lists the issues (file, JSON pointer, words) it must produce.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadStandard, RulesetInvalidError, type ValidationIssue } from '../src/core/index.js';
import { copyShipped, SHIPPED } from './support/standard.js';

const CORPUS = join(import.meta.dirname, 'fixtures', 'not-ok');
const cases = readdirSync(CORPUS).sort();

function issuesFor(name: string): ValidationIssue[] {
  const dirs = copyShipped();
  for (const part of ['rules', 'criteria']) {
    const overlay = join(CORPUS, name, part);
    try {
      cpSync(overlay, part === 'rules' ? dirs.rulesDir : dirs.criteriaDir, { recursive: true });
    } catch {
      // this case has no overlay for that folder
    }
  }
  try {
    loadStandard(dirs);
  } catch (error) {
    if (error instanceof RulesetInvalidError) return error.issues;
    throw error;
  }
  return [];
}

describe('validation of criteria and rules files', () => {
  it('the shipped files are valid', () => {
    const standard = loadStandard(SHIPPED);
    expect(Object.keys(standard.rulesets).sort()).toEqual(['comprehensive', 'other', 'platform', 'professional']);
    expect(standard.criteria.indicators.nodes).toHaveLength(6);
    expect(standard.criteria.indicators.nodes.flatMap((d) => d.children ?? [])).toHaveLength(21);
  });

  it('the corpus covers every check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(18);
  });

  it.each(cases)('not-ok/%s is refused with the right file, pointer and message', (name) => {
    const expected = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as { file: string; pointer: string; en: string }[];
    const issues = issuesFor(name);
    expect(issues.length).toBeGreaterThan(0);
    for (const want of expected) {
      const match = issues.find((i) => i.file === want.file && i.pointer === want.pointer && i.message.en.includes(want.en));
      if (!match) throw new Error(`expected ${JSON.stringify(want)} among:\n${issues.map((i) => `${i.file}#${i.pointer} ${i.message.en}`).join('\n')}`);
      expect(match.message.zh.length).toBeGreaterThan(0);
    }
  });

  it('reports every error at once, not the first only', () => {
    const dirs = copyShipped();
    for (const name of ['unknown-operator', 'weights-not-one']) cpSync(join(CORPUS, name, 'rules'), dirs.rulesDir, { recursive: true });
    try {
      loadStandard(dirs);
      throw new Error('expected the rules to be refused');
    } catch (error) {
      const issues = (error as RulesetInvalidError).issues;
      expect([...new Set(issues.map((i) => i.file))].sort()).toEqual(['rules/other.json', 'rules/platform.json']);
      expect(issues.map((i) => i.message.en).join('\n')).toMatch(/unknown operator[\s\S]*should sum to 1|should sum to 1[\s\S]*unknown operator/);
    }
  });
});
