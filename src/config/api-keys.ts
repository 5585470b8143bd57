import { createHash } from 'node:crypto';

/** Roles, weakest first: each role may do everything the roles before it may. */
export const ROLES = ['viewer', 'assessor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyEntry {
  /**
   * The key's name from `API_KEYS` (`ops-team`): what audit columns (`createdBy`, `evaluatedBy`…), logs and
   * idempotency scopes record, so reordering or adding keys changes nobody's records. The key itself is never logged.
   */
  principal: string;
  role: Role;
  /** sha256 of the key, hex: all the service keeps to recognise it. */
  sha256: string;
  /** The key's length when it was given in clear (production wants 16 or more); undefined when given as a hash. */
  plainLength?: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEY = /^[\x21-\x7e]{8,200}$/;

/** sha256 of a key, hex. */
export const keyDigest = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Parses `API_KEYS`: comma-separated `name:role:key` or `name:role:sha256:HEX` entries (the key itself or the hex
 * sha256 of it). Throws an Error naming the first bad entry. Names and keys must be unique.
 */
export function parseApiKeys(value: string): ApiKeyEntry[] {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (entries.length === 0) throw new Error('at least one name:role:key entry is needed');
  const names = new Set<string>();
  const digests = new Set<string>();
  return entries.map((entry, i) => {
    const [name, role, ...rest] = entry.split(':');
    const secret = rest.join(':');
    const where = `entry ${i + 1}`;
    if (rest.length === 0 || !ROLES.includes(role as Role)) {
      throw new Error(`${where} must be name:role:key (or name:role:sha256:HEX) with role one of ${ROLES.join(', ')}`);
    }
    if (!NAME.test(name)) throw new Error(`${where}: a name is 1–64 letters, digits, dots, dashes or underscores`);
    if (names.has(name)) throw new Error(`${where}: the name ${name} is listed twice`);
    names.add(name);
    const hashed = /^sha256:([0-9a-fA-F]{64})$/.exec(secret);
    if (!hashed && secret.startsWith('sha256:')) throw new Error(`${where}: after sha256: come the 64 hex digits of the key's sha256`);
    if (!hashed && !KEY.test(secret)) throw new Error(`${where}: a key is 8–200 printable ASCII characters without spaces`);
    const sha256 = hashed ? hashed[1].toLowerCase() : keyDigest(secret);
    if (digests.has(sha256)) throw new Error(`${where}: the same key is listed twice`);
    digests.add(sha256);
    return { principal: name, role: role as Role, sha256, plainLength: hashed ? undefined : secret.length };
  });
}

/** Whether `held` may do what `needed` may. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
