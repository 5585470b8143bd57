import { canonicalJson, IndicatorIndex, type GateRule, type GradeBand, type LoadedStandard, type Provenance, type Ruleset, type ScoringRule, type Text } from '../core/index.js';
import { renderCondition, renderPoints } from './render.js';

export type ChangeKind = 'meta' | 'weightForm' | 'weight' | 'indicatorMax' | 'rule' | 'prerequisite' | 'veto' | 'bonus' | 'grade';

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
 * (tiers, points, conditions), prerequisites, vetoes, bonus items and cap, grade bands, version and dates, and where
 * each comes from (the standard's clause or the committee's choice).
 */
export function diffStandards(before: LoadedStandard, after: LoadedStandard): RulesetChange[] {
  const tree = new IndicatorIndex(after.criteria.indicators);
  const name = (id: string) => tree.byId.get(id)?.def.name ?? { zh: id, en: id };
  const level = (id: string) => tree.levelName(tree.byId.get(id)?.level ?? 1);
  const changes: RulesetChange[] = [];
  for (const category of Object.keys(after.rulesets)) {
    const a = before.rulesets[category]?.ruleset;
    const b = after.rulesets[category]?.ruleset;
    if (a && b) changes.push(...diffRulesets(category, a, b, name, level));
  }
  return changes;
}

