import type { ValidationIssue } from './errors.js';
import { issue } from './messages.js';
import { escapePointer } from './safe-path.js';
import type { Classification, FactDictionary, ListItemDef, Text } from './types.js';

/**
 * Fills the values of list facts whose items come from Table 1 (`items.valuesFrom`): the classes of one category at
 * level 2 or 3, labelled with their names, and at level 3 grouped by their second-level class, so that a derived
 * count with `distinct: "group"` counts the second-level classes served. The dictionary that results holds the
 * values themselves, so a stored snapshot of it needs no classification to be read again.
 */
export function fillClassValues(facts: FactDictionary, classification: Classification, issues: ValidationIssue[]): FactDictionary {
  const out: FactDictionary = { ...facts, facts: { ...facts.facts } };
  for (const [id, def] of Object.entries(facts.facts)) {
    const from = def.items?.valuesFrom;
    if (!from) continue;
    const at = `/facts/${escapePointer(id)}/items/valuesFrom`;
    const category = classification.categories.find((c) => c.id === from.classification);
    if (!category) {
      const known = classification.categories.map((c) => c.id);
      issues.push(issue('criteria/facts.json', `${at}/classification`, `表1中没有类别“${from.classification}”（现有：${known.join('、')}）`, `Table 1 has no category "${from.classification}" (it has ${known.join(', ')})`));
      continue;
    }
    const items: ListItemDef = { ...def.items!, values: [], valueLabels: {} };
    const put = (value: string, label: Text) => {
      items.values!.push(value);
      items.valueLabels![value] = label;
    };
    if (from.level === 2) {
      for (const second of category.classes) put(second.id, second.name);
    } else {
      items.groups = {};
      for (const second of category.classes) {
        for (const third of second.classes) {
          put(third.id, third.name);
          items.groups[third.id] = second.id;
        }
      }
    }
    out.facts[id] = { ...def, items };
  }
  return out;
}
