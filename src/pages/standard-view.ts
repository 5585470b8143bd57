/**
 * What the pages read of the standard's structure and of a result, in one place: the indicator tree's nodes, the
 * categories and Table 1 classes, the top-level scores of a result and the weights' JSON pointers. Everything is
 * taken from the loaded files (nothing here names an id of the shipped standard), so a tree of another shape or
 * other categories changes no page; when the data model changes, this file is the one to adapt.
 */
import { IndicatorIndex } from '../core/tree.js';
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
  return new IndicatorIndex(criteria.indicators).nodes.map((n) => ({
    id: n.id,
    name: n.def.name,
    clause: n.def.clause,
    level: n.level,
    parent: n.parent?.id ?? null,
    leaf: n.leaf,
    definition: n.def.definition,
  }));
}

/** The top level of the tree (what a radar or trend chart shows). */
export const topNodes = (criteria: Pick<Criteria, 'indicators'>) => treeNodes(criteria).filter((n) => n.level === 1);

/** The nodes rules score. */
export const leafNodes = (criteria: Pick<Criteria, 'indicators'>) => treeNodes(criteria).filter((n) => n.leaf);

/** The name of a level of the tree (1 = top), from the file. */
export function levelName(criteria: Pick<Criteria, 'indicators'>, level: number): Text {
  return new IndicatorIndex(criteria.indicators).levelName(level);
}

/**
 * A result's score for each top-level node (0–100, with weight and contribution): the nodes above the leaves, then
 * any leaf that sits at the top level (its points as a percentage of its full mark).
 */
export function resultTop(result: EvaluationResult): { id: string; name: Text; weight: number; score: number; contribution: number }[] {
  const leaves = result.indicators.filter((i) => i.level === 1).map((i) => ({ id: i.id, name: i.name, weight: i.weight, score: i.max > 0 ? Math.round((i.points / i.max) * 10000) / 100 : 0, contribution: i.contribution }));
  return [...result.nodes.filter((n) => n.level === 1).map((n) => ({ id: n.id, name: n.name, weight: n.weight, score: n.score, contribution: n.contribution })), ...leaves];
}

/** A result's leaf scores, each with the id of its parent node (null at the top level). */
export function resultLeaves(result: EvaluationResult): IndicatorScore[] {
  return result.indicators;
}

/** The names of a result's nodes above the leaves, by id (for the headings of a leaf table). */
export function resultNodeNames(result: EvaluationResult): Map<string, Text> {
  return new Map(result.nodes.map((n) => [n.id, n.name]));
}

/**
 * The JSON pointer of a node's weight in a rule file, and its siblings' group: the weights of a group sum to 1
 * (shares of the parent), or to the parent's weight (shares of the total; the top level sums to 1).
 */
export function weightPointer(node: TreeNode): { pointer: string; group: string } {
  return { pointer: `/weights/nodes/${node.id}`, group: node.parent ?? '' };
}

/** A node's weight in a resolved ruleset. */
export function weightOf(ruleset: Ruleset, node: Pick<TreeNode, 'id'>): number | undefined {
  return ruleset.weights.nodes[node.id];
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

/** What a fact's `indicators` entries may name, in words: every node, and the prerequisites, vetoes and bonus. */
export function useNames(criteria: Pick<Criteria, 'indicators'>): Record<string, Text> {
  return {
    ...Object.fromEntries(treeNodes(criteria).map((n) => [n.id, n.name])),
    eligibility: { zh: '参评条件', en: 'Prerequisites' },
    veto: { zh: '一票否决', en: 'Vetoes' },
    bonus: { zh: '加分项', en: 'Bonus items' },
  };
}

/** One use in words (the id itself when the tree has no such node). */
export function useName(criteria: Pick<Criteria, 'indicators'>, use: string): Text {
  return useNames(criteria)[use] ?? { zh: use, en: use };
}
