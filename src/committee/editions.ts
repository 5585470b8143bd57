import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CoreError, Evaluator, loadStandard, RulesetInvalidError, type EngineName, type LoadedStandard, type StandardDirs, type ValidationIssue } from '../core/index.js';
import { runRuleTests, type CaseOutcome } from './rule-tests.js';

/** One edition of the standard's rules: a folder with base.json, the four category files and its own tests/. */
export interface Edition {
  /** `rules` for the main folder, `rules/editions/<name>` for the others. */
  folder: string;
  standard: LoadedStandard;
  evaluator: Evaluator;
}

/** The rule tests of an edition failed: the set is not put in force. */
export class RuleTestsFailedError extends CoreError {
  constructor(
    readonly folder: string,
    readonly failures: CaseOutcome[],
  ) {
    super('ruleTestsFailed', {
      zh: `${folder} 的规则测试有 ${failures.length} 个未通过：${failures.map((f) => f.file).join('、')}`,
      en: `${failures.length} rule test(s) of ${folder} failed: ${failures.map((f) => f.file).join(', ')}`,
    });
  }
}

/**
 * Every edition in force or kept: the main `rules/` folder and each complete rules folder under `rules/editions/`.
 * An evaluation for a period uses the edition in force when the period began; during a transition window, when
 * two editions' dates overlap, both can be run side by side.
 */
export class EditionSet {
  constructor(readonly editions: Edition[]) {}

  /** The main folder's edition (`rules/`). */
  get main(): Edition {
    return this.editions[0];
  }

  /** Editions whose ruleset for the category is in force on `date` (YYYY-MM-DD), newest first. */
  inForce(category: string, date: string): Edition[] {
    return this.editions
      .filter((e) => {
        const r = e.evaluator.ruleset(category).ruleset;
        return r.effectiveFrom <= date && (r.effectiveTo === null || date <= r.effectiveTo);
      })
      .sort((a, b) => b.evaluator.ruleset(category).ruleset.effectiveFrom.localeCompare(a.evaluator.ruleset(category).ruleset.effectiveFrom));
  }

  /**
   * The edition for a period (2024, 2024-H2, 2024-Q3, 2024-06): the newest in force when it began; the main one for
   * a period after them all. A period that began before any edition took effect is refused: no rules were in force.
   */
  forPeriod(category: string, period: string): Edition {
    return this.forPeriodAll(category, period)[0];
  }

  /** Every edition in force when the period began (a transition window has two); see `forPeriod`. */
  forPeriodAll(category: string, period: string): Edition[] {
    const start = periodStart(period);
    const inForce = this.inForce(category, start);
    if (inForce.length > 0) return inForce;
    const earliest = this.editions.map((e) => e.evaluator.ruleset(category).ruleset.effectiveFrom).sort()[0];
    if (start < earliest) {
      throw new CoreError('periodBeforeEditions', {
        zh: `期间“${period}”始于 ${start}，早于“${category}”类规则最早的生效日期 ${earliest}：该期没有生效的规则，不予评价`,
        en: `period "${period}" began on ${start}, before the earliest rules for "${category}" took effect (${earliest}): no rules were in force, so it is not scored`,
      });
    }
    return [this.main];
  }

  /** Every distinct ruleset hash across editions and categories. */
  hashes(): Set<string> {
    return new Set(this.editions.flatMap((e) => Object.values(e.standard.rulesets).map((r) => r.hash)));
  }
}

/** The last day of a period: 2024 → 2024-12-31, 2024-H1 → 2024-06-30, 2024-Q3 → 2024-09-30, 2024-06 → 2024-06-30. */
export function periodEnd(period: string): string {
  const start = periodStart(period);
  const months = /^\d{4}$/.test(period) ? 12 : /-H/.test(period) ? 6 : /-Q/.test(period) ? 3 : 1;
  const end = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)) - 1 + months, 0));
  return end.toISOString().slice(0, 10);
}

/** Orders periods by their dates: the one that ends later is later; of two ending together, the shorter one. */
export function comparePeriods(a: string, b: string): number {
  return periodEnd(a).localeCompare(periodEnd(b)) || periodStart(a).localeCompare(periodStart(b));
}

/** The first day of a period: 2024 → 2024-01-01, 2024-H2 → 2024-07-01, 2024-Q3 → 2024-07-01, 2024-06 → 2024-06-01. */
export function periodStart(period: string): string {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(period);
  if (!m) throw new CoreError('periodInvalid', { zh: `期间“${period}”格式不对，应如 2024、2024-H1、2024-Q3 或 2024-06`, en: `period "${period}" should look like 2024, 2024-H1, 2024-Q3 or 2024-06` });
  const [, year, part] = m;
  if (!part) return `${year}-01-01`;
  const month = part[0] === 'H' ? (Number(part[1]) - 1) * 6 + 1 : part[0] === 'Q' ? (Number(part[1]) - 1) * 3 + 1 : Number(part);
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * Loads, validates and compiles every edition, then runs each edition's rule tests, all off to the side: the
 * result is put in force only by the caller, and only when this returns. Throws RulesetInvalidError (every issue
 * of every edition, file paths relative to the rules folder) or RuleTestsFailedError.
 */
export async function loadEditionSet(dirs: StandardDirs, options: { ruleTests?: boolean; engine?: EngineName } = {}): Promise<EditionSet> {
  const folders: { folder: string; path: string }[] = [{ folder: 'rules', path: dirs.rulesDir }];
  const editionsDir = join(dirs.rulesDir, 'editions');
  if (existsSync(editionsDir)) {
    for (const name of readdirSync(editionsDir).sort()) {
      if (statSync(join(editionsDir, name)).isDirectory()) folders.push({ folder: `rules/editions/${name}`, path: join(editionsDir, name) });
    }
  }
  const editions: Edition[] = [];
  const issues: ValidationIssue[] = [];
  for (const { folder, path } of folders) {
    try {
      const standard = loadStandard({ rulesDir: path, criteriaDir: dirs.criteriaDir });
      editions.push({ folder, standard, evaluator: new Evaluator(standard, { engine: options.engine }) });
    } catch (error) {
      if (!(error instanceof RulesetInvalidError)) throw error;
      const prefix = `${basename(path)}/`;
      issues.push(...error.issues.map((i) => (i.file.startsWith(prefix) ? { ...i, file: folder + i.file.slice(prefix.length - 1) } : i)));
    }
  }
  if (issues.length > 0) throw new RulesetInvalidError(issues);
  if (options.ruleTests !== false) {
    for (const [k, edition] of editions.entries()) {
      const report = await runRuleTests(edition.evaluator, join(folders[k].path, 'tests'), dirs.criteriaDir);
      const failures = report.cases.filter((c) => !c.passed);
      if (failures.length > 0) throw new RuleTestsFailedError(edition.folder, failures);
    }
  }
  return new EditionSet(editions);
}
