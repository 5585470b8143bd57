import {
  constraintsOf,
  type Interval,
  intersect,
  isEmpty,
  isInterval,
  leavesOf,
  NUMERIC_OPERATORS,
  OPERATORS,
  within,
} from './conditions.js';
import type { ValidationIssue } from './errors.js';
import { issue } from './messages.js';
import { escapePointer, isSafePath } from './safe-path.js';
import {
  type CategoryId,
  type Criteria,
  DIMENSION_IDS,
  type FactDef,
  type GateRule,
  type Ruleset,
  type ScoringRule,
  type TopCondition,
} from './types.js';

const EPSILON = 1e-9;
const REQUIRED_PARTS = [
  'id',
  'version',
  'standard',
  'effectiveFrom',
  'note',
  'weights',
  'indicators',
  'prerequisites',
  'vetoes',
  'bonus',
  'grades',
] as const;

/**
 * The checks no JSON Schema can make, on a category's ruleset after `extends` is resolved. `blame` names the file
 * that wrote the value at a pointer. Every problem is pushed to `issues`.
 */
export class RulesetChecker {
  private readonly facts: Record<string, FactDef>;
  private readonly dimensionOf = new Map<string, string>();
  private readonly aspectsOf = new Map<string, Set<string>>();

  constructor(
    private readonly criteria: Criteria,
    private readonly issues: ValidationIssue[],
  ) {
    this.facts = criteria.facts.facts;
    for (const d of criteria.indicators.dimensions) {
      for (const i of d.indicators) {
        this.dimensionOf.set(i.id, d.id);
        this.aspectsOf.set(i.id, new Set(i.aspects.map((a) => a.id)));
      }
    }
  }

  /** Checks one merged ruleset; `own` is the category's file, named in issues found in a file it extends. */
  check(raw: Record<string, unknown>, category: CategoryId, blame: (pointer: string) => string, own: string): void {
    const add: Add = (pointer, zh, en, sources) => {
      // A value made of several keys (a sum of weights) is blamed on the category file when it wrote one of them.
      const files = (sources ?? [pointer]).map(blame);
      const file = files.includes(own) ? own : files[0];
      const via = file === own ? { zh: '', en: '' } : { zh: `（见于继承它的 ${own}）`, en: ` (in ${own}, which extends it)` };
      this.issues.push(issue(file, pointer, zh + via.zh, en + via.en));
    };
    const missing = REQUIRED_PARTS.filter((part) => raw[part] === undefined);
    for (const part of missing) add(`/${part}`, `缺少“${part}”（本文件及其 extends 的文件中都没有）`, `"${part}" is missing (neither this file nor the file it extends has it)`);
    if (raw.category !== category) {
      add('/category', `类别应为“${category}”（与文件名一致）`, `category should be "${category}" (as the file name says)`);
    }
    if (missing.length > 0) return;
    const r = raw as unknown as Ruleset;
    this.checkWeights(r, add);
    this.checkIndicators(r, add);
    this.checkGates(r.prerequisites, '/prerequisites', add);
    this.checkGates(r.vetoes, '/vetoes', add);
    this.checkBonus(r, add);
    this.checkGrades(r, add);
  }

  private checkWeights(r: Ruleset, add: Add): void {
    const dims = r.weights.dimensions ?? {};
    for (const id of DIMENSION_IDS) {
      if (typeof dims[id] !== 'number') add(`/weights/dimensions/${id}`, `缺少维度“${id}”的权重`, `missing the weight of dimension "${id}"`);
    }
    for (const id of Object.keys(dims)) {
      if (!(DIMENSION_IDS as readonly string[]).includes(id)) add(`/weights/dimensions/${escapePointer(id)}`, `未知的维度“${id}”`, `unknown dimension "${id}"`);
    }
    sumIsOne(Object.values(dims), '/weights/dimensions', '各维度权重', 'The dimension weights', add, Object.keys(dims).map((id) => `/weights/dimensions/${id}`));
    const inds = r.weights.indicators ?? {};
    for (const id of Object.keys(inds)) {
      if (!this.dimensionOf.has(id)) add(`/weights/indicators/${escapePointer(id)}`, `未知的指标“${id}”`, `unknown indicator "${id}"`);
    }
    for (const d of this.criteria.indicators.dimensions) {
      for (const i of d.indicators) {
        if (typeof inds[i.id] !== 'number') add(`/weights/indicators/${i.id}`, `缺少指标“${i.name.zh}”的权重`, `missing the weight of indicator "${i.id}"`);
      }
      const weights = d.indicators.map((i) => inds[i.id]).filter((w): w is number => typeof w === 'number');
      const sources = d.indicators.map((i) => `/weights/indicators/${i.id}`);
      sumIsOne(weights, '/weights/indicators', `维度“${d.name.zh}”下各指标权重`, `The indicator weights of dimension "${d.id}"`, add, sources);
    }
  }

