import { basename, join } from 'node:path';
import { checkCriteria } from './check-criteria.js';
import { RulesetChecker } from './check-ruleset.js';
import { contentHash } from './canonical.js';
import { RulesetInvalidError, type ValidationIssue } from './errors.js';
import { JsonFileReader } from './files.js';
import { atPointer, mergeRules } from './merge.js';
import { issue } from './messages.js';
import {
  CATEGORY_IDS,
  type CategoryId,
  type Classification,
  type Criteria,
  type FactDictionary,
  type IndicatorTree,
  type Ruleset,
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
}

export interface LoadedStandard {
  criteria: Criteria;
  rulesets: Record<CategoryId, CompiledRuleset>;
}

export interface StandardDirs {
  rulesDir: string;
  criteriaDir: string;
}

/**
 * Reads `criteria/` and `rules/`, resolves each category file's `extends`, and validates everything: JSON Schemas
 * first, then the semantic checks. Throws RulesetInvalidError listing every issue; a ruleset that fails is never
 * returned.
 */
export function loadStandard(dirs: StandardDirs): LoadedStandard {
  const issues: ValidationIssue[] = [];
  const reader = new JsonFileReader(join(dirs.criteriaDir, 'schemas'), issues);
  const classification = reader.read(dirs.criteriaDir, 'classification.json', 'classification');
  const indicators = reader.read(dirs.criteriaDir, 'indicators.json', 'indicators');
  const facts = reader.read(dirs.criteriaDir, 'facts.json', 'facts');
  const rulesFiles = new RuleFiles(reader, dirs.rulesDir, issues);
  const merged = CATEGORY_IDS.map((category) => ({ category, ...rulesFiles.resolve(`${category}.json`) }));
  if (!classification || !indicators || !facts) throw new RulesetInvalidError(dedupe(issues));

  const criteria: Criteria = {
    classification: strip(classification) as unknown as Classification,
    indicators: strip(indicators) as unknown as IndicatorTree,
    facts: strip(facts) as unknown as FactDictionary,
  };
  checkCriteria(criteria, issues);
  const checker = new RulesetChecker(criteria, issues);
  for (const m of merged) if (m.data) checker.check(m.data, m.category, m.blame, `${basename(dirs.rulesDir)}/${m.category}.json`);
  if (issues.length > 0) throw new RulesetInvalidError(dedupe(issues));

  const rulesets = {} as Record<CategoryId, CompiledRuleset>;
  for (const m of merged) {
    const ruleset = normalise(m.data as Record<string, unknown>);
    const snapshot: RulesetSnapshot = { ruleset, facts: criteria.facts, indicators: criteria.indicators };
    rulesets[m.category] = { ruleset, hash: contentHash(snapshot), snapshot };
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

  resolve(name: string): { data?: Record<string, unknown>; blame: (pointer: string) => string } {
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

  private read(name: string): Record<string, unknown> | undefined {
    if (!this.cache.has(name)) this.cache.set(name, this.reader.read(this.dir, name, 'ruleset'));
    return this.cache.get(name);
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
  return { ...r, effectiveTo: r.effectiveTo ?? null, bonus: { cap: r.bonus.cap, items: r.bonus.items ?? {} } };
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.file}|${i.pointer}|${i.message.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
