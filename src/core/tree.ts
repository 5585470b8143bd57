import type { IndicatorNode, IndicatorTree, Text, Weights } from './types.js';

/** A node of the indicator tree with its place in it. */
export interface TreeNode {
  id: string;
  def: IndicatorNode;
  /** 1 for the top level. */
  level: number;
  parent: TreeNode | null;
  children: TreeNode[];
  /** A node without children: an indicator the rules score. */
  leaf: boolean;
  /** Its JSON pointer in criteria/indicators.json. */
  pointer: string;
}

/**
 * The indicator tree read once: every node in the tree's order, its leaves, and lookups by id. The tree's shape
 * (depth, counts, ids) is whatever `criteria/indicators.json` says; nothing here assumes one.
 */
export class IndicatorIndex {
  /** Every node, depth first in the file's order (a parent before its children). */
  readonly nodes: TreeNode[] = [];
  readonly top: TreeNode[];
  readonly leaves: TreeNode[] = [];
  readonly byId = new Map<string, TreeNode>();
  /** The number of levels (the deepest leaf's level). */
  readonly depth: number;

  constructor(readonly tree: IndicatorTree) {
    const visit = (def: IndicatorNode, parent: TreeNode | null, pointer: string): TreeNode => {
      const node: TreeNode = { id: def.id, def, level: parent ? parent.level + 1 : 1, parent, children: [], leaf: !def.children?.length, pointer };
      this.nodes.push(node);
      if (!this.byId.has(def.id)) this.byId.set(def.id, node);
      if (node.leaf) this.leaves.push(node);
      node.children = (def.children ?? []).map((c, i) => visit(c, node, `${pointer}/children/${i}`));
      return node;
    };
    this.top = (tree.nodes ?? []).map((n, i) => visit(n, null, `/nodes/${i}`));
    this.depth = Math.max(0, ...this.nodes.map((n) => n.level));
  }

  /** The name of a level (1 = top), from the file, or a plain "level n". */
  levelName(level: number): Text {
    return this.tree.levels?.[level - 1] ?? { zh: `第${level}级`, en: `level ${level}` };
  }

  /** The siblings a node's weight is shared with: the top level, or its parent's children. */
  siblingsOf(node: TreeNode): TreeNode[] {
    return node.parent ? node.parent.children : this.top;
  }
}

/** Each node's weight in both forms: as a share of its parent, and as a share of the 100-point total. */
export interface NodeWeights {
  ofParent: Map<string, number>;
  ofTotal: Map<string, number>;
}

/**
 * Reads a ruleset's weights in the form its file states. Scoring uses shares of the parent; a parent of weight 0
 * gives its children 0 in the other form. An absent weight counts as 0 (validation reports it).
 */
export function nodeWeights(index: IndicatorIndex, weights: Weights): NodeWeights {
  const ofParent = new Map<string, number>();
  const ofTotal = new Map<string, number>();
  const given = (id: string) => weights.nodes?.[id] ?? 0;
  for (const node of index.nodes) {
    const w = given(node.id);
    const parentTotal = node.parent ? ofTotal.get(node.parent.id)! : 1;
    if (weights.form === 'shareOfTotal') {
      ofTotal.set(node.id, w);
      ofParent.set(node.id, node.parent ? (parentTotal === 0 ? 0 : w / parentTotal) : w);
    } else {
      ofParent.set(node.id, w);
      ofTotal.set(node.id, w * parentTotal);
    }
  }
  return { ofParent, ofTotal };
}
