import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkCriteria } from './check-criteria.js';
import { fillClassValues } from './class-values.js';
import { RulesetChecker } from './check-ruleset.js';
import { contentHash } from './canonical.js';
import { RulesetInvalidError, type ValidationIssue } from './errors.js';
import { JsonFileReader } from './files.js';
import { atPointer, mergeRules } from './merge.js';
import { issue } from './messages.js';
import { defaultDirs } from './paths.js';
import {
  type Classification,
  type Criteria,
  type FactDictionary,
  type IndicatorTree,
  type Ruleset,
  type Terms,
} from './types.js';

/** What a ruleset's hash covers: everything that decides a score, so an evaluation can be reproduced from it. */
export interface RulesetSnapshot {
  ruleset: Ruleset;
  facts: FactDictionary;
  indicators: IndicatorTree;
}

export interface CompiledRuleset {
  ruleset: Ruleset;
  hash: string;
  snapshot: RulesetSnapshot;
  /** The file that writes each rule (by rule name, e.g. `staffSize.staff50`), for coverage by place. */
  ruleFiles: Record<string, string>;
}

export interface LoadedStandard {
  criteria: Criteria;
  /** By category id: one for each category `criteria/classification.json` lists. */
  rulesets: Record<string, CompiledRuleset>;
}

export interface StandardDirs {
  rulesDir: string;
  criteriaDir: string;
}

/**
 * Reads `criteria/` and `rules/`, resolves each category file's `extends`, and validates everything: JSON Schemas,
 * then the semantic checks, which run on a file that breaks its schema too, so one run lists every problem. The
 * categories are those `criteria/classification.json` lists, each scored by `rules/<id>.json`. Throws
 * RulesetInvalidError listing every issue; a ruleset that fails is never returned.
 */
export function loadStandard(dirs: StandardDirs): LoadedStandard {
  const issues: ValidationIssue[] = [];
  const reader = new JsonFileReader(schemaDir(dirs.criteriaDir), issues);
  const classification = reader.read(dirs.criteriaDir, 'classification.json', 'classification');
  const indicators = reader.read(dirs.criteriaDir, 'indicators.json', 'indicators');
  const facts = reader.read(dirs.criteriaDir, 'facts.json', 'facts');
  // The rest of the standard's text; a scheme without it has no terms and no references.
  const terms = existsSync(join(dirs.criteriaDir, 'terms.json')) ? reader.read(dirs.criteriaDir, 'terms.json', 'terms') : { terms: [], normativeReferences: [] };
  const rulesFiles = new RuleFiles(reader, dirs.rulesDir, issues);
  const categories = categoryIds(classification);
  const merged = categories.map((category) => ({ category, ...rulesFiles.resolve(category) }));
  rulesFiles.checkUnclaimed(categories);
  if (!classification || !indicators || !facts || !terms) throw new RulesetInvalidError(dedupe(issues));

  const criteria: Criteria = {
    classification: strip(classification) as unknown as Classification,
    indicators: strip(indicators) as unknown as IndicatorTree,
    facts: strip(facts) as unknown as FactDictionary,
    terms: strip(terms) as unknown as Terms,
  };
  guarded(() => (criteria.facts = fillClassValues(criteria.facts, criteria.classification, issues)));
  guarded(() => checkCriteria(criteria, issues));
  const checker = new RulesetChecker(criteria, issues);
  for (const m of merged) {
    if (m.data) guarded(() => checker.check(m.data!, m.category, m.blame, `${basename(dirs.rulesDir)}/${m.category}.json`));
  }
  if (issues.length > 0) throw new RulesetInvalidError(dedupe(issues));

  const rulesets: Record<string, CompiledRuleset> = {};
  for (const m of merged) {
    const ruleset = normalise(m.data as Record<string, unknown>);
    const snapshot: RulesetSnapshot = { ruleset, facts: criteria.facts, indicators: criteria.indicators };
    rulesets[m.category] = { ruleset, hash: contentHash(snapshot), snapshot, ruleFiles: ruleFiles(ruleset, m.blame) };
  }
  return { criteria, rulesets };
}

/** Reads rule files once each and resolves `extends` chains, remembering which file wrote which part. */
class RuleFiles {
  private readonly cache = new Map<string, Record<string, unknown> | undefined>();
  private readonly dirName: string;

  constructor(
    private readonly reader: JsonFileReader,
    private readonly dir: string,
    private readonly issues: ValidationIssue[],
  ) {
    this.dirName = basename(dir);
  }

