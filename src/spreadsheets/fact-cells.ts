import type { FactDef, FactDictionary, Text } from '../core/types.js';

/** A cell as a spreadsheet holds it. */
export type Cell = string | number | boolean | null;

/** The facts an assessor fills in (derived counts are computed, never supplied), in dictionary order. */
export function factColumns(dictionary: FactDictionary): [string, FactDef][] {
  return Object.entries(dictionary.facts).filter(([, def]) => !def.derive);
}

const ITEM_SEP = /[;；]/;
const ENUM_SEP = /[,，、;；]/;

/**
 * A fact value written into a cell: booleans and numbers as themselves, enum lists as "a, b", object lists as
 * "field | field; field | field" in the dictionary's field order (JSON when a text holds "|" or ";").
 */
export function toCell(def: FactDef, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (def.type !== 'list') return value as Cell;
  const list = value as unknown[];
  if (def.items?.type !== 'object') return list.join(', ');
  const fields = Object.keys(def.items.fields ?? {});
  const texts = list.map((item) => fields.map((f) => String((item as Record<string, unknown>)[f] ?? '')));
  if (texts.some((t) => t.some((s) => /[|;；]/.test(s)))) return JSON.stringify(list);
  return texts.map((t) => t.join(' | ')).join('; ');
}

/** What exceljs returns for rich text, formulas and links, reduced to a plain value. */
export function plainCell(raw: unknown): Cell {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') return raw.trim() === '' ? null : raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (raw instanceof Date) return raw.toISOString();
  const o = raw as { result?: unknown; richText?: { text: string }[]; text?: unknown };
  if (o.richText) return plainCell(o.richText.map((r) => r.text).join(''));
  if ('result' in o) return plainCell(o.result);
  if (o.text !== undefined) return plainCell(o.text);
  return String(raw);
}

type Parsed = { value: unknown } | { error: Text };
const fail = (zh: string, en: string): Parsed => ({ error: { zh, en } });

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '有', 'TRUE']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '无', 'FALSE']);

/** A cell read back into a fact value, or the problem with it (an empty cell is an absent fact). */
export function fromCell(def: FactDef, raw: Cell): Parsed {
  if (raw === null) return { value: undefined };
  switch (def.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = String(raw).trim().toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return fail(`应为 是/否（TRUE/FALSE），而不是“${raw}”`, `should be TRUE or FALSE (是/否), not "${raw}"`);
    }
    case 'integer':
    case 'number':
    case 'rating':
      return number(def, raw);
    case 'enum':
      return def.values?.includes(String(raw)) ? { value: String(raw) } : fail(`应为 ${def.values?.join(' / ')} 之一，而不是“${raw}”`, `should be one of ${def.values?.join(', ')}, not "${raw}"`);
    case 'list':
      return def.items?.type === 'object' ? objectList(def, String(raw)) : enumList(def, String(raw));
  }
}

function number(def: FactDef, raw: Cell): Parsed {
  const x = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isFinite(x)) return fail(`应为数字，而不是“${raw}”`, `should be a number, not "${raw}"`);
  if (def.type === 'integer' && !Number.isInteger(x)) return fail(`应为整数，而不是 ${x}`, `should be a whole number, not ${x}`);
  if ((def.min !== undefined && x < def.min) || (def.max !== undefined && x > def.max)) {
    return fail(`应在 ${def.min ?? '−∞'}–${def.max ?? '∞'} 之间，而不是 ${x}`, `should be within ${def.min ?? '−∞'}–${def.max ?? '∞'}, not ${x}`);
  }
  return { value: x };
}

function enumList(def: FactDef, raw: string): Parsed {
  const items = raw.split(ENUM_SEP).map((s) => s.trim()).filter((s) => s !== '');
  const allowed = def.items?.values ?? [];
  const bad = items.filter((v) => !allowed.includes(v));
  if (bad.length) return fail(`未知取值：${bad.join('、')}（可选：${allowed.join(', ')}）`, `unknown value(s): ${bad.join(', ')} (allowed: ${allowed.join(', ')})`);
  if (new Set(items).size !== items.length) return fail('取值重复', 'a value is listed twice');
  return { value: items };
}

function objectList(def: FactDef, raw: string): Parsed {
  const fields = Object.entries(def.items?.fields ?? {});
  let items: unknown[];
  if (raw.trim().startsWith('[')) {
    try {
      items = JSON.parse(raw) as unknown[];
    } catch {
      return fail('JSON 格式错误', 'malformed JSON');
    }
    if (!Array.isArray(items)) return fail('应为列表', 'should be a list');
  } else {
    items = raw.split(ITEM_SEP).map((s) => s.trim()).filter((s) => s !== '').map((s) => Object.fromEntries(s.split('|').map((p, i) => [fields[i]?.[0] ?? `#${i}`, p.trim()])));
  }
  const out: Record<string, unknown>[] = [];
  for (const [n, item] of items.entries()) {
    const o: Record<string, unknown> = {};
    for (const [name, f] of fields) {
      let v = (item as Record<string, unknown>)[name];
      if (v === '' || v === undefined) {
        if (f.required) return fail(`第 ${n + 1} 项缺少“${f.label.zh}”`, `item ${n + 1} lacks "${f.label.en}"`);
        continue;
      }
      if (f.type === 'integer') {
        v = Number(v);
        if (!Number.isInteger(v) || (f.min !== undefined && (v as number) < f.min) || (f.max !== undefined && (v as number) > f.max)) return fail(`第 ${n + 1} 项“${f.label.zh}”无效`, `item ${n + 1}: invalid "${f.label.en}"`);
      } else if (f.type === 'enum' && !f.values?.includes(String(v))) return fail(`第 ${n + 1} 项“${f.label.zh}”应为 ${f.values?.join(' / ')} 之一`, `item ${n + 1}: "${f.label.en}" should be one of ${f.values?.join(', ')}`);
      o[name] = f.type === 'integer' ? v : String(v);
    }
    out.push(o);
  }
  return { value: out };
}

/** The hint row of the template: unit, range or allowed values, and the format of lists. */
export function hint(def: FactDef): Text {
  const unit = def.unit ? { zh: def.unit.zh, en: def.unit.en } : { zh: '', en: '' };
  switch (def.type) {
    case 'boolean':
      return { zh: 'TRUE / FALSE（是/否）', en: 'TRUE / FALSE' };
    case 'enum':
      return { zh: `可选：${def.values?.join(', ')}`, en: `one of: ${def.values?.join(', ')}` };
    case 'list':
      if (def.items?.type === 'object') {
        const f = Object.entries(def.items.fields ?? {});
        return { zh: `每项“${f.map(([, x]) => x.label.zh).join(' | ')}”，多项用 ; 分隔`, en: `each item "${f.map(([n]) => n).join(' | ')}", items separated by ;` };
      }
      return { zh: `多个取值用逗号分隔：${def.items?.values?.join(', ')}`, en: `comma-separated values of: ${def.items?.values?.join(', ')}` };
    default: {
      const range = `${def.min ?? ''}–${def.max ?? ''}`;
      return { zh: `${def.type === 'integer' ? '整数' : '数字'} ${range} ${unit.zh}`.trim(), en: `${def.type === 'integer' ? 'whole number' : 'number'} ${range} ${unit.en}`.trim() };
    }
  }
}