  private checkIndicators(r: Ruleset, add: Add): void {
    for (const id of Object.keys(r.indicators)) {
      if (!this.dimensionOf.has(id)) add(`/indicators/${escapePointer(id)}`, `未知的指标“${id}”`, `unknown indicator "${id}"`);
    }
    for (const [id] of this.dimensionOf) {
      const ind = r.indicators[id];
      const base = `/indicators/${id}`;
      if (!ind || !ind.rules || Object.keys(ind.rules).length === 0) {
        add(base, `指标“${id}”没有评分规则`, `indicator "${id}" has no scoring rules`);
        continue;
      }
      if (typeof ind.max !== 'number' || ind.max <= 0) add(`${base}/max`, '满分应为正数', 'the full mark (max) should be a positive number');
      for (const [key, rule] of Object.entries(ind.rules)) {
        const at = `${base}/rules/${escapePointer(key)}`;
        if (rule.aspect !== undefined && !this.aspectsOf.get(id)?.has(rule.aspect)) {
          add(`${at}/aspect`, `指标“${id}”没有方面“${rule.aspect}”`, `indicator "${id}" has no aspect "${rule.aspect}"`);
        }
        this.checkScoringRule(rule, at, add);
      }
      this.checkTiers(ind.rules, base, add);
    }
  }

  private checkScoringRule(rule: ScoringRule, at: string, add: Add): void {
    this.checkConditions(rule.conditions, `${at}/conditions`, add);
    const points = rule.points;
    if (typeof points === 'number') return;
    if ('perUnit' in points) {
      const def = this.facts[points.fact];
      if (!def) add(`${at}/points/fact`, `事实“${points.fact}”不在事实字典中`, `fact "${points.fact}" is not in the fact dictionary`);
      else if (!['integer', 'number', 'list'].includes(def.type)) {
        add(`${at}/points/fact`, `按单位计分需要数量或列表类事实，“${points.fact}”是 ${def.type}`, `points per unit need a count or a list, but "${points.fact}" is ${def.type}`);
      }
      return;
    }
    const def = this.facts[points.rating];
    if (!def || def.type !== 'rating') {
      add(`${at}/points/rating`, `“${points.rating}”不是事实字典中的评分类事实`, `"${points.rating}" is not a rating fact in the fact dictionary`);
      return;
    }
    const [lo, hi] = points.range;
    if (!(lo < hi) || lo < (def.min ?? -Infinity) || hi > (def.max ?? Infinity)) {
      add(`${at}/points/range`, `评分区间应在 ${def.min}–${def.max} 之内且下限小于上限`, `the rating range should lie within ${def.min}–${def.max} with its low end below its high end`);
    }
  }

