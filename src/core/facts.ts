import { canonicalJson } from './canonical.js';
import { FactsInvalidError, type FactIssue } from './errors.js';
import { FORBIDDEN_KEYS } from './safe-path.js';
import type { FactDef, FactDictionary, FieldDef, Text } from './types.js';

/**
 * Checks an agency's facts against the fact dictionary and adds the derived facts. A wrong type, an out-of-range
 * value, an unknown fact or a missing required fact is an error naming the fact, never a silent zero.
 */
export class FactChecker {
  private readonly defs: Map<string, FactDef>;
  private readonly required: [string, FactDef][];
  private readonly derived: [string, FactDef][];
  /** For each fact that may be supplied: whether a (non-null) value is valid, as `valueIssue` decides, but fast. */
  private readonly valid: Map<string, (value: unknown) => boolean>;
  /** Every fact of the dictionary, derived ones included: its slot in the array `values` gives (dictionary order). */
  readonly slots: Map<string, number>;
  /** For each fact that may be supplied: its slot and its check. */
  private readonly checks: Map<string, { slot: number; valid: (value: unknown) => boolean }>;
  private readonly requiredSlots: number[];
  private readonly derivedSlots: { slot: number; list: number; def: FactDef }[];
  /** An array of values with every slot empty, one past the last included (what a fact outside the dictionary reads). */
  private readonly empty: unknown[];

  constructor(dictionary: FactDictionary) {
    this.defs = new Map(Object.entries(dictionary.facts));
    this.required = [...this.defs].filter(([, def]) => def.required && !def.derive);
    this.derived = [...this.defs].filter(([, def]) => def.derive);
    this.valid = new Map([...this.defs].filter(([id, def]) => !def.derive && !FORBIDDEN_KEYS.has(id)).map(([id, def]) => [id, validator(def)]));
    this.slots = new Map([...this.defs.keys()].map((id, i) => [id, i]));
    this.checks = new Map([...this.valid].map(([id, valid]) => [id, { slot: this.slots.get(id)!, valid }]));
    this.requiredSlots = this.required.map(([id]) => this.slots.get(id)!);
    this.derivedSlots = this.derived.filter(([, def]) => this.slots.has(def.derive!.count)).map(([id, def]) => ({ slot: this.slots.get(id)!, list: this.slots.get(def.derive!.count)!, def }));
    this.empty = Array.from({ length: this.slots.size + 1 }, () => undefined);
  }

  /**
   * `prepare` as an array of values by slot (`slots`) instead of an object: the same checks, the same error, the
   * same values (derived ones added, absent ones empty). Scoring reads it faster than an object of some seventy keys.
   */
  values(facts: unknown): unknown[] {
    const out = this.valuesIfValid(facts);
    if (!out) throw new FactsInvalidError(this.issues(facts));
    for (const { slot, list, def } of this.derivedSlots) {
      const items = out[list];
      if (Array.isArray(items)) out[slot] = derivedCount(def.derive!, this.defs.get(def.derive!.count), items);
    }
    return out;
  }

  /**
   * `values` of `given` with some facts changed, when `values` is `values(given)`: only the changed facts are
   * checked, and the derived facts worked out again. The same as `values({ ...given, ...changes })`, and the same
   * error when a change is invalid. For paths that try many changes of one agency's facts (advice).
   */
  valuesChanged(given: Record<string, unknown>, values: unknown[], changes: Record<string, unknown>): unknown[] {
    return this.valuesChangedIfValid(values, changes) ?? this.values({ ...given, ...changes }); // throws, naming every problem
  }

