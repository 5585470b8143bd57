/**
 * JSON pointers on a CodeMirror document: where a pointer's value is in the text (for diagnostics), and edits that
 * change one value in place, add a missing key, or remove one, leaving the rest of the file as it was written (so
 * a draft downloaded for version control differs from the rules in force only where it was edited).
 */
import { ensureSyntaxTree, syntaxTree } from '@codemirror/language';
import type { EditorState, TransactionSpec } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';

const VALUE = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

/** The segments of a JSON pointer (`/a/b~1c` → a, b/c). */
export const segmentsOf = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A JSON pointer from segments. */
export const pointerOf = (segments: (string | number)[]): string => segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** The value at a pointer in parsed JSON, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  let at = root;
  for (const s of segmentsOf(pointer)) {
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, s)) return undefined;
    at = (at as Record<string, unknown>)[s];
  }
  return at;
}

function tree(state: EditorState) {
  return ensureSyntaxTree(state, state.doc.length, 2000) ?? syntaxTree(state);
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function child(state: EditorState, node: SyntaxNode, segment: string): SyntaxNode | null {
  if (node.name === 'Object') {
    for (const prop of children(node)) {
      if (prop.name !== 'Property') continue;
      const name = prop.getChild('PropertyName');
      if (!name) continue;
      let key: string;
      try {
        key = JSON.parse(state.sliceDoc(name.from, name.to)) as string;
      } catch {
        continue;
      }
      if (key === segment) return children(prop).find((c) => VALUE.has(c.name)) ?? null;
    }
    return null;
  }
  if (node.name === 'Array') return children(node).filter((c) => VALUE.has(c.name))[Number(segment)] ?? null;
  return null;
}

/** The node of a pointer's value, or the deepest node on its way and the segments missing below it. */
export function locate(state: EditorState, pointer: string): { node: SyntaxNode | null; deepest: SyntaxNode | null; missing: string[] } {
  let at = children(tree(state).topNode).find((c) => VALUE.has(c.name)) ?? null;
  const segments = segmentsOf(pointer);
  for (const [i, s] of segments.entries()) {
    const next = at ? child(state, at, s) : null;
    if (!next) return { node: null, deepest: at, missing: segments.slice(i) };
    at = next;
  }
  return { node: at, deepest: at, missing: [] };
}

/** The text range to mark for a pointer: its value, else the nearest part of the file that exists. */
export function rangeOf(state: EditorState, pointer: string): { from: number; to: number } {
  const { node, deepest } = locate(state, pointer);
  const n = node ?? deepest;
  if (!n) return { from: 0, to: Math.min(1, state.doc.length) };
  // A whole object or array: mark its first line only.
  const line = state.doc.lineAt(n.from);
  return { from: n.from, to: n.name === 'Object' || n.name === 'Array' ? Math.min(n.to, line.to) : n.to };
}

const indentOf = (state: EditorState, pos: number) => /^\s*/.exec(state.doc.lineAt(pos).text)![0];

/** A value as JSON written at an indentation (nested lines indented under it). */
function format(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2);
  return text.includes('\n') ? text.replace(/\n/g, `\n${indent}`) : text;
}

/**
 * The edit that sets the value at a pointer: replaces the value where it is, or adds the missing key (with the
 * objects above it) to the deepest object on the way. Null when the pointer runs through something else.
 */
export function setAt(state: EditorState, pointer: string, value: unknown): TransactionSpec | null {
  const { node, deepest, missing } = locate(state, pointer);
  if (node) return { changes: { from: node.from, to: node.to, insert: format(value, indentOf(state, node.from)) } };
  if (!deepest || deepest.name !== 'Object') return null;
  let nested = value;
  for (const k of missing.slice(1).reverse()) nested = { [k]: nested };
  const props = children(deepest).filter((c) => c.name === 'Property');
  if (props.length > 0) {
    const indent = indentOf(state, props[props.length - 1].from);
    const last = props[props.length - 1];
    return { changes: { from: last.to, insert: `,\n${indent}${JSON.stringify(missing[0])}: ${format(nested, indent)}` } };
  }
  const outer = indentOf(state, deepest.from);
  const indent = `${outer}  `;
  return { changes: { from: deepest.from, to: deepest.to, insert: `{\n${indent}${JSON.stringify(missing[0])}: ${format(nested, indent)}\n${outer}}` } };
}

/** The edit that removes a key (with its comma), or null when it is not there. */
export function removeAt(state: EditorState, pointer: string): TransactionSpec | null {
  const { node } = locate(state, pointer);
  const prop = node?.parent;
  if (!node || !prop || prop.name !== 'Property') return null;
  const prev = prop.prevSibling;
  const next = prop.nextSibling;
  if (prev?.name === ',') return { changes: { from: prev.from, to: prop.to } };
  if (next?.name === ',') {
    const after = next.nextSibling;
    return { changes: { from: prop.from, to: after ? after.from : next.to } };
  }
  return { changes: { from: prop.from, to: prop.to } };
}
