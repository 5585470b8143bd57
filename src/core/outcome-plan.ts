import { leavesOf } from './conditions.js';
import { derivedCount } from './facts.js';
import type { RuleProgram } from './rule-program.js';
import { NOT_ELIGIBLE_ID, pointsOf, round2, round6, VETOED_ID } from './score.js';
import type { Condition, FactDictionary, Points, ScoringRule, TopCondition } from './types.js';

type Facts = Record<string, unknown>;

/** A scoring rule as the plan counts it: its bit, its tier slot (-1 for none) and its points. */
interface PlanRule {
  bit: number;
  tier: number;
  /** Points that do not depend on the facts; NaN when they do (then `points` with the value of `fact`). */
  fixed: number;
  points: Points;
  /** The one fact the points read (an index into the plan's point facts), and a one-key object to pass it in. */
  fact: number;
  scratch: Facts;
}

interface PlanLeaf {
  rules: PlanRule[];
  max: number;
  /** Weight within its parent. */
  weight: number;
  /** The weights from the leaf up to the top, multiplied in this order (as score.ts's `upward`). */
  chain: number[];
}

interface PlanNode {
  /** Children in the tree's order: index into the leaves (leaf) or the nodes. */
  children: { leaf: boolean; index: number }[];
  weight: number;
  chain: number[];
}

interface PlanBand {
  grade: number;
  min: number;
  /** With an every-node condition: the nodes and leaves of that level that count, and the percentage they need. */
  every?: { nodes: number[]; leaves: number[]; percent: number };
}

/**
 * One agency's scores in compact form, written by `OutcomePlan.score` into arrays it owns (read them before the next
 * call, or copy them). Leaves and nodes are in the tree's order, as `EvaluationResult.indicators` and `.nodes`.
 */
export interface CompactOutcome {
  /** Each leaf's points, rounded as a result shows them. */
  points: Float64Array;
  /** Each leaf's contribution to the total. */
  contributions: Float64Array;
  /** Each node's score (percentage, rounded). */
  nodeScores: Float64Array;
  total: number;
  /** Index into `OutcomePlan.grades`. */
  grade: number;
  eligible: boolean;
  vetoed: boolean;
}

/**
 * A category's aggregation precomputed for re-grading many stored outcomes: each leaf's rules with their tier slots
 * and points, each node's children and weight chain, the grade bands in the order they are tried. `score` does the
 * arithmetic of score.ts's `scoreCompact` (and expand.ts's rounding and contributions) in the same order, so totals,
 * node and indicator scores, contributions and grades are the same numbers (test/outcome-plan.spec.ts holds it to
 * the core on generated agencies), but it allocates nothing and reads matched rules from a bitset and facts as
 * submitted: derived facts are counted from their lists, and only for points that depend on them, so the stored
 * facts need no second, checked copy. Bit i of a bitset is rule i of the program (`program.rules`, file order).
 */
export class OutcomePlan {
  /** Rule names in bit order. */
  readonly ruleNames: string[];
  /** Bytes of one bitset. */
  readonly bytes: number;
  /** Leaf (indicator) ids and node ids, in the tree's order. */
  readonly leafIds: string[];
  readonly nodeIds: string[];
  /** Grade ids: the bands from the highest minimum down, then not eligible and vetoed. */
  readonly grades: string[];
  /** Whether some points depend on facts (else `score` never reads them). */
  readonly readsFacts: boolean;
  private readonly bitOf = new Map<string, number>();
  /** The facts points read, their readers, and their values for the agency being scored (read once each). */
  private readonly pointFacts: string[] = [];
  private readonly readers: ((facts: Facts) => unknown)[];
  private readonly values: unknown[];
  private readonly read: Uint8Array;
  private readonly leaves: PlanLeaf[] = [];
  private readonly nodes: PlanNode[] = [];
  private readonly top: { leaf: boolean; index: number }[];
  private readonly bonus: PlanRule[];
  private readonly bonusCap: number;
  private readonly prerequisites: number[];
  private readonly vetoes: number[];
  private readonly bands: PlanBand[];
  private readonly tiers: Float64Array;
  private readonly leafTerms: Float64Array;
  private readonly nodeTerms: Float64Array;
  private readonly out: CompactOutcome;