  /**
   * `valuesChanged`, or undefined where it throws (a change the dictionary refuses): for advice, which skips such
   * changes and tries too many to build an error for each.
   */
  valuesChangedIfValid(values: unknown[], changes: Record<string, unknown>): unknown[] | undefined {
    const out = values.slice();
    for (const key of Object.keys(changes)) {
      const check = this.checks.get(key);
      const value = changes[key];
      if (!check || (value !== null && value !== undefined && !check.valid(value))) return undefined;
      out[check.slot] = value ?? undefined;
    }
    for (const slot of this.requiredSlots) if (out[slot] === undefined) return undefined;
    for (const { slot, list, def } of this.derivedSlots) {
      if (out[list] === values[list]) continue; // the list is unchanged, and so is its count
      const items = out[list];
      out[slot] = Array.isArray(items) ? derivedCount(def.derive!, this.defs.get(def.derive!.count), items) : undefined;
    }
    return out;
  }

  /** Facts already checked (what `prepare` gives, derived facts included) as an array of values by slot. */
  valuesOf(prepared: Record<string, unknown>): unknown[] {
    const out = this.empty.slice();
    for (const [id, slot] of this.slots) if (Object.prototype.hasOwnProperty.call(prepared, id)) out[slot] = prepared[id];
    return out;
  }

  /** `copyIfValid` into an array of values. */
  private valuesIfValid(facts: unknown): unknown[] | undefined {
    if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) return undefined;
    const given = facts as Record<string, unknown>;
    const out = this.empty.slice();
    for (const key of Object.keys(given)) {
      const check = this.checks.get(key);
      const value = given[key];
      if (!check) return undefined;
      if (value === null || value === undefined) continue;
      if (!check.valid(value)) return undefined;
      out[check.slot] = value;
    }
    for (const slot of this.requiredSlots) if (out[slot] === undefined) return undefined;
    return out;
  }

  /** Every problem with the facts (empty when they are valid). */
  issues(facts: unknown): FactIssue[] {
    if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) {
      return [{ fact: '', code: 'wrongType', message: { zh: '事实应为一个对象（事实编号 → 取值）', en: 'facts should be an object (fact id → value)' } }];
    }
    const given = facts as Record<string, unknown>;
    const issues: FactIssue[] = [];
    for (const key of Object.keys(given)) {
      const def = this.defs.get(key);
      if (FORBIDDEN_KEYS.has(key)) issues.push(fail(key, 'forbiddenKey', '禁止使用的键名', 'forbidden key name'));
      else if (!def) issues.push(fail(key, 'unknownFact', '不是事实字典中的事实', 'is not a fact in the fact dictionary'));
      else if (def.derive) issues.push(fail(key, 'derivedSupplied', `由系统根据“${def.derive.count}”计算，不应提交`, `is computed from "${def.derive.count}"; do not supply it`));
      else if (given[key] !== null && given[key] !== undefined) {
        const problem = valueIssue(def, given[key]);
        if (problem) issues.push({ fact: key, ...problem, message: { zh: `${key}（${def.label.zh}）：${problem.message.zh}`, en: `${key} (${def.label.en}): ${problem.message.en}` } });
      }
    }
    for (const [id, def] of this.required) {
      if (given[id] === undefined || given[id] === null) {
        issues.push(fail(id, 'missingRequired', `缺少必填事实（${def.label.zh}）`, `required fact is missing (${def.label.en})`));
      }
    }
    return issues;
  }

  /** Throws FactsInvalidError unless the facts are valid; returns them with derived facts added and nulls removed. */
  prepare(facts: unknown): Record<string, unknown> {
    const out = this.copyIfValid(facts);
    if (!out) throw new FactsInvalidError(this.issues(facts));
    for (const [id, def] of this.derived) {
      const list = out[def.derive!.count];
      if (Array.isArray(list)) out[id] = derivedCount(def.derive!, this.defs.get(def.derive!.count), list);
    }
    return out;
  }

  /** The fast path: one pass that copies valid facts, or undefined at the first problem (then `issues` lists all). */
  private copyIfValid(facts: unknown): Record<string, unknown> | undefined {
    if (facts === null || typeof facts !== 'object' || Array.isArray(facts)) return undefined;
    const given = facts as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(given)) {
      const valid = this.valid.get(key);
      const value = given[key];
      if (!valid) return undefined;
      if (value === null || value === undefined) continue;
      if (!valid(value)) return undefined;
      out[key] = value;
    }
    for (const [id] of this.required) if (out[id] === undefined) return undefined;
    return out;
  }
}

