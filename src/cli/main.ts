#!/usr/bin/env node
/**
 * The command line on the scoring core and the committee's tools (commander): `validate`, `evaluate`, `explain`,
 * `test`, `diff`, `impact`, each with its own `--help`. Every command that reads the standard takes `--rules` and
 * `--criteria` and reads only the folders it is given. Errors are printed as sentences (zh and en), never stacks.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { join, resolve } from 'node:path';
import { CoreError, defaultDirs, ENGINES, Evaluator, FactsInvalidError, type EngineName, loadStandard, RulesetInvalidError, type StandardDirs } from '../core/index.js';
import { formatRuleTestReport, runRuleTests } from '../committee/rule-tests.js';
import { diffCommand, impactCommand, readAgencies } from './committee-commands.js';
import { agencyInput, readJson, requireDir } from './files.js';
import { formatExplanation, formatIssues, formatResult, table } from './format.js';

interface EngineOption {
  engine: EngineName;
}

interface DirOptions {
  rules: string;
  criteria: string;
}

const RULES = { zh: '规则目录', en: 'rules folder' };
const CRITERIA = { zh: '准则目录', en: 'criteria folder' };

/** `--rules DIR` and `--criteria DIR`, defaulting to the shipped folders. */
function withDirs(cmd: Command, rulesHelp = 'the rules folder / 规则目录'): Command {
  const defaults = defaultDirs();
  return cmd
    .addOption(new Option('--rules <dir>', rulesHelp).default(defaults.rulesDir, 'rules/'))
    .addOption(new Option('--criteria <dir>', 'the criteria folder / 准则目录').default(defaults.criteriaDir, 'criteria/'));
}

/** `--engine`: which engine decides the rules (the compiled closures, or json-rules-engine, their reference). */
function withEngine(cmd: Command): Command {
  return cmd.addOption(new Option('--engine <name>', 'compiled (default) or jre, json-rules-engine / 规则引擎').choices(ENGINES).default('compiled'));
}

/** The folders a command was given, checked to exist (a clear error names a missing one). */
function dirs(o: DirOptions): StandardDirs {
  return { rulesDir: requireDir(resolve(o.rules), RULES), criteriaDir: requireDir(resolve(o.criteria), CRITERIA) };
}

/** `--min-coverage`: a percentage from 0 to 100; anything else is refused before the tests run. */
function percent(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new InvalidArgumentError('must be a number from 0 to 100 / 应为 0 到 100 之间的数');
  }
  return n;
}

/**
 * A facts file is an object of fact id → value, or an agency file that names its category (`{category, facts}`, or
 * the API's request bodies `{agency, submission}` like the examples in test/examples/): then --category may be left
 * out.
 */
function readFacts(file: string): { facts: unknown; category?: string } {
  const data = readJson(file, { zh: '事实文件', en: 'facts file' });
  return agencyInput(data) ?? { facts: data };
}