  /** Fact existence, operator, type and value compatibility, safe paths. */
  private checkConditions(conditions: TopCondition, at: string, add: Add): void {
    for (const { leaf, pointer } of leavesOf(conditions, at)) {
      if (!OPERATORS.has(leaf.operator)) {
        add(`${pointer}/operator`, `未知的运算符“${leaf.operator}”`, `unknown operator "${leaf.operator}"`);
        continue;
      }
      const def = this.facts[leaf.fact];
      if (!def) {
        add(`${pointer}/fact`, `事实“${leaf.fact}”不在事实字典中`, `fact "${leaf.fact}" is not in the fact dictionary`);
        continue;
      }
      if (leaf.path !== undefined) {
        if (!isSafePath(leaf.path)) add(`${pointer}/path`, `不安全或不支持的路径“${leaf.path}”：只允许 $.a.b 或 $.list[0] 形式`, `unsafe or unsupported path "${leaf.path}": only plain paths like $.a.b or $.list[0] are allowed`);
        continue;
      }
      const problem = typeProblem(def, leaf.operator, leaf.value);
      if (problem) add(pointer, `事实“${leaf.fact}”：${problem.zh}`, `fact "${leaf.fact}": ${problem.en}`);
    }
  }

  /** Rules that can never match, and tiers that a better tier always overrides. */
  private checkTiers(rules: Record<string, ScoringRule>, base: string, add: Add): void {
    const entries = Object.entries(rules).map(([key, rule]) => ({ key, rule, c: constraintsOf(rule.conditions) }));
    for (const e of entries) {
      if (!e.c) continue;
      for (const [fact, req] of e.c) {
        const def = this.facts[fact];
        if (!def || !isInterval(req)) continue;
        const range: Interval = { lo: def.min ?? -Infinity, loIncl: true, hi: def.max ?? Infinity, hiIncl: true };
        if (isEmpty(intersect(req, range))) {
          add(`${base}/rules/${escapePointer(e.key)}/conditions`, `此规则永远不会满足：“${fact}”的取值范围是 ${def.min ?? '-∞'}–${def.max ?? '∞'}`, `this rule can never match: "${fact}" lies within ${def.min ?? '-∞'}–${def.max ?? '∞'}`);
        }
      }
    }
    entries.forEach((a, ai) => {
      const aPoints = a.rule.points;
      const aNeeds = a.c;
      if (!a.rule.tier || !aNeeds || typeof aPoints !== 'number') return;
      const better = entries.find((b, bi) => {
        const bPoints = b.rule.points;
        if (b === a || b.rule.tier !== a.rule.tier || !b.c || typeof bPoints !== 'number') return false;
        if (bPoints < aPoints || (bPoints === aPoints && bi > ai)) return false;
        return implies(aNeeds, b.c);
      });
      if (better) {
        add(`${base}/rules/${escapePointer(a.key)}`, `档位“${a.key}”永远不会起作用：满足它时一定也满足分值不低于它的档位“${better.key}”`, `tier "${a.key}" can never decide: whenever it matches, tier "${better.key}" with at least as many points matches too`);
      }
    });
  }

  private checkGates(gates: Record<string, GateRule>, base: string, add: Add): void {
    for (const [key, gate] of Object.entries(gates)) this.checkConditions(gate.conditions, `${base}/${escapePointer(key)}/conditions`, add);
  }

  private checkBonus(r: Ruleset, add: Add): void {
    if (!(r.bonus.cap >= 100)) add('/bonus/cap', '总分上限应不低于 100', 'the total cap should be at least 100');
    for (const [key, rule] of Object.entries(r.bonus.items ?? {})) this.checkScoringRule(rule, `/bonus/items/${escapePointer(key)}`, add);
  }

