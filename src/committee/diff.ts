import { canonicalJson, CATEGORY_IDS, type GateRule, type GradeBand, type LoadedStandard, type Ruleset, type ScoringRule, type Text } from '../core/index.js';
import { renderCondition, renderPoints } from './render.js';

export type ChangeKind = 'meta' | 'dimensionWeight' | 'indicatorWeight' | 'indicatorMax' | 'rule' | 'prerequisite' | 'veto' | 'bonus' | 'grade';

/** One change between two rulesets, in the committee's words. */
export interface RulesetChange {
  category: string;
  kind: ChangeKind;
  change: 'added' | 'removed' | 'changed';
  /** JSON pointer in the resolved ruleset. */
  pointer: string;
  before?: unknown;
  after?: unknown;
  text: Text;
}

/**
 * What changed from one standard to another, category by category: weights, indicator maxima, scoring rules
 * (tiers, points, conditions), prerequisites, vetoes, bonus items and cap, grade bands, version and dates.
 */
export function diffStandards(before: LoadedStandard, after: LoadedStandard): RulesetChange[] {
  const names = new Map<string, Text>();
  for (const d of after.criteria.indicators.dimensions) {
    names.set(d.id, d.name);
    for (const i of d.indicators) names.set(i.id, i.name);
  }
  const changes: RulesetChange[] = [];
  for (const category of CATEGORY_IDS) {
    const a = before.rulesets[category]?.ruleset;
    const b = after.rulesets[category]?.ruleset;
    if (a && b) changes.push(...diffRulesets(category, a, b, (id) => names.get(id) ?? { zh: id, en: id }));
  }
  return changes;
}

function diffRulesets(category: string, a: Ruleset, b: Ruleset, name: (id: string) => Text): RulesetChange[] {
  const out: RulesetChange[] = [];
  const add = (kind: ChangeKind, change: RulesetChange['change'], pointer: string, before: unknown, after: unknown, zh: string, en: string) =>
    out.push({ category, kind, change, pointer, before, after, text: { zh, en } });
  const arrow = (x: unknown, y: unknown) => `${fmt(x)} → ${fmt(y)}`;

  for (const field of ['version', 'effectiveFrom', 'effectiveTo'] as const) {
    if (a[field] !== b[field]) add('meta', 'changed', `/${field}`, a[field], b[field], `${field}：${arrow(a[field], b[field])}`, `${field}: ${arrow(a[field], b[field])}`);
  }
  if (a.standard.edition !== b.standard.edition) {
    add('meta', 'changed', '/standard/edition', a.standard.edition, b.standard.edition, `版次：${arrow(a.standard.edition, b.standard.edition)}`, `edition: ${arrow(a.standard.edition, b.standard.edition)}`);
  }
  for (const id of keys(a.weights.dimensions, b.weights.dimensions)) {
    const x = (a.weights.dimensions as Record<string, number>)[id];
    const y = (b.weights.dimensions as Record<string, number>)[id];
    if (x !== y) add('dimensionWeight', kindOf(x, y), `/weights/dimensions/${id}`, x, y, `维度“${name(id).zh}”权重 ${arrow(x, y)}`, `dimension "${name(id).en}" weight ${arrow(x, y)}`);
  }
  for (const id of keys(a.weights.indicators, b.weights.indicators)) {
    const x = a.weights.indicators[id];
    const y = b.weights.indicators[id];
    if (x !== y) add('indicatorWeight', kindOf(x, y), `/weights/indicators/${id}`, x, y, `指标“${name(id).zh}”在维度内的权重 ${arrow(x, y)}`, `indicator "${name(id).en}" weight within its dimension ${arrow(x, y)}`);
  }
  for (const id of keys(a.indicators, b.indicators)) {
    const x = a.indicators[id];
    const y = b.indicators[id];
    if (x?.max !== y?.max) add('indicatorMax', kindOf(x?.max, y?.max), `/indicators/${id}/max`, x?.max, y?.max, `指标“${name(id).zh}”满分 ${arrow(x?.max, y?.max)}`, `indicator "${name(id).en}" full mark ${arrow(x?.max, y?.max)}`);
    for (const key of keys(x?.rules ?? {}, y?.rules ?? {})) {
      const where = { zh: `指标“${name(id).zh}”的规则 ${key}`, en: `indicator "${name(id).en}" rule ${key}` };
      diffScoringRule(x?.rules[key], y?.rules[key], `/indicators/${id}/rules/${key}`, 'rule', where, add);
    }
  }
  for (const [kind, label] of [['prerequisite', { zh: '参评条件', en: 'prerequisite' }], ['veto', { zh: '一票否决项', en: 'veto' }]] as const) {
    const x = kind === 'prerequisite' ? a.prerequisites : a.vetoes;
    const y = kind === 'prerequisite' ? b.prerequisites : b.vetoes;
    for (const key of keys(x, y)) diffGate(x[key], y[key], `/${kind === 'prerequisite' ? 'prerequisites' : 'vetoes'}/${key}`, kind, { zh: `${label.zh} ${key}`, en: `${label.en} ${key}` }, add);
  }
  if (a.bonus.cap !== b.bonus.cap) add('bonus', 'changed', '/bonus/cap', a.bonus.cap, b.bonus.cap, `含加分的总分上限 ${arrow(a.bonus.cap, b.bonus.cap)}`, `total cap with bonus ${arrow(a.bonus.cap, b.bonus.cap)}`);
  for (const key of keys(a.bonus.items, b.bonus.items)) {
    diffScoringRule(a.bonus.items[key], b.bonus.items[key], `/bonus/items/${key}`, 'bonus', { zh: `加分项 ${key}`, en: `bonus item ${key}` }, add);
  }
  const bandsA = new Map(a.grades.map((g) => [g.id, g]));
  const bandsB = new Map(b.grades.map((g) => [g.id, g]));
  for (const id of new Set([...bandsA.keys(), ...bandsB.keys()])) {
    const x = bandsA.get(id);
    const y = bandsB.get(id);
    if (canonicalJson(x) === canonicalJson(y)) continue;
    add('grade', kindOf(x, y), `/grades/${id}`, x, y, `等级“${(y ?? x)!.label.zh}”：${band(x, 'zh')} → ${band(y, 'zh')}`, `grade "${(y ?? x)!.label.en}": ${band(x, 'en')} → ${band(y, 'en')}`);
  }
  return out;
}

