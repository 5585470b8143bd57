import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { CoreError, defaultDirs, Evaluator, schemaDir, type EvaluationResult, type Scored, type Text } from '../core/index.js';
import { schemaErrorText } from '../core/messages.js';

/** The rule-test schema of a criteria folder (its own `schemas/`, else the shipped ones), compiled once per folder. */
const caseValidators = new Map<string, ValidateFunction>();
function caseValidator(criteriaDir: string): ValidateFunction {
  let validate = caseValidators.get(criteriaDir);
  if (!validate) {
    const schema = JSON.parse(readFileSync(join(schemaDir(criteriaDir), 'rule-test.schema.json'), 'utf8')) as object;
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    caseValidators.set(criteriaDir, validate);
  }
  return validate;
}

/** What a case expects; every part is optional, and only the parts given are compared. */
export interface RuleTestExpectation {
  eligible?: boolean;
  vetoed?: boolean;
  grade?: string;
  total?: number;
  vetoes?: string[];
  unmetPrerequisites?: string[];
  /** Scores (0–100) of nodes above the leaves, by node id. */
  nodes?: Record<string, number>;
  indicators?: Record<string, number>;
}

/** One committee-written case: `rules/tests/<category>/<name>.json`. */
export interface RuleTestCase {
  description?: Text;
  facts: Record<string, unknown>;
  expect: RuleTestExpectation;
}

export interface Difference {
  /** What differs, e.g. `total`, `indicators.staffSize`, `grade`. */
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface CaseOutcome {
  category: string;
  name: string;
  file: string;
  passed: boolean;
  differences: Difference[];
  /** Set when the case could not be run (bad facts, bad file). */
  error?: Text;
}

export interface Coverage {
  total: number;
  fired: number;
  percent: number;
  /**
   * Rules no case fires, by the file that writes them. A rule counts once for each place it is written (a rule of
   * base.json inherited unchanged by every category counts once); it fires when its conditions match in some case
   * (a prerequisite: when some case fails it).
   */
  unfired: Record<string, string[]>;
}

export interface RuleTestReport {
  cases: CaseOutcome[];
  passed: number;
  failed: number;
  coverage: Coverage;
}

/**
 * Runs the committee's rule tests, like `opa test`: each case's facts are evaluated and the parts of the result
 * the case names are compared; coverage tells which rules no case fires. Cases are checked against the rule-test
 * schema of `criteriaDir` (the criteria folder the evaluator's standard was read from).
 */
export async function runRuleTests(evaluator: Evaluator, testsDir: string, criteriaDir = defaultDirs().criteriaDir): Promise<RuleTestReport> {
  const validateCase = caseValidator(criteriaDir);
  const cases: CaseOutcome[] = [];
  const categories = evaluator.categories();
  /** Places (file + rule) whose rule matched in some case. */
  const fired = new Set<string>();
  if (existsSync(testsDir)) {
    for (const name of readdirSync(testsDir)) {
      if (statSync(join(testsDir, name)).isDirectory() && !categories.includes(name)) {
        cases.push({ category: name, name, file: `${basename(testsDir)}/${name}/`, passed: false, differences: [], error: { zh: `未知的类别文件夹“${name}”，应为 ${categories.join('、')}`, en: `unknown category folder "${name}"; expected ${categories.join(', ')}` } });
      }
    }
  }
  const placeOf = (category: string, rule: string) => `${evaluator.ruleset(category).ruleFiles[rule] ?? category}\u0000${rule}`;
  for (const category of categories) {
    const dir = join(testsDir, category);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const file = `${basename(testsDir)}/${category}/${name}`;
      const outcome: CaseOutcome = { category, name: name.replace(/\.json$/, ''), file, passed: false, differences: [] };
      cases.push(outcome);
      try {
        const testCase = readCase(join(dir, name), validateCase);
        const scored = await evaluator.score(category, testCase.facts);
        for (const name of firedRules(scored)) fired.add(placeOf(category, name));
        outcome.differences = compare(testCase.expect, scored.result);
        outcome.passed = outcome.differences.length === 0;
      } catch (error) {
        outcome.error = error instanceof CoreError ? error.text : { zh: String(error), en: String(error) };
      }
    }
  }
  const places = new Map<string, { file: string; rule: string }>();
  for (const category of categories) {
    for (const { name } of evaluator.program(category).rules) {
      const place = placeOf(category, name);
      places.set(place, { file: place.split('\u0000')[0], rule: name });
    }
  }
  const unfired: Record<string, string[]> = {};
  for (const [place, { file, rule }] of places) if (!fired.has(place)) (unfired[file] ??= []).push(rule);
  const total = places.size;
  const firedCount = [...places.keys()].filter((p) => fired.has(p)).length;
  const passed = cases.filter((c) => c.passed).length;
  return {
    cases,
    passed,
    failed: cases.length - passed,
    coverage: { total, fired: firedCount, percent: total === 0 ? 100 : Math.round((firedCount / total) * 1000) / 10, unfired },
  };
}

