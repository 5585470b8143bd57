#!/usr/bin/env node
/**
 * The command line on the scoring core:
 *   validate [--rules DIR] [--criteria DIR]
 *   evaluate [--category ID] [--json] FACTS.json
 *   explain  --category ID --indicator ID FACTS.json
 *   test [DIR] [--min-coverage N]
 *   diff OLD_DIR NEW_DIR [--json]
 *   impact CANDIDATE_DIR [--agencies PATH] [--json]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreError, defaultDirs, Evaluator, FactsInvalidError, loadStandard, RulesetInvalidError } from '../core/index.js';
import { formatRuleTestReport, runRuleTests } from '../committee/rule-tests.js';
import { diffCommand, impactCommand, readAgencies } from './committee-commands.js';
import { formatExplanation, formatIssues, formatResult } from './format.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  validate [--rules DIR] [--criteria DIR]          check the rule and criteria files; lists every error
  evaluate [--category ID] [--json] FACTS.json     evaluate one agency's facts
  explain --category ID --indicator ID FACTS.json  show how one indicator was scored
  test [DIR] [--min-coverage N]                    run the committee's rule tests (default rules/tests/)
  diff OLD_DIR NEW_DIR [--json]                    what changed between two rules folders
  impact CANDIDATE_DIR [--agencies PATH] [--json]  re-score every agency under a candidate rules folder, against
                                                   the active rules; agencies from PATH (JSON array, JSON lines or
                                                   a folder of agency files) or else the server's database

Categories are the ids criteria/classification.json lists; each is scored by rules/<id>.json.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rules: { type: 'string' },
      criteria: { type: 'string' },
      category: { type: 'string' },
      indicator: { type: 'string' },
      json: { type: 'boolean', default: false },
      'min-coverage': { type: 'string' },
      agencies: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file, second] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const defaults = defaultDirs();
  const dirs = {
    rulesDir: values.rules ? resolve(values.rules) : defaults.rulesDir,
    criteriaDir: values.criteria ? resolve(values.criteria) : defaults.criteriaDir,
  };
  const standard = loadStandard(dirs);
  if (command === 'validate') {
    const lines = Object.values(standard.rulesets).map((r) => `  ${r.ruleset.category.padEnd(14)} ${r.ruleset.id} ${r.ruleset.version}  ${r.hash.slice(0, 12)}`);
    console.log(`OK: criteria and rules are valid / 准则与规则文件校验通过\n${lines.join('\n')}`);
    return 0;
  }
  if (command === 'test') {
    const report = await runRuleTests(new Evaluator(standard), file ? resolve(file) : join(dirs.rulesDir, 'tests'));
    console.log(formatRuleTestReport(report));
    const min = values['min-coverage'] === undefined ? 0 : Number(values['min-coverage']);
    if (report.coverage.percent < min) console.log(`coverage ${report.coverage.percent}% is below --min-coverage ${min}%`);
    return report.failed > 0 || report.coverage.percent < min ? 1 : 0;
  }
  if (command === 'diff') {
    if (!file || !second) return usage('diff needs OLD_DIR and NEW_DIR');
    console.log(diffCommand(resolve(file), resolve(second), dirs.criteriaDir, values.json));
    return 0;
  }
  if (command === 'impact') {
    if (!file) return usage('impact needs CANDIDATE_DIR');
    const agencies = values.agencies ? readAgencies(resolve(values.agencies)) : await agenciesFromDatabase();
    console.log(await impactCommand(dirs, resolve(file), agencies, values.json));
    return 0;
  }
  if (command !== 'evaluate' && command !== 'explain') {
    console.error(`Unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (!file) {
    console.error(`${command} needs a FACTS.json file\n\n${USAGE}`);
    return 2;
  }
  const input = readFacts(file);
  const category = values.category ?? input.category;
  if (!category) {
    console.error(`${command} needs --category ID (the file names none)\n\n${USAGE}`);
    return 2;
  }
  const result = await new Evaluator(standard).evaluate(category, input.facts);
  if (command === 'evaluate') {
    console.log(values.json ? JSON.stringify(result, null, 2) : formatResult(result));
    return 0;
  }
  if (!values.indicator) {
    console.error(`explain needs --indicator ID\n\n${USAGE}`);
    return 2;
  }
  const indicator = result.indicators.find((i) => i.id === values.indicator);
  if (!indicator) {
    console.error(`Unknown indicator "${values.indicator}"; one of: ${result.indicators.map((i) => i.id).join(', ')}`);
    return 2;
  }
  console.log(formatExplanation(result, indicator, standard.rulesets[result.category].ruleset));
  return 0;
}

/**
 * A facts file is an object of fact id → value, or an agency file `{ "category": …, "facts": {…} }` like those in
 * test/examples/ (then --category may be left out).
 */
function usage(problem: string): number {
  console.error(`${problem}\n\n${USAGE}`);
  return 2;
}

/** Each agency's latest submission from the database the server is configured with (same environment variables). */
async function agenciesFromDatabase() {
  const { default: dataSource } = await import('../database/data-source.js');
  const { latestSubmissions } = await import('../submissions/latest-submissions.js');
  await dataSource.initialize();
  try {
    return await latestSubmissions(dataSource.manager);
  } finally {
    await dataSource.destroy();
  }
}

function readFacts(file: string): { facts: unknown; category?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CoreError('factsFile', { zh: `无法读取事实文件 ${file}`, en: `cannot read the facts file ${file}` });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CoreError('factsFile', { zh: `${file} 不是有效的 JSON：${(error as Error).message}`, en: `${file} is not valid JSON: ${(error as Error).message}` });
  }
  const agency = data as { facts?: unknown; category?: unknown };
  if (agency && typeof agency.facts === 'object' && typeof agency.category === 'string') {
    return { facts: agency.facts, category: agency.category };
  }
  return { facts: data };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof RulesetInvalidError) console.error(formatIssues(error));
    else if (error instanceof FactsInvalidError) console.error(`${error.text.en}\n${error.issues.map((i) => `  - ${i.message.en}\n    ${i.message.zh}`).join('\n')}`);
    else if (error instanceof CoreError) console.error(`${error.text.en}\n${error.text.zh}`);
    else if (error instanceof Error && error.name === 'TypeError' && /parseArgs|option/i.test(error.message)) console.error(`${error.message}\n\n${USAGE}`);
    else console.error(error);
    process.exit(1);
  },
);
