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
import { clausesOfLeaf, knownClauses, provenanceProblem } from './provenance.js';
import { escapePointer, isSafePath } from './safe-path.js';
import { IndicatorIndex, nodeWeights, type TreeNode } from './tree.js';
import {
  type Criteria,
  type FactDef,
  type GateRule,
  type Provenance,
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
  private readonly tree: IndicatorIndex;
  private readonly aspectsOf = new Map<string, Set<string>>();
  private readonly clauses: Map<string, unknown>;

  constructor(
    criteria: Criteria,
    private readonly issues: ValidationIssue[],
  ) {
    this.facts = criteria.facts.facts;
    this.tree = new IndicatorIndex(criteria.indicators);
    this.clauses = knownClauses(criteria);
    for (const leaf of this.tree.leaves) this.aspectsOf.set(leaf.id, new Set((leaf.def.aspects ?? []).map((a) => a.id)));
  }

  /**
   * Checks one merged ruleset; `own` is the category's file. A problem found in a file it extends is blamed on that
   * file and names the category it reaches. Each part is checked even when another part is malformed.
   */
  check(raw: Record<string, unknown>, category: string, blame: (pointer: string) => string, own: string): void {
    const add: Add = (pointer, zh, en, sources) => {
      // A value made of several keys (a sum of weights) is blamed on the category file when it wrote one of them.
      const files = (sources ?? [pointer]).map(blame);
      const file = files.includes(own) ? own : files[0];
      this.issues.push({ ...issue(file, pointer, zh, en), ...(file === own ? {} : { categories: [category] }) });
    };
    const missing = REQUIRED_PARTS.filter((part) => raw[part] === undefined);
    for (const part of missing) add(`/${part}`, `缺少“${part}”（本文件及其 extends 的文件中都没有）`, `"${part}" is missing (neither this file nor the file it extends has it)`);
    if (raw.category !== category) {
      add('/category', `类别应为“${category}”（与文件名一致）`, `category should be "${category}" (as the file name says)`);
    }
    const r = raw as unknown as Ruleset;
    const parts: [keyof Ruleset, () => void][] = [
      ['weights', () => this.checkWeights(r, add)],
      ['indicators', () => this.checkIndicators(r, add)],
      ['prerequisites', () => this.checkGates(r.prerequisites, '/prerequisites', add)],
      ['vetoes', () => this.checkGates(r.vetoes, '/vetoes', add)],
      ['bonus', () => this.checkBonus(r, add)],
      ['grades', () => this.checkGrades(r, add)],
      ['effectiveFromBasis', () => this.checkProvenance(r.effectiveFromBasis!, '/effectiveFromBasis', add)],
    ];
    for (const [part, checkPart] of parts) {
      if (r[part] === undefined) continue;
      try {
        checkPart();
      } catch (error) {
        // A shape the schema already refused; its error says what is wrong.
        if (!(error instanceof TypeError)) throw error;
      }
    }
  }

  /**
   * Every node has a weight, and the weights of each set of siblings add up: to 1 as shares of the parent, or to the
   * parent's weight as shares of the total. A wrong sum is reported with both forms, so either can be checked.
   */
  private checkWeights(r: Ruleset, add: Add): void {
    const given = r.weights.nodes ?? {};
    const form = r.weights.form;
    if (form !== 'shareOfParent' && form !== 'shareOfTotal') {
      add('/weights/form', '缺少权重形式 form：shareOfParent（占上级的份额）或 shareOfTotal（占总分的份额）', 'missing the weight form: shareOfParent (share of the parent) or shareOfTotal (share of the total)');
      return;
    }
    for (const id of Object.keys(given)) {
      if (!this.tree.byId.has(id)) add(`/weights/nodes/${escapePointer(id)}`, `未知的指标节点“${id}”（criteria/indicators.json 中没有）`, `unknown node "${id}" (not in criteria/indicators.json)`);
    }
    for (const node of this.tree.nodes) {
      if (typeof given[node.id] !== 'number') add(`/weights/nodes/${escapePointer(node.id)}`, `缺少“${node.def.name.zh}”（${node.id}）的权重`, `missing the weight of "${node.def.name.en}" (${node.id})`);
    }
    const both = nodeWeights(this.tree, r.weights);
    const groups: { parent: TreeNode | null; siblings: TreeNode[] }[] = [
      { parent: null, siblings: this.tree.top },
      ...this.tree.nodes.filter((n) => !n.leaf).map((n) => ({ parent: n, siblings: n.children })),
    ];
    for (const { parent, siblings } of groups) {
      const sum = siblings.reduce((s, n) => s + (given[n.id] ?? 0), 0);
      const expected = form === 'shareOfParent' || !parent ? 1 : (given[parent.id] ?? 0);
      if (Math.abs(sum - expected) <= EPSILON) continue;
      const where = parent ? { zh: `“${parent.def.name.zh}”（${parent.id}）下级各节点的`, en: `The weights of the children of "${parent.id}" (${parent.def.name.en})` } : { zh: '第一级各节点的', en: 'The weights of the top-level nodes' };
      const other = form === 'shareOfParent' ? both.ofTotal : both.ofParent;
      const shown = siblings.map((n) => `${n.id} ${round(other.get(n.id) ?? 0)}`).join(', ');
      const otherName = form === 'shareOfParent' ? { zh: '占总分的份额', en: 'as shares of the total' } : { zh: '占上级的份额', en: 'as shares of the parent' };
      add(
        '/weights/nodes',
        `${where.zh}权重之和应为 ${round(expected)}，实为 ${round(sum)}（${otherName.zh}：${shown}）`,
        `${where.en} should sum to ${round(expected)}, not ${round(sum)} (${otherName.en}: ${shown})`,
        siblings.map((n) => `/weights/nodes/${escapePointer(n.id)}`),
      );
    }
  }

  private checkIndicators(r: Ruleset, add: Add): void {
    for (const id of Object.keys(r.indicators)) {
      const node = this.tree.byId.get(id);
      if (!node) add(`/indicators/${escapePointer(id)}`, `未知的指标“${id}”`, `unknown indicator "${id}"`);
      else if (!node.leaf) add(`/indicators/${escapePointer(id)}`, `“${id}”有下级指标，由下级加权得分，不能直接写评分规则`, `"${id}" has children and is scored from them by weight: rules score the leaves only`);
    }
    for (const { id } of this.tree.leaves) {
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
        this.checkProvenance(rule, at, add, clausesOfLeaf(this.tree.byId.get(id)!));
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
      if (!OPERATORS.has(leaf.operator)) continue; // the schema names it, with the operators allowed
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
    for (const [key, gate] of Object.entries(gates)) {
      this.checkConditions(gate.conditions, `${base}/${escapePointer(key)}/conditions`, add);
      this.checkProvenance(gate, `${base}/${escapePointer(key)}`, add);
    }
  }

  private checkBonus(r: Ruleset, add: Add): void {
    if (!(r.bonus.cap >= 100)) add('/bonus/cap', '总分上限应不低于 100', 'the total cap should be at least 100');
    this.checkProvenance(r.bonus, '/bonus', add);
    for (const [key, rule] of Object.entries(r.bonus.items ?? {})) {
      this.checkScoringRule(rule, `/bonus/items/${escapePointer(key)}`, add);
      this.checkProvenance(rule, `/bonus/items/${escapePointer(key)}`, add);
    }
  }

  /**
   * Every rule, prerequisite, veto, bonus item and grade band says where it comes from: a `standard` basis cites a
   * clause recorded in criteria/ (for a scoring rule, one of its indicator's own clauses), a `committee` basis gives
   * the committee's rationale.
   */
  private checkProvenance(p: Provenance, at: string, add: Add, own?: string[]): void {
    const problem = provenanceProblem(p);
    if (problem) {
      add(at, problem.zh, problem.en);
      return;
    }
    if (p.basis !== 'standard') return;
    const clause = p.clause!;
    if (!this.clauses.has(clause)) {
      add(
        `${at}/clause`,
        `条款“${clause}”不在 criteria/ 中：指标树的节点与方面、表1的类别、术语和定义、规范性引用文件中都没有此条款`,
        `clause "${clause}" is not recorded in criteria/: no node or aspect of the indicator tree, category of Table 1, term, normative reference or provision has it`,
      );
    } else if (own && !own.includes(clause)) {
      add(`${at}/clause`, `条款“${clause}”不是本指标的条款（可引用：${own.join('、')}）`, `clause "${clause}" is not this indicator's (it may cite ${own.join(', ')})`);
    }
  }

  private checkGrades(r: Ruleset, add: Add): void {
    const bands = r.grades.map((g, i) => ({ g, i })).sort((a, b) => b.g.min - a.g.min);
    const ids = new Set<string>();
    for (const { g, i } of bands) {
      const level = g.everyNodeAtLeast?.level;
      if (level !== undefined && !(level >= 1 && level <= this.tree.depth)) {
        add(`/grades/${i}/everyNodeAtLeast/level`, `指标树只有 ${this.tree.depth} 级，没有第 ${level} 级`, `the indicator tree has ${this.tree.depth} level(s), so there is no level ${level}`);
      }
      if (ids.has(g.id)) add(`/grades/${i}/id`, `等级“${g.id}”重复`, `grade "${g.id}" appears twice`);
      this.checkProvenance(g, `/grades/${i}`, add);
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