/** The rules a case shows at work: every rule whose conditions matched (whatever it awarded), and prerequisites that failed. */
function firedRules(scored: Scored): string[] {
  const matched = scored.matched.filter((name) => !name.startsWith('prerequisite.'));
  return [...matched, ...scored.result.unmetPrerequisites.map((p) => `prerequisite.${p.id}`)];
}

function readCase(path: string, validateCase: ValidateFunction): RuleTestCase {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CoreError('ruleTestInvalid', { zh: `不是有效的 JSON：${(error as Error).message}`, en: `not valid JSON: ${(error as Error).message}` });
  }
  if (!validateCase(data)) {
    const problems = (validateCase.errors ?? []).map((e) => `${e.instancePath || '/'} ${schemaErrorText(e).en}`);
    const zh = (validateCase.errors ?? []).map((e) => `${e.instancePath || '/'} ${schemaErrorText(e).zh}`);
    throw new CoreError('ruleTestInvalid', { zh: `用例格式不对：${zh.join('；')}`, en: `the case is not well formed: ${problems.join('; ')}` });
  }
  return data as RuleTestCase;
}

/** The parts of the result that differ from what the case expects. */
export function compare(expect: RuleTestExpectation, r: EvaluationResult): Difference[] {
  const out: Difference[] = [];
  const check = (field: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && JSON.stringify(expected) !== JSON.stringify(actual)) out.push({ field, expected, actual });
  };
  check('eligible', expect.eligible, r.eligible);
  check('vetoed', expect.vetoed, r.vetoed);
  check('grade', expect.grade, r.grade);
  check('total', expect.total, r.total);
  check('vetoes', expect.vetoes && [...expect.vetoes].sort(), r.vetoes.map((v) => v.id).sort());
  check('unmetPrerequisites', expect.unmetPrerequisites && [...expect.unmetPrerequisites].sort(), r.unmetPrerequisites.map((p) => p.id).sort());
  for (const [id, score] of Object.entries(expect.nodes ?? {})) check(`nodes.${id}`, score, r.nodes.find((d) => d.id === id)?.score);
  for (const [id, points] of Object.entries(expect.indicators ?? {})) check(`indicators.${id}`, points, r.indicators.find((i) => i.id === id)?.points);
  return out;
}

/** A readable report: pass/fail per case with a diff, then coverage. */
export function formatRuleTestReport(report: RuleTestReport): string {
  const lines: string[] = [];
  for (const c of report.cases) {
    lines.push(`${c.passed ? 'PASS' : 'FAIL'}  ${c.file}`);
    if (c.error) lines.push(`      cannot run: ${c.error.en} / ${c.error.zh}`);
    for (const d of c.differences) lines.push(`      ${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`);
  }
  lines.push('', `${report.passed} passed, ${report.failed} failed`);
  const cov = report.coverage;
  lines.push(`rule coverage: ${cov.fired}/${cov.total} rules fired by some case (${cov.percent}%)`);
  for (const [file, names] of Object.entries(cov.unfired)) lines.push(`  never fired, written in ${file}: ${names.join(', ')}`);
  return lines.join('\n');
}