  constructor(program: RuleProgram, dictionary: FactDictionary) {
    const r = program.ruleset;
    const { ofParent, ofTotal } = program.weights;
    this.ruleNames = program.rules.map((rule) => rule.name);
    this.ruleNames.forEach((name, i) => this.bitOf.set(name, i));
    this.bytes = Math.ceil(this.ruleNames.length / 8);
    const tierSlots = new Map<string, number>();
    const planRule = (name: string, group: string): PlanRule => {
      const def = program.byName.get(name)!.def as ScoringRule;
      const tier = def.tier === undefined ? -1 : tierSlots.get(`${group}\u0000${def.tier}`) ?? tierSlots.set(`${group}\u0000${def.tier}`, tierSlots.size).size - 1;
      const points = def.points;
      if (typeof points === 'number') return { bit: this.bitOf.get(name)!, tier, fixed: points, points, fact: -1, scratch: {} };
      const fact = 'perUnit' in points ? points.fact : points.rating;
      let f = this.pointFacts.indexOf(fact);
      if (f < 0) f = this.pointFacts.push(fact) - 1;
      return { bit: this.bitOf.get(name)!, tier, fixed: NaN, points, fact: f, scratch: { [fact]: undefined } };
    };
    const chain = (id: string, parents: string[]) => [id, ...parents].map((n) => ofParent.get(n)!);
    const index = new Map<string, { leaf: boolean; index: number }>();
    const inner = program.tree.nodes.filter((n) => !n.leaf);
    program.tree.leaves.forEach((n, i) => index.set(n.id, { leaf: true, index: i }));
    inner.forEach((n, i) => index.set(n.id, { leaf: false, index: i }));
    const ancestors = (n: (typeof inner)[number]) => {
      const out: string[] = [];
      for (let p = n.parent; p; p = p.parent) out.push(p.id);
      return out;
    };
    for (const n of program.tree.leaves) {
      this.leaves.push({ rules: (program.byIndicator.get(n.id) ?? []).map((rule) => planRule(rule.name, n.id)), max: r.indicators[n.id].max, weight: ofParent.get(n.id)!, chain: chain(n.id, ancestors(n)) });
    }
    for (const n of inner) this.nodes.push({ children: n.children.map((c) => index.get(c.id)!), weight: ofParent.get(n.id)!, chain: chain(n.id, ancestors(n)) });
    this.top = program.tree.top.map((n) => index.get(n.id)!);
    this.bonus = program.bonus.map((rule) => planRule(rule.name, '\u0000bonus'));
    this.bonusCap = r.bonus.cap;
    this.prerequisites = program.prerequisites.map((rule) => this.bitOf.get(rule.name)!);
    this.vetoes = program.vetoes.map((rule) => this.bitOf.get(rule.name)!);
    this.leafIds = program.tree.leaves.map((n) => n.id);
    this.nodeIds = inner.map((n) => n.id);
    const counts = (id: string) => round6(ofTotal.get(id)!) > 0;
    const sorted = [...r.grades].sort((a, b) => b.min - a.min);
    this.grades = [...sorted.map((b) => b.id), NOT_ELIGIBLE_ID, VETOED_ID];
    this.bands = sorted.map((b, grade) => {
      const level = b.everyNodeAtLeast?.level;
      if (level === undefined) return { grade, min: b.min };
      return {
        grade,
        min: b.min,
        every: {
          nodes: inner.flatMap((n, i) => (n.level === level && counts(n.id) ? [i] : [])),
          leaves: program.tree.leaves.flatMap((n, i) => (n.level === level && counts(n.id) ? [i] : [])),
          percent: b.everyNodeAtLeast!.percent,
        },
      };
    });
    this.readsFacts = this.pointFacts.length > 0;
    this.readers = this.pointFacts.map((f) => factReader(dictionary, f));
    this.values = this.pointFacts.map(() => undefined);
    this.read = new Uint8Array(this.pointFacts.length);
    this.tiers = new Float64Array(tierSlots.size);
    this.leafTerms = new Float64Array(this.leaves.length);
    this.nodeTerms = new Float64Array(this.nodes.length);
    this.out = { points: new Float64Array(this.leaves.length), contributions: new Float64Array(this.leaves.length), nodeScores: new Float64Array(this.nodes.length), total: 0, grade: 0, eligible: true, vetoed: false };
  }

  /** The bit of a rule, or undefined when this program has no rule of that name. */
  bit(name: string): number | undefined {
    return this.bitOf.get(name);
  }

  /** A bitset of the named rules (names this program does not have are left out). */
  bitsOf(names: Iterable<string>): Uint8Array {
    const bits = new Uint8Array(this.bytes);
    for (const name of names) {
      const i = this.bitOf.get(name);
      if (i !== undefined) bits[i >> 3] |= 1 << (i & 7);
    }
    return bits;
  }

  /** The names of the rules set in a bitset, in file order. */
  namesOf(bits: Uint8Array): string[] {
    return this.ruleNames.filter((_, i) => has(bits, i));
  }

  /**
   * Scores from a matched-rule bitset: the numbers the core gives for the same matched rules and facts. The
   * answer's arrays are this plan's own and are overwritten by the next call.
   */
  score(bits: Uint8Array, facts: Facts): CompactOutcome {
    const out = this.out;
    this.tiers.fill(NaN);
    this.read.fill(0);
    for (let k = 0; k < this.leaves.length; k++) {
      const leaf = this.leaves[k];
      const points = Math.min(leaf.max, this.sum(leaf.rules, bits, facts));
      out.points[k] = round2(points);
      this.leafTerms[k] = (points / leaf.max) * leaf.weight * 100;
      out.contributions[k] = round2(upward(leaf.chain, points / leaf.max) * 100);
    }
    // Children before parents: the nodes in reverse of the tree's (depth-first) order.
    for (let j = this.nodes.length - 1; j >= 0; j--) {
      const node = this.nodes[j];
      let score = 0;
      for (const c of node.children) score += c.leaf ? this.leafTerms[c.index] : this.nodeTerms[c.index];
      out.nodeScores[j] = round2(score);
      this.nodeTerms[j] = score * node.weight;
    }
    let baseTotal = 0;
    for (const c of this.top) baseTotal += c.leaf ? this.leafTerms[c.index] : this.nodeTerms[c.index];
    out.total = Math.min(this.bonusCap, round2(baseTotal + this.sum(this.bonus, bits, facts)));
    out.eligible = this.prerequisites.every((i) => has(bits, i));
    out.vetoed = this.vetoes.some((i) => has(bits, i));
    out.grade = !out.eligible ? this.grades.length - 2 : out.vetoed ? this.grades.length - 1 : this.band(out);
    return out;
  }

