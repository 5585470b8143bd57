/** The CLI as a user runs it: the built `dist/src/cli/main.js` (npm test builds first). */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { copyShipped, requiredFacts, shippedStandard } from './support/standard.js';

const ROOT = join(import.meta.dirname, '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { encoding: 'utf8' });

function factsFile(facts: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sme-cli-')), 'facts.json');
  writeFileSync(file, JSON.stringify(facts));
  return file;
}

describe('cli', () => {
  it('validate passes on the shipped files', () => {
    const run = cli('validate');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('OK');
    expect(run.stdout).toMatch(/│ platform +│ platform +│ 1\.0\.0 +│/);
  });

  it('validate exits 1 and lists every error with file and pointer', () => {
    const dirs = copyShipped();
    cpSync(join(ROOT, 'test/fixtures/not-ok/unknown-operator/rules'), dirs.rulesDir, { recursive: true });
    cpSync(join(ROOT, 'test/fixtures/not-ok/weights-not-one/rules'), dirs.rulesDir, { recursive: true });
    const run = cli('validate', '--rules', dirs.rulesDir, '--criteria', dirs.criteriaDir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('INVALID: 2 error(s)');
    expect(run.stderr).toContain('rules/other.json#/indicators/staffSize/rules/staff100/conditions/all/0/operator');
    expect(run.stderr).toContain('rules/platform.json#/weights/nodes');
    expect(run.stderr).toContain('未知的运算符');
  });

  it('evaluate --json prints the full result with the documented top-level fields', () => {
    const run = cli('evaluate', '--category', 'other', '--json', factsFile(requiredFacts(shippedStandard())));
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    for (const field of ['total', 'grade', 'eligible', 'vetoes', 'nodes', 'indicators', 'ruleset']) expect(result).toHaveProperty(field);
    expect(result.ruleset.hash).toBe(shippedStandard().rulesets.other.hash);
  });

  it('evaluate --engine jre gives the same result as the default compiled engine; an unknown engine is refused', () => {
    const file = factsFile(requiredFacts(shippedStandard(), { staffTotal: 60 }));
    const compiled = cli('evaluate', '--category', 'professional', '--json', file);
    const jre = cli('evaluate', '--category', 'professional', '--json', '--engine', 'jre', file);
    expect([compiled.status, jre.status]).toEqual([0, 0]);
    expect(JSON.parse(jre.stdout)).toEqual(JSON.parse(compiled.stdout));
    const bad = cli('evaluate', '--category', 'professional', '--engine', 'fast', file);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('fast');
  });

  it('evaluate prints a readable table; bad facts exit 1 naming the fact', () => {
    const table = cli('evaluate', '--category', 'platform', factsFile(requiredFacts(shippedStandard())));
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/Total [\d.]+ .*Grade/);
    expect(table.stdout).toContain('digitalCapability');
    const bad = cli('evaluate', '--category', 'platform', factsFile(requiredFacts(shippedStandard(), { staffTotal: -3 })));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('staffTotal');
  });

  it('explain shows the rules of one indicator and the facts they compared', () => {
    const run = cli('explain', '--category', 'professional', '--indicator', 'staffSize', factsFile(requiredFacts(shippedStandard(), { staffTotal: 60 })));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('staffSize');
    expect(run.stdout).toMatch(/✔ counted\s+staff50/);
    expect(run.stdout).toContain('staffTotal = 60  greaterThanInclusive 50 → true');
  });

  it('an unknown category is a clear error', () => {
    const run = cli('evaluate', '--category', 'bank', factsFile({}));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Unknown agency category "bank"');
  });
});
