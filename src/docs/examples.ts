import type { OpenAPIObject } from '@nestjs/swagger';
import type { LoadedStandard } from '../core/index.js';
import { FactsGenerator, seededRandom } from '../sample/facts-generator.js';

type Schema = { properties?: Record<string, { example?: unknown }> };

/**
 * The OpenAPI document with examples taken from the standard in force, so that each request body it shows can be
 * sent as it is: a category and a class path of Table 1, a period in force, and a complete, valid facts object
 * (every fact of the dictionary, of an eligible agency without vetoes) from the seeded sample generator, and a draft
 * of rule files that loads. Any property named `category`, `classPath`, `period`, `facts`, `evidence` or `files` in
 * a schema gets one. The document given is not changed.
 */
export function withLiveExamples(document: OpenAPIObject, standard: LoadedStandard): OpenAPIObject {
  const doc = structuredClone(document);
  const category = standard.criteria.classification.categories[0];
  const classPath: string[] = [];
  for (let level: { id: string; classes?: unknown[] } | undefined = category.classes[0]; level && classPath.length < 3; ) {
    classPath.push(level.id);
    level = level.classes?.[0] as typeof level;
  }
  const facts = new FactsGenerator(standard.criteria.facts, seededRandom(2024), { optionalRate: 1, vetoRate: 0, ineligibleRate: 0 }).next();
  const firstFact = Object.keys(facts)[0];
  // A period in force: the year the newest ruleset took effect (a period before every edition is refused).
  const period = Object.values(standard.rulesets).map((r) => r.ruleset.effectiveFrom.slice(0, 4)).sort().at(-1);
  // A draft that changes one thing (the first category's version, one patch level up): a rules file as the committee
  // would upload it, with `extends` already resolved.
  const draft = structuredClone(standard.rulesets[category.id].ruleset);
  draft.version = draft.version.replace(/(\d+)$/, (n) => String(Number(n) + 1));
  const examples: Record<string, unknown> = {
    files: { [`${category.id}.json`]: JSON.stringify(draft, null, 2) },
    category: category.id,
    period,
    classPath,
    facts,
    evidence: { [firstFact]: ['证明材料 2024-001 / evidence document 2024-001'] },
  };
  for (const schema of Object.values((doc.components?.schemas ?? {}) as Record<string, Schema>)) {
    for (const [name, example] of Object.entries(examples)) {
      const property = schema.properties?.[name];
      if (property && !('$ref' in property)) property.example = example;
    }
  }
  return doc;
}
