/**
 * What the pages read of the standard's structure and of a result, in one place: the indicator tree's nodes, the
 * categories and Table 1 classes, the top-level scores of a result and the weights' JSON pointers. Everything is
 * taken from the loaded files (nothing here names an id of the shipped standard), so a tree of another shape or
 * other categories changes no page; when the data model changes, this file is the one to adapt.
 */
import type { Classification, Criteria, EvaluationResult, IndicatorScore, Ruleset, Text } from '../core/types.js';

/** A node of the indicator tree as pages show it. */
export interface TreeNode {
  id: string;
  name: Text;
  clause: string;
  /** 1 for the top level. */
  level: number;
  parent: string | null;
  /** Scored by rules (a leaf) or by its children. */
  leaf: boolean;
  definition?: Text;
}

/** Every node of the tree, parents before their children, in the file's order. */
export function treeNodes(criteria: Pick<Criteria, 'indicators'>): TreeNode[] {
  return criteria.indicators.dimensions.flatMap((d) => [
    { id: d.id, name: d.name, clause: d.clause, level: 1, parent: null, leaf: false, definition: d.definition },
    ...d.indicators.map((i) => ({ id: i.id, name: i.name, clause: i.clause, level: 2, parent: d.id, leaf: true, definition: i.definition })),
  ]);
}

/** The top level of the tree (what a radar or trend chart shows). */
export const topNodes = (criteria: Pick<Criteria, 'indicators'>) => treeNodes(criteria).filter((n) => n.level === 1);

/** The nodes rules score. */
export const leafNodes = (criteria: Pick<Criteria, 'indicators'>) => treeNodes(criteria).filter((n) => n.leaf);

/** A result's score for each top-level node (0–100, with weight and contribution), in the tree's order. */
export function resultTop(result: EvaluationResult): { id: string; name: Text; weight: number; score: number; contribution: number }[] {
  return result.dimensions.map((d) => ({ id: d.id, name: d.name, weight: d.weight, score: d.score, contribution: d.contribution }));
}

/** A result's leaf scores, each with the id of its parent node. */
export function resultLeaves(result: EvaluationResult): (IndicatorScore & { parent: string })[] {
  return result.indicators.map((i) => ({ ...i, parent: i.dimension }));
}

/** The JSON pointer of a node's weight in a rule file, and the group whose weights sum to 1. */
export function weightPointer(node: TreeNode): { pointer: string; group: string } {
  return node.level === 1 ? { pointer: `/weights/dimensions/${node.id}`, group: '' } : { pointer: `/weights/indicators/${node.id}`, group: node.parent ?? '' };
}

/** A node's weight in a resolved ruleset. */
export function weightOf(ruleset: Ruleset, node: TreeNode): number | undefined {
  return node.level === 1 ? (ruleset.weights.dimensions as Record<string, number>)[node.id] : ruleset.weights.indicators[node.id];
}

/** The categories of Table 1 (ids and names), in the file's order. */
export function categoryList(classification: Classification): { id: string; name: Text }[] {
  return classification.categories.map((c) => ({ id: c.id, name: c.name }));
}

/** The name of a category id (the id itself when the classification has no such category). */
export function categoryName(classification: Classification, id: string): Text {
  return classification.categories.find((c) => c.id === id)?.name ?? { zh: id, en: id };
}

/** One selectable class of Table 1: the category and the path below it, with names and the description. */
export interface ClassOption {
  category: string;
  path: string[];
  /** `category/second/third[/subtype]`, what a form posts. */
  value: string;
  names: Text[];
  description: Text;
}

/** Every third-level class and named sub-type of Table 1, grouped by category and second-level class. */
export function classOptions(classification: Classification): ClassOption[] {
  return classification.categories.flatMap((c) =>
    c.classes.flatMap((s) =>
      s.classes.flatMap((t) => [
        { category: c.id, path: [s.id, t.id], value: [c.id, s.id, t.id].join('/'), names: [c.name, s.name, t.name], description: t.description },
        ...(t.subtypes ?? []).map((st) => ({ category: c.id, path: [s.id, t.id, st.id], value: [c.id, s.id, t.id, st.id].join('/'), names: [c.name, s.name, t.name, st.name], description: st.description })),
      ]),
    ),
  );
}

/** The second- and third-level classes below each category, for a filter by class (path prefixes). */
export function classPrefixes(classification: Classification): { category: string; path: string; names: Text[] }[] {
  return classification.categories.flatMap((c) =>
    c.classes.flatMap((s) => [
      { category: c.id, path: s.id, names: [s.name] },
      ...s.classes.map((t) => ({ category: c.id, path: `${s.id}/${t.id}`, names: [s.name, t.name] })),
    ]),
  );
}

/** The names of an agency's category and classes (`second/third[/subtype]`). */
export function classNamesOf(classification: Classification, category: string, classPath: string): { categoryName: Text; classNames: Text[] } {
  const option = classOptions(classification).find((o) => o.value === `${category}/${classPath}`);
  return { categoryName: categoryName(classification, category), classNames: option ? option.names.slice(1) : [] };
}

/** What a fact's `indicators` entry names, in words: a leaf node, or the prerequisites, vetoes or bonus. */
export function useName(criteria: Pick<Criteria, 'indicators'>, use: string): Text {
  const special: Record<string, Text> = {
    eligibility: { zh: '参评条件', en: 'Prerequisites' },
    veto: { zh: '一票否决', en: 'Vetoes' },
    bonus: { zh: '加分项', en: 'Bonus items' },
  };
  return special[use] ?? treeNodes(criteria).find((n) => n.id === use)?.name ?? { zh: use, en: use };
}