function needCategory(given: string | undefined, fromFile: string | undefined): string {
  const category = given ?? fromFile;
  if (!category) throw new CoreError('categoryMissing', { zh: '需要 --category（文件中没有 category）', en: 'needs --category ID (the file names none)' });
  return category;
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

function buildProgram(): Command {
  const program = new Command('sme-eval')
    .description('Evaluate SME service agencies against the standard in criteria/ and rules/ · 中小企业服务机构通用能力评价')
    .showHelpAfterError('(add --help for usage / 加 --help 查看用法)')
    .configureHelp({ sortSubcommands: false });

  withDirs(program.command('validate').description('check the criteria and rule files; lists every error / 校验准则与规则文件，列出全部错误')).action((o: DirOptions) => {
    const standard = loadStandard(dirs(o));
    const rows = Object.values(standard.rulesets).map((r) => [r.ruleset.category, r.ruleset.id, r.ruleset.version, r.hash.slice(0, 12)]);
    console.log(`OK: criteria and rules are valid / 准则与规则文件校验通过\n${table(['category / 类别', 'ruleset / 规则集', 'version / 版本', 'hash'], rows)}`);
  });

  withEngine(withDirs(program.command('evaluate').description("evaluate one agency's facts / 评价一个机构的事实")))
    .argument('<facts>', 'FACTS.json: fact id → value, or an agency file {category, facts}')
    .option('--category <id>', 'the agency category, an id from criteria/classification.json (else the one the file names) / 机构类别')
    .option('--json', 'print the full result as JSON / 以 JSON 输出完整结果')
    .action(async (file: string, o: DirOptions & EngineOption & { category?: string; json?: boolean }) => {
      const input = readFacts(file);
      const result = await new Evaluator(loadStandard(dirs(o)), { engine: o.engine }).evaluate(needCategory(o.category, input.category), input.facts);
      console.log(o.json === true ? JSON.stringify(result, null, 2) : formatResult(result));
    });

  withEngine(withDirs(program.command('explain').description('show how one indicator was scored / 说明一个指标如何得分')))
    .argument('<facts>', 'FACTS.json: fact id → value, or an agency file {category, facts}')
    .requiredOption('--indicator <id>', 'the indicator / 指标')
    .option('--category <id>', 'the agency category, an id from criteria/classification.json (else the one the file names) / 机构类别')
    .action(async (file: string, o: DirOptions & EngineOption & { category?: string; indicator: string }) => {
      const input = readFacts(file);
      const standard = loadStandard(dirs(o));
      const result = await new Evaluator(standard, { engine: o.engine }).evaluate(needCategory(o.category, input.category), input.facts);
      const indicator = result.indicators.find((i) => i.id === o.indicator);
      if (!indicator) {
        const ids = result.indicators.map((i) => i.id).join(', ');
        throw new CoreError('unknownIndicator', { zh: `未知的指标“${o.indicator}”，应为：${ids}`, en: `Unknown indicator "${o.indicator}"; one of: ${ids}` });
      }
      console.log(formatExplanation(result, indicator, standard.rulesets[result.category].ruleset));
    });

  withEngine(withDirs(program.command('test').description("run the committee's rule tests / 运行委员会的规则测试")))
    .argument('[dir]', 'the tests folder (default: the rules folder\'s tests/)')
    .addOption(new Option('--min-coverage <percent>', 'fail when rule coverage is below this / 规则覆盖率低于此值则失败').argParser(percent))
    .action(async (testsDir: string | undefined, o: DirOptions & EngineOption & { minCoverage?: number }) => {
      const d = dirs(o);
      const dir = requireDir(testsDir ? resolve(testsDir) : join(d.rulesDir, 'tests'), { zh: '测试目录', en: 'tests folder' });
      const report = await runRuleTests(new Evaluator(loadStandard(d), { engine: o.engine }), dir, d.criteriaDir);
      console.log(formatRuleTestReport(report));
      const min = o.minCoverage ?? 0;
      if (report.coverage.percent < min) console.log(`coverage ${report.coverage.percent}% is below --min-coverage ${min}% / 规则覆盖率低于 ${min}%`);
      if (report.failed > 0 || report.coverage.percent < min) process.exitCode = 1;
    });

  program
    .command('diff')
    .description('what changed between two rules folders / 两个规则目录之间的变化')
    .argument('<old>', 'the old rules folder')
    .argument('<new>', 'the new rules folder')
    .addOption(new Option('--criteria <dir>', 'the criteria folder / 准则目录').default(defaultDirs().criteriaDir, 'criteria/'))
    .option('--json', 'print the changes as JSON')
    .action((oldDir: string, newDir: string, o: { criteria: string; json?: boolean }) => {
      const criteria = requireDir(resolve(o.criteria), CRITERIA);
      console.log(diffCommand(requireDir(resolve(oldDir), RULES), requireDir(resolve(newDir), RULES), criteria, o.json === true));
    });

  withDirs(
    program.command('impact').description('re-score every agency under a candidate rules folder, against the active rules / 候选规则的影响'),
    'the active rules folder / 现行规则目录',
  )
    .argument('<candidate>', 'the candidate rules folder')
    .option('--agencies <path>', 'agencies: a JSON array, JSON lines or a folder of agency files (else the server\'s database)')
    .option('--json', 'print the report as JSON')
    .action(async (candidateDir: string, o: DirOptions & { agencies?: string; json?: boolean }) => {
      const d = dirs(o);
      const candidate = requireDir(resolve(candidateDir), RULES);
      const agencies = o.agencies ? readAgencies(resolve(o.agencies)) : await agenciesFromDatabase();
      console.log(await impactCommand(d, candidate, agencies, o.json === true));
    });

  program
    .command('reevaluate')
    .description("re-evaluate every agency's latest submission under the rules in force and store the results (same environment variables as the server) / 按现行规则重新评价全部机构并保存")
    .option('--by <name>', 'recorded as the evaluator of the new evaluations / 记录为评价人', 'cli')
    .option('--json', 'print the report as JSON')
    .action(async (o: { by: string; json?: boolean }) => {
      const report = await reevaluateCommand(o.by);
      console.log(o.json === true ? JSON.stringify(report, null, 2) : formatReevaluation(report));
      if (report.failedTotal > 0) process.exitCode = 1;
    });

  return program;
}

/**
 * Starts the service's modules without listening (the same configuration, database and rules as the server),
 * re-evaluates every agency with a progress bar, and stops.
 */
async function reevaluateCommand(by: string) {
  const [{ NestFactory }, { loadConfig }, { ReevaluateCliModule }, { ReevaluationService }, { default: cliProgress }] = await Promise.all([
    import('@nestjs/core'),
    import('../config/app-config.js'),
    import('./reevaluate.module.js'),
    import('../evaluations/reevaluation.service.js'),
    import('cli-progress'),
  ]);
  const app = await NestFactory.createApplicationContext(ReevaluateCliModule.forConfig({ ...loadConfig(), evalThreads: 0, rulesWatch: false }), { logger: ['error', 'warn'], abortOnError: false });
  const bar = new cliProgress.SingleBar({ format: 're-evaluating [{bar}] {value}/{total} agencies', hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  let started = false;
  try {
    return await app.get(ReevaluationService).reevaluateAll(by, (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    });
  } finally {
    bar.stop();
    await app.close();
  }
}

function formatReevaluation(r: Awaited<ReturnType<typeof reevaluateCommand>>): string {
  const lines = [
    `${r.agencies} agencies: ${r.stored} new evaluations stored, ${r.unchanged} already evaluated under these rules, ${r.failedTotal} failed (${r.ms} ms)`,
    `${r.agencies} 个机构：新保存评价 ${r.stored} 条，已按现行规则评价 ${r.unchanged} 个，失败 ${r.failedTotal} 个`,
    ...Object.entries(r.hashes).map(([category, hash]) => `  ${category}: ${hash.slice(0, 12)}`),
    ...r.failed.map((f) => `  ✘ ${f.agencyId} (${f.submissionId}): ${f.message}`),
  ];
  return lines.join('\n');
}

/** An error as the user should read it: what is wrong in en and zh, never a stack. */
function report(error: unknown): string {
  if (error instanceof RulesetInvalidError) return formatIssues(error);
  if (error instanceof FactsInvalidError) return `${error.text.en}\n${error.issues.map((i) => `  - ${i.message.en}\n    ${i.message.zh}`).join('\n')}`;
  if (error instanceof CoreError) return `${error.text.en}\n${error.text.zh}`;
  return `unexpected error / 意外错误: ${error instanceof Error ? error.message : String(error)}`;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(report(error));
    process.exitCode = 1;
  });
