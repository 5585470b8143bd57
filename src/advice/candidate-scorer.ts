import type { CompiledProgram } from '../core/compiled-program.js';
import type { Evaluator } from '../core/evaluator.js';
import { OutcomePlan } from '../core/outcome-plan.js';
import type { ScoringRule } from '../core/types.js';

type Facts = Record<string, unknown>;

/** The facts changes are made to: their checked values, the rules they match, and a copy to write changes into. */
interface Base {
  values: unknown[];
  matched: ArrayLike<number>;
  scratch: Facts;
  /** Its own score, once worked out. */
  score?: CandidateScore;
}

/** What advice reads of a candidate's score: the total and the grade's id. */
export interface CandidateScore {
  total: number;
  grade: string;
}

/**
 * The total and grade of one agency's facts with a few of them changed, for advice, which scores hundreds of such
 * changes per report: only the changed facts are checked (`valuesChangedIfValid`), only the rules that read them are
 * decided again (`decideChanged`), and the matched rules are scored by OutcomePlan.scoreMatched (the core's
 * arithmetic as the impact re-grade runs it: no result built, nothing allocated); a change that alters no rule's decision
 * and no fact points are counted from scores as the facts did.
 * test/candidate-scorer.spec.ts holds this to a full evaluation of the changed facts.
 */
export class CandidateScorer {
  private readonly closures: CompiledProgram;
  private readonly plan: OutcomePlan;
  /** The facts changes are made to, as the scoring reads them (kept as long as the facts object). */
  private readonly bases = new WeakMap<Facts, Base>();
  /** The supplied facts some points are counted from (a derived count's list for the count). */
  private readonly pointSources = new Set<string>();

  constructor(
    private readonly evaluator: Evaluator,
    readonly category: string,
  ) {
    this.closures = evaluator.closures(category);
    this.plan = new OutcomePlan(evaluator.program(category), evaluator.ruleset(category).snapshot.facts);
    const dictionary = evaluator.ruleset(category).snapshot.facts.facts;
    for (const rule of evaluator.program(category).rules) {
      const points = (rule.def as Partial<ScoringRule>).points;
      if (points === undefined || typeof points === 'number') continue;
      const fact = 'perUnit' in points ? points.fact : points.rating;
      this.pointSources.add(dictionary[fact]?.derive?.count ?? fact);
    }
  }

  /**
   * The score of `facts` with `changes` applied, as `Evaluator.compactNow(category, { ...facts, ...changes })`
   * gives its total and grade; undefined where that throws (a change the dictionary refuses). Throws as `evaluate`
   * does when `facts` themselves are invalid.
   */
  score(facts: Facts, changes: Facts): CandidateScore | undefined {
    const base = this.base(facts);
    const values = this.evaluator.valuesChangedIfValid(base.values, changes);
    if (!values) return undefined;
    const keys = Object.keys(changes);
    const matched = this.closures.decideChanged(values, base.matched, keys).matched;
    const { scratch } = base;
    if (!keys.some((key) => this.pointSources.has(key)) && same(matched, base.matched)) return (base.score ??= this.scoreOf(matched, scratch));
    // The plan reads the facts its points count (derived ones from their lists) by name, as submitted: the changes
    // are written into the base's copy of the facts for the call, and the values they replaced put back after.
    const replaced = keys.map((key) => scratch[key]);
    keys.forEach((key) => (scratch[key] = changes[key]));
    try {
      return this.scoreOf(matched, scratch);
    } finally {
      keys.forEach((key, i) => (scratch[key] = replaced[i])); // a fact absent before reads as absent again (undefined)
    }
  }

  private scoreOf(matched: ArrayLike<number>, facts: Facts): CandidateScore {
    const o = this.plan.scoreMatched(matched, facts);
    return { total: o.total, grade: this.plan.grades[o.grade] };
  }

  private base(facts: Facts): Base {
    let base = this.bases.get(facts);
    if (!base) {
      const values = this.evaluator.values(facts);
      this.bases.set(facts, (base = { values, matched: this.closures.decideValues(values).matched, scratch: { ...facts } }));
    }
    return base;
  }
}

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
