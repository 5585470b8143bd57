/**
 * Rule `path` expressions and key safety. json-rules-engine's default resolver (jsonpath-plus) can evaluate
 * scripts from a crafted path, so the engine runs with this resolver instead: a plain dot path such as `$.a.b` or
 * `$.list[0].name`, nothing else.
 */

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$|^\d+$/;
const PATH = /^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\[\d+\]))*$/;

/** True when `path` is a plain dot path the resolver accepts and it names no forbidden key. */
export function isSafePath(path: string): boolean {
  if (!PATH.test(path)) return false;
  return pathSegments(path).every((s) => !FORBIDDEN_KEYS.has(s));
}

function pathSegments(path: string): string[] {
  return path
    .slice(1)
    .split(/[.[\]]/)
    .filter((s) => s.length > 0);
}

/** The json-rules-engine `pathResolver`: walks own properties only; an unsafe path resolves to undefined. */
export function resolvePath(value: unknown, path: string): unknown {
  if (!isSafePath(path)) return undefined;
  let current: unknown = value;
  for (const segment of pathSegments(path)) {
    if (current === null || typeof current !== 'object' || !SEGMENT.test(segment)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** JSON pointers of every forbidden key (`__proto__`, `constructor`, `prototype`) anywhere inside `value`. */
export function findForbiddenKeys(value: unknown, pointer = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) found.push(`${pointer}/${escapePointer(key)}`);
  }
  for (const [key, child] of entries) found.push(...findForbiddenKeys(child, `${pointer}/${escapePointer(key)}`));
  return found;
}

/** Escapes a key for use in a JSON pointer (RFC 6901). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
