/** Roles, weakest first: each role may do everything the roles before it may. */
export const ROLES = ['viewer', 'assessor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyEntry {
  role: Role;
  key: string;
  /** A name for logs and idempotency scoping (`assessor#2`); the key itself is never logged. */
  principal: string;
}

/** Parses `API_KEYS` (`role:key,role:key,…`). Throws an Error naming the first bad entry. */
export function parseApiKeys(value: string): ApiKeyEntry[] {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new Error('at least one role:key entry is needed');
  const counts = new Map<Role, number>();
  const seen = new Set<string>();
  return entries.map((entry, i) => {
    const at = entry.indexOf(':');
    const role = entry.slice(0, at) as Role;
    const key = entry.slice(at + 1);
    if (at < 0 || !ROLES.includes(role)) throw new Error(`entry ${i + 1} must be role:key with role one of ${ROLES.join(', ')}`);
    if (!/^[\x21-\x7e]{8,200}$/.test(key)) throw new Error(`entry ${i + 1}: a key is 8–200 printable ASCII characters without spaces`);
    if (seen.has(key)) throw new Error(`entry ${i + 1}: the same key is listed twice`);
    seen.add(key);
    const n = (counts.get(role) ?? 0) + 1;
    counts.set(role, n);
    return { role, key, principal: `${role}#${n}` };
  });
}

/** Whether `held` may do what `needed` may. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