  /** In each tier the best matching rule counts, rules outside tiers add up (score.ts's countRules). */
  private sum(rules: PlanRule[], bits: Uint8Array, facts: Facts): number {
    let sum = 0;
    for (const rule of rules) {
      if (!has(bits, rule.bit)) continue;
      let points = rule.fixed;
      if (rule.fact >= 0) {
        const f = rule.fact;
        if (this.read[f] === 0) {
          this.values[f] = this.readers[f](facts);
          this.read[f] = 1;
        }
        rule.scratch[this.pointFacts[f]] = this.values[f];
        points = pointsOf(rule.points, rule.scratch);
      }
      if (rule.tier < 0) {
        sum += points;
        continue;
      }
      const rival = this.tiers[rule.tier];
      if (Number.isNaN(rival)) {
        this.tiers[rule.tier] = points;
        sum += points;
      } else if (rival < points) {
        sum += points - rival;
        this.tiers[rule.tier] = points;
      }
    }
    return sum;
  }

  private band(out: CompactOutcome): number {
    for (const b of this.bands) {
      if (out.total < b.min) continue;
      if (!b.every) return b.grade;
      let lowest = Infinity;
      for (const j of b.every.nodes) lowest = Math.min(lowest, out.nodeScores[j]);
      for (const k of b.every.leaves) lowest = Math.min(lowest, round2((out.points[k] / this.leaves[k].max) * 100));
      if (lowest >= b.every.percent) return b.grade;
    }
    return this.bands[this.bands.length - 1].grade;
  }
}

/** Whether bit i is set. */
export function has(bits: Uint8Array, i: number): boolean {
  return (bits[i >> 3] & (1 << (i & 7))) !== 0;
}

/** Sets bit i. */
export function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3] |= 1 << (i & 7);
}

/** A reader of one fact from raw or checked facts: a derived fact is counted from its list (as FactChecker.prepare does), any other is read as given. */
function factReader(dictionary: FactDictionary, fact: string): (facts: Facts) => unknown {
  const derive = dictionary.facts[fact]?.derive;
  if (!derive) return (facts) => facts[fact];
  return (facts) => {
    const list = facts[derive.count];
    return Array.isArray(list) ? derivedCount(derive, dictionary.facts[derive.count], list) : undefined;
  };
}

/**
 * Facts that were checked before, as FactChecker.prepare gives them (nulls left out, derived facts added) without
 * checking them again: for running rule closures on stored submissions under an unchanged fact dictionary. With
 * `only`, just those facts (the ones the rules to run read: see `factsRead`), which is all such rules can tell apart.
 */
export function preparedAgain(dictionary: FactDictionary, only?: Iterable<string>): (facts: Facts) => Facts {
  const derived = Object.entries(dictionary.facts).flatMap(([id, def]) => (def.derive ? [{ id, derive: def.derive, list: dictionary.facts[def.derive.count] }] : []));
  if (only) {
    const wanted = new Set(only);
    const plain = [...wanted].filter((f) => !dictionary.facts[f]?.derive);
    const counted = derived.filter((d) => wanted.has(d.id));
    return (facts) => {
      const out: Facts = {};
      for (const f of plain) if (Object.prototype.hasOwnProperty.call(facts, f) && facts[f] !== null && facts[f] !== undefined) out[f] = facts[f];
      for (const { id, derive, list } of counted) {
        const items = facts[derive.count];
        if (Array.isArray(items)) out[id] = derivedCount(derive, list, items);
      }
      return out;
    };
  }
  return (facts) => {
    const out: Facts = {};
    for (const key in facts) if (Object.prototype.hasOwnProperty.call(facts, key) && facts[key] !== null && facts[key] !== undefined) out[key] = facts[key];
    for (const { id, derive, list } of derived) {
      const items = out[derive.count];
      if (Array.isArray(items)) out[id] = derivedCount(derive, list, items);
    }
    return out;
  };
}

/** The facts a condition tree reads: each leaf's fact, and the fact a leaf compares with (`{ "fact": … }` values). */
export function factsRead(condition: Condition | TopCondition): string[] {
  return leavesOf(condition, '').flatMap(({ leaf }) => {
    const value = leaf.value;
    const ref = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact') ? (value as { fact: unknown }).fact : undefined;
    return typeof ref === 'string' ? [leaf.fact, ref] : [leaf.fact];
  });
}

function upward(chain: number[], x: number): number {
  for (const w of chain) x *= w;
  return x;
}