type Add = (kind: ChangeKind, change: RulesetChange['change'], pointer: string, before: unknown, after: unknown, zh: string, en: string) => void;

function diffScoringRule(x: ScoringRule | undefined, y: ScoringRule | undefined, pointer: string, kind: ChangeKind, where: Text, add: Add): void {
  if (canonicalJson(x) === canonicalJson(y)) return;
  if (!x || !y) {
    const r = (y ?? x)!;
    const verb = y ? { zh: '新增', en: 'added' } : { zh: '删除', en: 'removed' };
    add(kind, y ? 'added' : 'removed', pointer, x, y, `${verb.zh}${where.zh}：${renderCondition(r.conditions, 'zh')} → ${renderPoints(r.points, 'zh')}（${r.reason.zh}）`, `${where.en} ${verb.en}: ${renderCondition(r.conditions, 'en')} → ${renderPoints(r.points, 'en')} (${r.reason.en})`);
    return;
  }
  const zh: string[] = [];
  const en: string[] = [];
  if (canonicalJson(x.points) !== canonicalJson(y.points)) {
    zh.push(`分值 ${renderPoints(x.points, 'zh')} → ${renderPoints(y.points, 'zh')}`);
    en.push(`points ${renderPoints(x.points, 'en')} → ${renderPoints(y.points, 'en')}`);
  }
  if (canonicalJson(x.conditions) !== canonicalJson(y.conditions)) {
    zh.push(`条件 ${renderCondition(x.conditions, 'zh')} → ${renderCondition(y.conditions, 'zh')}`);
    en.push(`condition ${renderCondition(x.conditions, 'en')} → ${renderCondition(y.conditions, 'en')}`);
  }
  if (x.tier !== y.tier) {
    zh.push(`档位组 ${fmt(x.tier)} → ${fmt(y.tier)}`);
    en.push(`tier group ${fmt(x.tier)} → ${fmt(y.tier)}`);
  }
  if (zh.length === 0) {
    zh.push('说明或条款号有改动');
    en.push('wording or clause changed');
  }
  add(kind, 'changed', pointer, x, y, `${where.zh}：${zh.join('；')}`, `${where.en}: ${en.join('; ')}`);
}

function diffGate(x: GateRule | undefined, y: GateRule | undefined, pointer: string, kind: ChangeKind, where: Text, add: Add): void {
  if (canonicalJson(x) === canonicalJson(y)) return;
  if (!x || !y) {
    const r = (y ?? x)!;
    add(kind, y ? 'added' : 'removed', pointer, x, y, `${y ? '新增' : '删除'}${where.zh}：${r.reason.zh}（${renderCondition(r.conditions, 'zh')}）`, `${where.en} ${y ? 'added' : 'removed'}: ${r.reason.en} (${renderCondition(r.conditions, 'en')})`);
    return;
  }
  add(kind, 'changed', pointer, x, y, `${where.zh}：${renderCondition(x.conditions, 'zh')} → ${renderCondition(y.conditions, 'zh')}（${y.reason.zh}）`, `${where.en}: ${renderCondition(x.conditions, 'en')} → ${renderCondition(y.conditions, 'en')} (${y.reason.en})`);
}

function band(g: GradeBand | undefined, lang: 'zh' | 'en'): string {
  if (!g) return lang === 'zh' ? '无' : 'none';
  const extra = g.minDimensionPercent === undefined ? '' : lang === 'zh' ? `，各维度不低于 ${g.minDimensionPercent}%` : `, no dimension below ${g.minDimensionPercent}%`;
  return `[${g.min}, ${g.max})${extra}${g.passing ? '' : lang === 'zh' ? '，不合格' : ', not passing'}`;
}

function keys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

function kindOf(x: unknown, y: unknown): RulesetChange['change'] {
  return x === undefined ? 'added' : y === undefined ? 'removed' : 'changed';
}

function fmt(x: unknown): string {
  return x === undefined || x === null ? '—' : String(x);
}

/** The changes as text, one per line, grouped by category. */
export function formatChanges(changes: RulesetChange[], lang: 'zh' | 'en' | 'both' = 'both'): string {
  if (changes.length === 0) return 'No changes / 无改动';
  const lines: string[] = [];
  for (const category of CATEGORY_IDS) {
    const mine = changes.filter((c) => c.category === category);
    if (mine.length === 0) continue;
    lines.push(`${category} (${mine.length})`);
    for (const c of mine) {
      if (lang !== 'en') lines.push(`  - ${c.text.zh}`);
      if (lang !== 'zh') lines.push(`    ${c.text.en}`);
    }
  }
  return lines.join('\n');
}
