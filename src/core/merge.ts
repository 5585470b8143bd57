/**
 * `extends` for rule files: a category file names a base file and overrides parts of it. Objects merge key by
 * key, arrays (grade bands, condition lists) are replaced whole, and `null` deletes a key. A `basis` in an override
 * replaces the provenance whole: a rule the category file makes the committee's loses the base's clause.
 */

type Json = unknown;

/** The fields that say where a rule comes from; they go together. */
const PROVENANCE = ['basis', 'clause', 'rationale'];

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep-merges `override` onto `base` (neither is modified). */
export function mergeRules(base: Json, override: Json): Json {
  if (!isObject(base) || !isObject(override)) return override;
  const out: Record<string, Json> = { ...base };
  if (override.basis !== undefined) for (const key of PROVENANCE) delete out[key];
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else out[key] = key in out ? mergeRules(out[key], value) : stripNulls(value);
  }
  return out;
}

function stripNulls(value: Json): Json {
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) out[key] = stripNulls(child);
  return out;
}

/** The value at a JSON pointer, or undefined. */
export function atPointer(root: Json, pointer: string): Json {
  let current = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) {
      return undefined;
    }
    current = (current as Record<string, Json>)[key];
  }
  return current;
}