function diffRulesets(category: string, a: Ruleset, b: Ruleset, name: (id: string) => Text, level: (id: string) => Text): RulesetChange[] {
  const out: RulesetChange[] = [];
  const add = (kind: ChangeKind, change: RulesetChange['change'], pointer: string, before: unknown, after: unknown, zh: string, en: string) =>
    out.push({ category, kind, change, pointer, before, after, text: { zh, en } });
  const arrow = (x: unknown, y: unknown) => `${fmt(x)} → ${fmt(y)}`;

  for (const field of ['version', 'effectiveFrom', 'effectiveTo'] as const) {
    if (a[field] !== b[field]) add('meta', 'changed', `/${field}`, a[field], b[field], `${field}：${arrow(a[field], b[field])}`, `${field}: ${arrow(a[field], b[field])}`);
  }
  if (provenanceKey(a.effectiveFromBasis) !== provenanceKey(b.effectiveFromBasis)) {
    add('meta', 'changed', '/effectiveFromBasis', a.effectiveFromBasis, b.effectiveFromBasis, `生效日期的依据 ${basisText(a.effectiveFromBasis, 'zh')} → ${basisText(b.effectiveFromBasis, 'zh')}`, `basis of the effective date ${basisText(a.effectiveFromBasis, 'en')} → ${basisText(b.effectiveFromBasis, 'en')}`);
  }
  if (a.standard.edition !== b.standard.edition) {
    add('meta', 'changed', '/standard/edition', a.standard.edition, b.standard.edition, `版次：${arrow(a.standard.edition, b.standard.edition)}`, `edition: ${arrow(a.standard.edition, b.standard.edition)}`);
  }
  if (a.weights.form !== b.weights.form) {
    add('weightForm', 'changed', '/weights/form', a.weights.form, b.weights.form, `权重形式 ${arrow(a.weights.form, b.weights.form)}`, `weight form ${arrow(a.weights.form, b.weights.form)}`);
  }
  const share = b.weights.form === 'shareOfTotal' ? { zh: '（占总分）', en: ' (share of the total)' } : { zh: '', en: '' };
  for (const id of keys(a.weights.nodes, b.weights.nodes)) {
    const x = a.weights.nodes[id];
    const y = b.weights.nodes[id];
    const where = { zh: `${level(id).zh}“${name(id).zh}”权重`, en: `${level(id).en.toLowerCase()} "${name(id).en}" weight` };
    if (x !== y) add('weight', kindOf(x, y), `/weights/nodes/${id}`, x, y, `${where.zh}${share.zh} ${arrow(x, y)}`, `${where.en}${share.en} ${arrow(x, y)}`);
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
  if (provenanceKey(a.bonus) !== provenanceKey(b.bonus)) {
    add('bonus', 'changed', '/bonus/basis', basisText(a.bonus, 'en'), basisText(b.bonus, 'en'), `加分及总分上限的依据 ${basisText(a.bonus, 'zh')} → ${basisText(b.bonus, 'zh')}`, `basis of the bonus and its cap ${basisText(a.bonus, 'en')} → ${basisText(b.bonus, 'en')}`);
  }
  for (const key of keys(a.bonus.items, b.bonus.items)) {
    diffScoringRule(a.bonus.items[key], b.bonus.items[key], `/bonus/items/${key}`, 'bonus', { zh: `加分项 ${key}`, en: `bonus item ${key}` }, add);
  }
  const bandsA = new Map(a.grades.map((g) => [g.id, g]));
  const bandsB = new Map(b.grades.map((g) => [g.id, g]));
  for (const id of new Set([...bandsA.keys(), ...bandsB.keys()])) {
    const x = bandsA.get(id);
    const y = bandsB.get(id);
    if (canonicalJson(x) === canonicalJson(y)) continue;
    const zh = [`${band(x, 'zh')} → ${band(y, 'zh')}`];
    const en = [`${band(x, 'en')} → ${band(y, 'en')}`];
    if (x && y) basisChange(x, y, zh, en);
    else {
      zh.push(basisText(y ?? x, 'zh'));
      en.push(basisText(y ?? x, 'en'));
    }
    add('grade', kindOf(x, y), `/grades/${id}`, x, y, `等级“${(y ?? x)!.label.zh}”：${zh.join('；')}`, `grade "${(y ?? x)!.label.en}": ${en.join('; ')}`);
  }
  return out;
}

type Add = (kind: ChangeKind, change: RulesetChange['change'], pointer: string, before: unknown, after: unknown, zh: string, en: string) => void;

function diffScoringRule(x: ScoringRule | undefined, y: ScoringRule | undefined, pointer: string, kind: ChangeKind, where: Text, add: Add): void {
  if (canonicalJson(x) === canonicalJson(y)) return;
  if (!x || !y) {
    const r = (y ?? x)!;
    const verb = y ? { zh: '新增', en: 'added' } : { zh: '删除', en: 'removed' };
    add(kind, y ? 'added' : 'removed', pointer, x, y, `${verb.zh}${where.zh}：${renderCondition(r.conditions, 'zh')} → ${renderPoints(r.points, 'zh')}（${r.reason.zh}；${basisText(r, 'zh')}）`, `${where.en} ${verb.en}: ${renderCondition(r.conditions, 'en')} → ${renderPoints(r.points, 'en')} (${r.reason.en}; ${basisText(r, 'en')})`);
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
  basisChange(x, y, zh, en);
  if (zh.length === 0) {
    zh.push('说明有改动');
    en.push('wording changed');
  }
  add(kind, 'changed', pointer, x, y, `${where.zh}：${zh.join('；')}`, `${where.en}: ${en.join('; ')}`);
}

function diffGate(x: GateRule | undefined, y: GateRule | undefined, pointer: string, kind: ChangeKind, where: Text, add: Add): void {
  if (canonicalJson(x) === canonicalJson(y)) return;
  if (!x || !y) {
    const r = (y ?? x)!;
    add(kind, y ? 'added' : 'removed', pointer, x, y, `${y ? '新增' : '删除'}${where.zh}：${r.reason.zh}（${renderCondition(r.conditions, 'zh')}；${basisText(r, 'zh')}）`, `${where.en} ${y ? 'added' : 'removed'}: ${r.reason.en} (${renderCondition(r.conditions, 'en')}; ${basisText(r, 'en')})`);
    return;
  }
  const zh: string[] = [];
  const en: string[] = [];
  if (canonicalJson(x.conditions) !== canonicalJson(y.conditions)) {
    zh.push(`${renderCondition(x.conditions, 'zh')} → ${renderCondition(y.conditions, 'zh')}（${y.reason.zh}）`);
    en.push(`${renderCondition(x.conditions, 'en')} → ${renderCondition(y.conditions, 'en')} (${y.reason.en})`);
  }
  basisChange(x, y, zh, en);
  if (zh.length === 0) {
    zh.push(`说明改为：${y.reason.zh}`);
    en.push(`wording now: ${y.reason.en}`);
  }
  add(kind, 'changed', pointer, x, y, `${where.zh}：${zh.join('；')}`, `${where.en}: ${en.join('; ')}`);
}

/** Where a rule comes from, in a few words: "standard 5.1.6" or "committee default". */
export function basisText(p: Partial<Provenance> | undefined, lang: 'zh' | 'en'): string {
  if (!p?.basis) return lang === 'zh' ? '未注明依据' : 'no basis given';
  if (p.basis === 'standard') return lang === 'zh' ? `标准 ${p.clause ?? ''}` : `standard ${p.clause ?? ''}`;
  return lang === 'zh' ? '委员会设定' : 'committee default';
}

function provenanceKey(p: Partial<Provenance> | undefined): string {
  return canonicalJson({ basis: p?.basis, clause: p?.clause, rationale: p?.rationale });
}

/** Adds "basis standard 5.1.6 → committee default" (or a changed rationale) to a rule's list of changes. */
function basisChange(x: Provenance, y: Provenance, zh: string[], en: string[]): void {
  if (x.basis !== y.basis || x.clause !== y.clause) {
    zh.push(`依据 ${basisText(x, 'zh')} → ${basisText(y, 'zh')}`);
    en.push(`basis ${basisText(x, 'en')} → ${basisText(y, 'en')}`);
  } else if (canonicalJson(x.rationale) !== canonicalJson(y.rationale)) {
    zh.push('委员会理由有改动');
    en.push("the committee's rationale changed");
  }
}

function band(g: GradeBand | undefined, lang: 'zh' | 'en'): string {
  if (!g) return lang === 'zh' ? '无' : 'none';
  const floor = g.everyNodeAtLeast;
  const extra = !floor ? '' : lang === 'zh' ? `，第 ${floor.level} 级各节点不低于 ${floor.percent}%` : `, no level-${floor.level} node below ${floor.percent}%`;
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
  for (const category of new Set(changes.map((c) => c.category))) {
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