  private checkGrades(r: Ruleset, add: Add): void {
    const bands = r.grades.map((g, i) => ({ g, i })).sort((a, b) => b.g.min - a.g.min);
    const ids = new Set<string>();
    for (const { g, i } of bands) {
      if (ids.has(g.id)) add(`/grades/${i}/id`, `等级“${g.id}”重复`, `grade "${g.id}" appears twice`);
      ids.add(g.id);
      if (!(g.min < g.max)) add(`/grades/${i}`, `等级“${g.id}”的下限应小于上限`, `grade "${g.id}" should have min below max`);
    }
    if (bands.length === 0) return;
    const top = bands[0];
    if (top.g.max !== r.bonus.cap) add(`/grades/${top.i}/max`, `最高等级的上限应等于总分上限 ${r.bonus.cap}`, `the top grade's max should equal the total cap ${r.bonus.cap}`);
    const bottom = bands[bands.length - 1];
    if (bottom.g.min !== 0) add(`/grades/${bottom.i}/min`, `最低等级的下限应为 0，否则低分无等级可给`, `the lowest grade's min should be 0, or low totals get no grade`);
    for (let k = 1; k < bands.length; k++) {
      const upper = bands[k - 1];
      const lower = bands[k];
      if (lower.g.max < upper.g.min) {
        add(`/grades/${lower.i}/max`, `等级“${lower.g.id}”与“${upper.g.id}”之间有空档：${lower.g.max}–${upper.g.min} 的总分没有等级`, `grades "${lower.g.id}" and "${upper.g.id}" leave a gap: totals ${lower.g.max}–${upper.g.min} get no grade`);
      } else if (lower.g.max > upper.g.min) {
        add(`/grades/${lower.i}/max`, `等级“${lower.g.id}”与“${upper.g.id}”重叠：${upper.g.min}–${lower.g.max}`, `grades "${lower.g.id}" and "${upper.g.id}" overlap: ${upper.g.min}–${lower.g.max}`);
      }
    }
  }
}

/** Records an issue at `pointer`; `sources` are the pointers whose files are to blame when they differ from it. */
type Add = (pointer: string, zh: string, en: string, sources?: string[]) => void;

function sumIsOne(weights: number[], pointer: string, zh: string, en: string, add: Add, sources: string[]): void {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) > EPSILON) add(pointer, `${zh}之和应为 1，实为 ${round(sum)}`, `${en} should sum to 1, not ${round(sum)}`, sources);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** True when every fact `b` requires is required at least as tightly by `a`. */
function implies(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  for (const [fact, req] of b) {
    const mine = a.get(fact);
    if (mine === undefined) return false;
    if (isInterval(req)) {
      if (!isInterval(mine) || !within(mine, req)) return false;
    } else if (isInterval(mine) || JSON.stringify(mine) !== JSON.stringify(req)) return false;
  }
  return true;
}

/** Whether an operator and value suit a fact's type; the problem in zh/en, or undefined. */
function typeProblem(def: FactDef, operator: string, value: unknown): { zh: string; en: string } | undefined {
  const numeric = def.type === 'integer' || def.type === 'number' || def.type === 'rating';
  if (NUMERIC_OPERATORS.has(operator)) {
    if (!numeric) return { zh: `运算符 ${operator} 只能用于数值类事实，此事实为 ${def.type}`, en: `operator ${operator} needs a numeric fact, this one is ${def.type}` };
    if (typeof value !== 'number') return { zh: `比较值应为数字`, en: `the value to compare with should be a number` };
    return undefined;
  }
  if (operator === 'contains' || operator === 'doesNotContain') {
    if (def.type !== 'list' || def.items?.type !== 'enum') return { zh: `运算符 ${operator} 只能用于枚举列表类事实`, en: `operator ${operator} needs a list of enumerated values` };
    if (!def.items.values?.includes(value as string)) return { zh: `“${String(value)}”不是允许的取值`, en: `"${String(value)}" is not one of its allowed values` };
    return undefined;
  }
  const values = operator === 'in' || operator === 'notIn' ? value : [value];
  if (!Array.isArray(values)) return { zh: `运算符 ${operator} 的比较值应为数组`, en: `operator ${operator} needs an array of values` };
  for (const v of values) {
    const problem = valueProblem(def, v);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(def: FactDef, v: unknown): { zh: string; en: string } | undefined {
  switch (def.type) {
    case 'boolean':
      return typeof v === 'boolean' ? undefined : { zh: '比较值应为 true 或 false', en: 'the value should be true or false' };
    case 'enum':
      return def.values?.includes(v as string) ? undefined : { zh: `“${String(v)}”不是允许的取值（${def.values?.join('、')}）`, en: `"${String(v)}" is not an allowed value (${def.values?.join(', ')})` };
    case 'list':
      return { zh: '列表类事实只能用 contains 或 doesNotContain 比较', en: 'a list fact can only be compared with contains or doesNotContain' };
    default:
      return typeof v === 'number' ? undefined : { zh: '比较值应为数字', en: 'the value should be a number' };
  }
}