  /** The merged ruleset of a category (`<category>.json` and the files it extends). */
  resolve(category: string): { data?: Record<string, unknown>; blame: (pointer: string) => string } {
    const name = `${category}.json`;
    if (!existsSync(join(this.dir, name))) {
      this.issues.push(issue(`${this.dirName}/${name}`, '/', `类别“${category}”没有规则文件（classification.json 列出了它）`, `category "${category}" has no rule file (criteria/classification.json lists it)`));
      return { blame: () => `${this.dirName}/${name}` };
    }
    const chain: { name: string; data: Record<string, unknown> }[] = [];
    let current: string | undefined = name;
    while (current) {
      if (chain.some((c) => c.name === current)) {
        this.issues.push(issue(`${this.dirName}/${chain[chain.length - 1].name}`, '/extends', `extends 形成循环：${[...chain.map((c) => c.name), current].join(' → ')}`, `extends goes round in a circle: ${[...chain.map((c) => c.name), current].join(' → ')}`));
        return { blame: () => `${this.dirName}/${name}` };
      }
      const data = this.read(current);
      if (!data) return { blame: () => `${this.dirName}/${name}` };
      chain.push({ name: current, data });
      current = typeof data.extends === 'string' ? data.extends : undefined;
    }
    const merged = chain.reduceRight<unknown>((acc, c) => mergeRules(acc, c.data), {}) as Record<string, unknown>;
    const blame = (pointer: string): string => {
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const owner = chain.find((c) => atPointer(c.data, p) !== undefined);
        if (owner) return `${this.dirName}/${owner.name}`;
        if (p === '') return `${this.dirName}/${name}`;
      }
    };
    return { data: merged, blame };
  }

  /** A rule file that is neither a category's nor extended by one scores nothing: most likely a misnamed category. */
  checkUnclaimed(categories: string[]): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort()) {
      if (this.cache.has(name)) continue;
      const category = name.slice(0, -'.json'.length);
      this.issues.push(
        issue(
          `${this.dirName}/${name}`,
          '/',
          `未知类别“${category}”的规则文件：criteria/classification.json 中没有此类别，也没有类别文件 extends 它（现有类别：${categories.join('、')}）`,
          `rule file for an unknown category "${category}": criteria/classification.json lists no such category and no category file extends it (categories: ${categories.join(', ')})`,
        ),
      );
    }
  }

  private read(name: string): Record<string, unknown> | undefined {
    if (!this.cache.has(name)) this.cache.set(name, this.reader.read(this.dir, name, 'ruleset'));
    return this.cache.get(name);
  }
}

/**
 * The JSON Schemas of the file format: a criteria folder's own `schemas/`, else the shipped ones (a scheme's
 * folder need not copy them; its files' `$schema` lines can point at the shipped schemas for editors).
 */
export function schemaDir(criteriaDir: string): string {
  const own = join(criteriaDir, 'schemas');
  return existsSync(own) ? own : join(defaultDirs().criteriaDir, 'schemas');
}

/** Which file writes each rule of a merged ruleset, by the rule's name as the engine knows it. */
function ruleFiles(r: Ruleset, blame: (pointer: string) => string): Record<string, string> {
  const out: Record<string, string> = {};
  const at = (name: string, pointer: string) => (out[name] = blame(pointer));
  for (const [id, ind] of Object.entries(r.indicators)) for (const key of Object.keys(ind.rules)) at(`${id}.${key}`, `/indicators/${id}/rules/${key}`);
  for (const key of Object.keys(r.prerequisites)) at(`prerequisite.${key}`, `/prerequisites/${key}`);
  for (const key of Object.keys(r.vetoes)) at(`veto.${key}`, `/vetoes/${key}`);
  for (const key of Object.keys(r.bonus.items)) at(`bonus.${key}`, `/bonus/items/${key}`);
  return out;
}

/** The category ids a classification file lists (none when it cannot be read). */
function categoryIds(classification: Record<string, unknown> | undefined): string[] {
  const list = classification?.categories;
  if (!Array.isArray(list)) return [];
  return [...new Set(list.map((c: { id?: unknown }) => c?.id).filter((id): id is string => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id)))];
}

/**
 * Runs a semantic check on data that may have broken its schema: a shape the check cannot read has already been
 * reported by the schema, so a TypeError there adds nothing and is dropped.
 */
function guarded(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

function strip(data: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...data };
  delete rest.$schema;
  delete rest.extends;
  return rest;
}

function normalise(data: Record<string, unknown>): Ruleset {
  const r = strip(data) as unknown as Ruleset;
  const { cap, items, ...provenance } = r.bonus;
  return { ...r, effectiveTo: r.effectiveTo ?? null, bonus: { ...provenance, cap, items: items ?? {} } };
}

/**
 * Drops repeated issues. One problem in a shared file (base.json) found through several category files is kept
 * once, naming the categories it reaches.
 */
function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const byKey = new Map<string, ValidationIssue>();
  for (const i of issues) {
    const key = `${i.file}|${i.pointer}|${i.message.en}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...i, categories: i.categories && [...i.categories] });
    else if (i.categories) seen.categories = [...new Set([...(seen.categories ?? []), ...i.categories])];
  }
  return [...byKey.values()].map(({ categories, ...i }) =>
    categories?.length
      ? { ...i, message: { zh: `${i.message.zh}（影响类别：${categories.join('、')}）`, en: `${i.message.en} (reaches categories: ${categories.join(', ')})` } }
      : i,
  );
}
