import { leavesOf } from './conditions.js';
import { derivedCount } from './facts.js';
import type { RuleProgram } from './rule-program.js';
import { contributionOf, gradeIndex, makePlan, round2, tally, type FactSource, type ScorePlan } from './score.js';
import type { Condition, FactDictionary, ScoringRule, TopCondition } from './types.js';

type Facts = Record<string, unknown>;

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

/** A fact some points count: how to read it from facts as submitted, and the rules whose points count it. */
interface PointFact {
  read: (facts: Facts) => unknown;
  rules: number[];
}

/**
 * A category's aggregation set up for re-grading many stored outcomes: a matched-rule bitset and the facts as
 * submitted → the numbers a full evaluation gives (totals, node and indicator scores, contributions, grades; held to
 * the core by test/outcome-plan.spec.ts). The arithmetic is the core's own (score.ts's `tally` and `gradeIndex`, on
 * a plan of this program); what is this class's is the input and the output: it unpacks the bitset, reads only the
 * facts that points count, and only when a rule counting them matched (a derived fact is counted from its list, so
 * the stored facts need no second, checked copy), and rounds into arrays it owns, allocating nothing per agency.
 * Bit i of a bitset is rule i of the program (`program.rules`, file order).
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
  /** The arithmetic's plan, reading the facts points count from `values`, by their index in `pointFacts`. */
  private readonly plan: ScorePlan;
  private readonly pointFacts: PointFact[] = [];
  private readonly values: unknown[];
  /** The bitset unpacked (one byte a rule, as the arithmetic reads it), and its unrounded scores. */
  private readonly matched: Uint8Array;
  private readonly nodes: number[];
  private readonly points: number[];
  private readonly out: CompactOutcome;

  constructor(program: RuleProgram, dictionary: FactDictionary) {
    this.ruleNames = program.rules.map((rule) => rule.name);
    const bitOf = new Map(this.ruleNames.map((name, i) => [name, i]));
    this.bytes = Math.ceil(this.ruleNames.length / 8);
    // The facts points count, each at its index (its slot in the plan), with the rules that count it.
    const slots = new Map<string, number>();
    const scoring = [...program.tree.leaves.flatMap((n) => program.byIndicator.get(n.id) ?? []), ...program.bonus];
    for (const rule of scoring) {
      const points = (rule.def as ScoringRule).points;
      if (typeof points === 'number') continue;
      const fact = 'perUnit' in points ? points.fact : points.rating;
      if (!slots.has(fact)) this.pointFacts.push({ read: factReader(dictionary, fact), rules: [] });
      this.pointFacts[slots.get(fact) ?? slots.set(fact, slots.size).size - 1].rules.push(bitOf.get(rule.name)!);
    }
    this.plan = makePlan(program, slots);
    this.values = Array.from({ length: slots.size + 1 }, () => undefined);
    this.leafIds = this.plan.leaves.map((p) => p.node.id);
    this.nodeIds = this.plan.inner.map((p) => p.node.id);
    this.grades = this.plan.grades;
    this.matched = new Uint8Array(this.ruleNames.length);
    this.nodes = Array.from({ length: this.nodeIds.length }, () => 0);
    this.points = Array.from({ length: this.leafIds.length }, () => 0);
    this.out = { points: new Float64Array(this.leafIds.length), contributions: new Float64Array(this.leafIds.length), nodeScores: new Float64Array(this.nodeIds.length), total: 0, grade: 0, eligible: true, vetoed: false };
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
    const { matched } = this;
    for (let i = 0; i < matched.length; i++) matched[i] = (bits[i >> 3] >> (i & 7)) & 1;
    return this.scoreMatched(matched, facts);
  }

  /** `score` from the matched rules one byte a rule (1: matched), by index, as the compiled program decides them. */
  scoreMatched(matched: ArrayLike<number>, facts: Facts): CompactOutcome {
    const { plan, values, nodes, points, out } = this;
    for (let f = 0; f < this.pointFacts.length; f++) {
      const { read, rules } = this.pointFacts[f];
      let needed = false;
      for (const i of rules) needed ||= matched[i] === 1;
      values[f] = needed ? read(facts) : undefined;
    }
    out.total = tally(plan, values as unknown as FactSource, matched, nodes, points, null).total;
    for (const p of plan.leaves) {
      out.points[p.slot] = round2(points[p.slot]);
      out.contributions[p.slot] = contributionOf(p, points[p.slot]);
    }
    for (let j = 0; j < nodes.length; j++) out.nodeScores[j] = round2(nodes[j]);
    out.grade = gradeIndex(plan, matched, out.total, nodes, points);
    out.eligible = out.grade !== plan.bands.length;
    out.vetoed = false;
    for (const i of plan.vetoes) out.vetoed ||= matched[i] === 1;
    return out;
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