/**
 * A derived count: the list's items (only those whose `where` field has one of its values), or with `distinct:
 * "group"` the number of distinct groups they belong to (the list items' `groups`, e.g. Table 1's second-level
 * classes of the third-level classes listed).
 */
export function derivedCount(derive: NonNullable<FactDef['derive']>, listDef: FactDef | undefined, list: unknown[]): number {
  const where = derive.where;
  const counted = where ? list.filter((item) => where.values.includes(fieldOf(item, where.field) as string)) : list;
  if (derive.distinct !== 'group') return counted.length;
  const groups = listDef?.items?.groups ?? {};
  return new Set(counted.map((item) => groups[item as string] ?? item)).size;
}

function fieldOf(item: unknown, field: string): unknown {
  return item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[field] : item;
}

function fail(fact: string, code: FactIssue['code'], zh: string, en: string): FactIssue {
  return { fact, code, message: { zh: `${fact}：${zh}`, en: `${fact}: ${en}` } };
}

type Problem = { code: FactIssue['code']; message: Text };

/**
 * Whether a value is valid for a fact, worked out once per fact: exactly `valueIssue(def, value) === undefined`,
 * with sets instead of list scans (the fast path of `prepare`; `issues` says what is wrong).
 */
function validator(def: FactDef): (value: unknown) => boolean {
  switch (def.type) {
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'enum': {
      const values = new Set(def.values ?? []);
      return (value) => typeof value === 'string' && values.has(value);
    }
    case 'list':
      if (def.items?.type === 'enum') {
        const values = new Set(def.items.values ?? []);
        return (value) => {
          if (!Array.isArray(value)) return false;
          for (let i = 0; i < value.length; i++) {
            const item: unknown = value[i];
            if (typeof item !== 'string' || !values.has(item) || value.indexOf(item) !== i) return false;
          }
          return true;
        };
      }
      return objectListValidator(def);
    default: {
      // numberIssue's checks, with the bounds read once.
      const integer = def.type === 'integer';
      const min = def.min ?? -Infinity;
      const max = def.max ?? Infinity;
      return (value) => typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
    }
  }
}

/**
 * `listIssue(def, value) === undefined` for a list of objects, with each field's check and the allowed keys worked out
 * once: every item an object of allowed fields, each field valid, no item repeated (by its canonical JSON).
 */
function objectListValidator(def: FactDef): (value: unknown) => boolean {
  const fields = Object.entries(def.items?.fields ?? {}).map(([name, field]) => ({ name, valid: fieldValidator(field) }));
  const allowed = new Set(fields.map((f) => f.name));
  return (value) => {
    if (!Array.isArray(value)) return false;
    const seen = new Set<string>();
    for (const item of value as unknown[]) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
      const record = item as Record<string, unknown>;
      for (const key of Object.keys(record)) if (FORBIDDEN_KEYS.has(key) || !allowed.has(key)) return false;
      for (const { name, valid } of fields) if (!valid(record[name])) return false;
      const key = canonicalJson(record);
      if (seen.has(key)) return false;
      seen.add(key);
    }
    return true;
  };
}

/** `fieldIssue(field, value) === undefined`, with the field's check worked out once. */
function fieldValidator(field: FieldDef): (value: unknown) => boolean {
  const required = field.required === true;
  if (field.type === 'string') return (value) => (value === undefined || value === null ? !required : typeof value === 'string');
  if (field.type === 'enum') {
    const values = new Set(field.values ?? []);
    return (value) => (value === undefined || value === null ? !required : values.has(value as string));
  }
  const min = field.min ?? -Infinity;
  const max = field.max ?? Infinity;
  return (value) =>
    value === undefined || value === null ? !required : typeof value === 'number' && Number.isFinite(value) && Number.isInteger(value) && value >= min && value <= max;
}

