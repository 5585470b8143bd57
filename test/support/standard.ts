import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDirs, loadStandard, type LoadedStandard, type StandardDirs } from '../../src/core/index.js';

export const SHIPPED: StandardDirs = defaultDirs();

/** The shipped standard's categories (tests may name them; src/ reads them from criteria/classification.json). */
export const CATEGORY_IDS = ['comprehensive', 'professional', 'platform', 'other'] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** Where the example agencies live (results worked out by hand in WORKED.md). */
export const EXAMPLES_DIR = join(import.meta.dirname, '..', 'examples');

/**
 * An example agency file (`test/examples/<name>.json`): its two parts are the API's request bodies, posted as they
 * are: `agency` to `POST /agencies`, `submission` to `POST /agencies/{id}/submissions`.
 */
export interface ExampleFile {
  description: { zh: string; en: string };
  agency: { name: string; creditCode: string; region: string; category: string; classPath: string[] };
  submission: { period: string; facts: Record<string, unknown> };
}

/** An example agency, with its id (the file name), category and facts at hand. */
export type Example = ExampleFile & { id: string; category: string; facts: Record<string, unknown> };

/** Reads one example agency by name (the file name without `.json`). */
export function readExample(name: string): Example {
  const file = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as ExampleFile;
  return { ...file, id: name, category: file.agency.category, facts: file.submission.facts };
}

/** Every example agency, by file name. */
export function allExamples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readExample(f.replace(/\.json$/, '')));
}

let shipped: LoadedStandard | undefined;
/** The shipped criteria and rules, loaded once per test file. */
export function shippedStandard(): LoadedStandard {
  shipped ??= loadStandard(SHIPPED);
  return shipped;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A temporary copy of the shipped `rules/` and `criteria/` folders. */
export function copyShipped(): StandardDirs {
  const root = mkdtempSync(join(tmpdir(), 'sme-eval-'));
  const dirs = { rulesDir: join(root, 'rules'), criteriaDir: join(root, 'criteria') };
  cpSync(SHIPPED.rulesDir, dirs.rulesDir, { recursive: true });
  cpSync(SHIPPED.criteriaDir, dirs.criteriaDir, { recursive: true });
  return dirs;
}

/**
 * A copy of the shipped files changed by `patch` (which edits the parsed rule files by name, e.g. `base.json`),
 * written back as files and loaded through the real loader.
 */
export function patchedDirs(patch: (rules: Record<string, Json>) => void): StandardDirs {
  const dirs = copyShipped();
  const files: Record<string, Json> = {};
  for (const name of readdirSync(dirs.rulesDir).filter((f) => f.endsWith('.json'))) files[name] = JSON.parse(readFileSync(join(dirs.rulesDir, name), 'utf8'));
  patch(files);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dirs.rulesDir, name), JSON.stringify(data, null, 2));
  return dirs;
}

export function patchedStandard(patch: (rules: Record<string, Json>) => void): LoadedStandard {
  return loadStandard(patchedDirs(patch));
}

const ALWAYS = { all: [{ fact: 'staffTotal', operator: 'greaterThanInclusive', value: 0 }] };
const reason = (en: string) => ({ zh: en, en });
/** Test rules are the committee's, with a rationale (a standard basis would have to cite a clause of its indicator). */
export const COMMITTEE = { basis: 'committee', rationale: reason('a rule made for a test') };

/**
 * Rewrites the rule files into a "flat" ruleset whose numbers are easy to work out by hand: round weights, every
 * indicator at full marks (one rule that always matches), no bonus, no category overrides. Tests then change the
 * one part they are about.
 */
export function flatten(rules: Record<string, Json>): void {
  const base = rules['base.json'];
  base.weights = {
    form: 'shareOfParent',
    nodes: {
      foundation: 0.2, needsCommunication: 0.1, execution: 0.2, standardization: 0.2, sustainability: 0.2, impact: 0.1,
      clientScope: 0.2, clientVolume: 0.2, staffSize: 0.2, financialCondition: 0.2, operatingYears: 0.1, infrastructure: 0.1,
      demandResponse: 0.5, serviceCommunication: 0.5,
      resourceIntegration: 0.3, professionalCompetence: 0.4, deliveryExecution: 0.3,
      policyCompliance: 0.4, institutionalSystems: 0.3, processStandardization: 0.3,
      serviceInnovation: 0.25, digitalCapability: 0.25, continuousImprovement: 0.25, teamBuilding: 0.25,
      clientSatisfaction: 0.5, serviceValue: 0.3, honors: 0.2,
    },
  };
  for (const [id, indicator] of Object.entries<Json>(base.indicators)) {
    indicator.max = 100;
    indicator.rules = { full: { ...COMMITTEE, reason: reason(`${id} full marks`), conditions: ALWAYS, points: 100 } };
  }
  base.bonus = { ...COMMITTEE, cap: 105, items: {} };
  for (const category of ['comprehensive', 'professional', 'platform', 'other']) {
    const file = rules[`${category}.json`];
    rules[`${category}.json`] = { extends: 'base.json', id: file.id, category, version: file.version ?? '1.0.0' };
  }
}

/** Sets one indicator's rules in the flat base (replacing them whole). */
export function setRules(rules: Record<string, Json>, indicator: string, indicatorRules: Record<string, Json>): void {
  rules['base.json'].indicators[indicator].rules = indicatorRules;
}

export function rule(conditions: Json, points: Json, extra: Json = {}): Json {
  return { ...COMMITTEE, ...extra, reason: reason('test rule'), conditions, points };
}

export const fact = (name: string, operator: string, value: unknown) => ({ all: [{ fact: name, operator, value }] });

/** Only the required facts, with values that make an eligible agency without vetoes. */
export function requiredFacts(standard: LoadedStandard, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [id, def] of Object.entries(standard.criteria.facts.facts)) {
    if (!def.required || def.derive) continue;
    if (def.type === 'boolean') facts[id] = !def.indicators.includes('veto');
    else if (def.type === 'enum') facts[id] = def.values![def.values!.length - 1];
    else if (def.type === 'list') facts[id] = [];
    else facts[id] = Math.min(def.max ?? Infinity, Math.max(def.min ?? 0, 10));
  }
  return { ...facts, ...overrides };
}