function valueIssue(def: FactDef, value: unknown): Problem | undefined {
  switch (def.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : wrong('true 或 false', 'true or false');
    case 'enum':
      if (typeof value !== 'string') return wrong('字符串', 'a string');
      return def.values?.includes(value) ? undefined : notAllowed(value, def.values ?? []);
    case 'list':
      return listIssue(def, value);
    default:
      return numberIssue(def, value);
  }
}

function numberIssue(def: { type: string; min?: number; max?: number }, value: unknown): Problem | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return wrong('数字', 'a number');
  if (def.type === 'integer' && !Number.isInteger(value)) return wrong('整数', 'a whole number');
  if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max)) {
    return {
      code: 'outOfRange',
      message: { zh: `取值 ${value} 超出允许范围 ${def.min ?? '-∞'}–${def.max ?? '∞'}`, en: `value ${value} is outside the allowed range ${def.min ?? '-∞'}–${def.max ?? '∞'}` },
    };
  }
  return undefined;
}

/** A list's items must each be allowed, and each counts once: a repeated item is refused rather than counted twice. */
function listIssue(def: FactDef, value: unknown): Problem | undefined {
  if (!Array.isArray(value)) return wrong('数组', 'an array');
  const seen = new Map<string, number>();
  const once = (i: number, key: string): Problem | undefined => {
    const first = seen.get(key);
    if (first === undefined) return void seen.set(key, i);
    return at(i, { code: 'duplicateItem', message: { zh: `与第 ${first + 1} 项重复（每项只计一次）`, en: `repeats item ${first + 1} (each item counts once)` } });
  };
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (def.items?.type === 'enum') {
      if (typeof item !== 'string' || !def.items.values?.includes(item)) return at(i, notAllowed(String(item), def.items.values ?? []));
      const repeated = once(i, item);
      if (repeated) return repeated;
      continue;
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return at(i, wrong('对象', 'an object'));
    const fields = def.items?.fields ?? {};
    for (const key of Object.keys(item)) {
      if (FORBIDDEN_KEYS.has(key) || !Object.prototype.hasOwnProperty.call(fields, key)) {
        return at(i, { code: 'notAllowed', message: { zh: `不允许的字段“${key}”`, en: `field "${key}" is not allowed` } });
      }
    }
    for (const [name, field] of Object.entries(fields)) {
      const problem = fieldIssue(field, (item as Record<string, unknown>)[name]);
      if (problem) return at(i, { code: problem.code, message: { zh: `字段“${name}”${problem.message.zh}`, en: `field "${name}" ${problem.message.en}` } });
    }
    const repeated = once(i, canonicalJson(item));
    if (repeated) return repeated;
  }
  return undefined;
}

function fieldIssue(field: FieldDef, value: unknown): Problem | undefined {
  if (value === undefined || value === null) {
    return field.required ? { code: 'missingRequired', message: { zh: '缺失', en: 'is missing' } } : undefined;
  }
  if (field.type === 'string') return typeof value === 'string' ? undefined : wrong('字符串', 'a string');
  if (field.type === 'enum') return field.values?.includes(value as string) ? undefined : notAllowed(String(value), field.values ?? []);
  return numberIssue({ ...field, type: 'integer' }, value);
}

function at(index: number, problem: Problem): Problem {
  return { code: problem.code, message: { zh: `第 ${index + 1} 项：${problem.message.zh}`, en: `item ${index + 1}: ${problem.message.en}` } };
}

function wrong(zh: string, en: string): Problem {
  return { code: 'wrongType', message: { zh: `类型错误，应为${zh}`, en: `wrong type, expected ${en}` } };
}

function notAllowed(value: string, values: string[]): Problem {
  return { code: 'notAllowed', message: { zh: `“${value}”不是允许的取值（${values.join('、')}）`, en: `"${value}" is not an allowed value (${values.join(', ')})` } };
}
