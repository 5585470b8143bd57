/**
 * The data model of the standard: what the files in `criteria/` and `rules/` hold, and what an evaluation returns.
 * Plain types only; the JSON Schemas in `criteria/schemas/` describe the same shapes for editors.
 */

/** Text shown to people, Chinese first (as in the standard) with an English rendering. */
export interface Text {
  zh: string;
  en: string;
}

// ---------------------------------------------------------------------------------------------------------------
// criteria/classification.json — Table 1 of the standard
// ---------------------------------------------------------------------------------------------------------------

export interface Classification {
  source: Text;
  categories: ClassificationCategory[];
}

export interface ClassificationCategory {
  /** The category id: rules/<id>.json scores it. Categories are whatever this file lists. */
  id: string;
  seq: number;
  name: Text;
  /** Where the standard defines the category (e.g. "4 a)"); rules may cite it. */
  clause?: string;
  definition: Text;
  /** Other labels the standard gives the same category (e.g. Table 1's), and why `name` was chosen. */
  labels?: { variants: { name: Text; where: Text }[]; choice: Text };
  classes: SecondLevelClass[];
}

export interface SecondLevelClass {
  id: string;
  name: Text;
  classes: ThirdLevelClass[];
}

export interface ThirdLevelClass {
  id: string;
  name: Text;
  description: Text;
  /** Sub-types the description names (e.g. 融资租赁公司 under 非银行金融服务机构). */
  subtypes?: { id: string; name: Text; description: Text }[];
}

// ---------------------------------------------------------------------------------------------------------------
// criteria/indicators.json — the indicator tree of chapter 5 (评价准则)
// ---------------------------------------------------------------------------------------------------------------

export interface IndicatorTree {
  /** Notes for readers (e.g. that clause numbers are inferred). */
  note: Text;
  /** The name of each level of the tree, from the top (e.g. 一级指标, 二级指标, 三级指标). */
  levels: Text[];
  /** The top-level nodes, in the standard's order. */
  nodes: IndicatorNode[];
}

/**
 * A node of the indicator tree. A node with `children` is scored from them by weight; a node without is a leaf (an
 * indicator the rules score), and may list the aspects a), b), c)… the standard names for it.
 */
export interface IndicatorNode {
  id: string;
  /** Where the standard defines it: free text (a clause number, a table row…). */
  clause: string;
  name: Text;
  definition: Text;
  children?: IndicatorNode[];
  aspects?: AspectDef[];
}

export interface AspectDef {
  /** The letter the standard uses: "a", "b", … */
  id: string;
  clause: string;
  name: Text;
  definition: Text;
}

// ---------------------------------------------------------------------------------------------------------------
// criteria/facts.json — the fact dictionary
// ---------------------------------------------------------------------------------------------------------------

export type FactType = 'integer' | 'number' | 'boolean' | 'enum' | 'list' | 'rating';

/** A field of an object in a list fact (e.g. an honour's level). */
export interface FieldDef {
  type: 'string' | 'integer' | 'enum';
  label: Text;
  values?: string[];
  min?: number;
  max?: number;
  required?: boolean;
}

export interface ListItemDef {
  type: 'enum' | 'object';
  /** For `enum` items: the allowed values. */
  values?: string[];
  valueLabels?: Record<string, Text>;
  /**
   * For `enum` items: the values are the classes of one Table 1 category (criteria/classification.json) at `level`
   * (2 or 3). The loader fills `values`, `valueLabels` and, for level 3, `groups` (each class's second-level class).
   */
  valuesFrom?: { classification: string; level: 2 | 3 };
  /** For `enum` items: the group of each value (value → group id), which a derived count may count once each. */
  groups?: Record<string, string>;
  /** For `object` items: their fields. */
  fields?: Record<string, FieldDef>;
}

export interface FactDef {
  label: Text;
  description?: Text;
  type: FactType;
  unit?: Text;
  /** Inclusive bounds for integer, number and rating facts. */
  min?: number;
  max?: number;
  /** Allowed values of an enum fact, in ascending order where they have one. */
  values?: string[];
  valueLabels?: Record<string, Text>;
  items?: ListItemDef;
  /** Required facts must be supplied; an absent optional fact is reported as missing evidence and scores 0. */
  required: boolean;
  /** Who supplies it: the agency (with evidence) or the assessor (a rating or a finding). */
  source: 'agency' | 'assessor';
  /** The material (材料) that backs the fact. */
  evidence: Text;
  /** Indicator ids whose scoring uses this fact (or "eligibility", "veto", "bonus"). */
  indicators: string[];
  /**
   * A derived fact is computed by the core, never supplied: `count` of a list fact, optionally only the items whose
   * `field` is one of `values`, or (`distinct: "group"`) the number of distinct groups its items belong to.
   */
  derive?: { count: string; where?: { field: string; values: string[] }; distinct?: 'group' };
  /** Terms of criteria/terms.json that decide what the fact counts (e.g. which clients are SMEs). */
  terms?: string[];
}

export interface FactDictionary {
  facts: Record<string, FactDef>;
}

// ---------------------------------------------------------------------------------------------------------------
// rules/*.json — rulesets
// ---------------------------------------------------------------------------------------------------------------

/** A json-rules-engine leaf condition. `path` is a plain dot path ("$.a.b"); scripts are rejected. */
export interface LeafCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
}

export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };
/** json-rules-engine's top level: all, any or not. */
export type TopCondition = { all: Condition[] } | { any: Condition[] } | { not: Condition };

/** Points for a fact that counts units: `perUnit` × the fact's value (a list counts its items), at most `cap`. */
export interface PerUnitPoints {
  perUnit: number;
  fact: string;
  cap?: number;
}

/** Points from an assessor's rating (酌情加分): linear from `range[0]` → 0 to `range[1]` → `max`. */
export interface RatingPoints {
  rating: string;
  range: [number, number];
  max: number;
}

export type Points = number | PerUnitPoints | RatingPoints;

/**
 * Where a rule comes from. `standard`: the standard's text says it, and `clause` (a clause recorded in criteria/)
 * is where. `committee`: the standard does not say it; the committee chose it, for the `rationale` given. Either
 * way the numbers (points, thresholds) are the committee's defaults: the standard gives none.
 */
export type Basis = 'standard' | 'committee';

export interface Provenance {
  basis: Basis;
  /** The clause that says it (basis "standard" only). */
  clause?: string;
  /** Why the committee set it (basis "committee" only). */
  rationale?: Text;
}

/** A scoring rule of an indicator. Rules that share a `tier` group: the best matching one counts; others add up. */
export interface ScoringRule extends Provenance {
  aspect?: string;
  tier?: string;
  reason: Text;
  conditions: TopCondition;
  points: Points;
}

export interface IndicatorRules {
  /** The indicator's full mark; the sum of its rules' points is capped here. */
  max: number;
  rules: Record<string, ScoringRule>;
}

/** A prerequisite (its conditions must hold, else "not eligible") or a veto (一票否决: fires when they hold). */
export interface GateRule extends Provenance {
  reason: Text;
  conditions: TopCondition;
}

export interface GradeBand extends Provenance {
  id: string;
  label: Text;
  /** The band covers min ≤ total < max; the top band includes its max (the total cap). */
  min: number;
  max: number;
  passing: boolean;
  /** Extra condition: every node of this tree level (1 = top) scores at least `percent` of its full score. */
  everyNodeAtLeast?: { level: number; percent: number };
}

/**
 * `shareOfParent`: each node's weight is its share of its parent, and siblings sum to 1. `shareOfTotal`: each node's
 * weight is its share of the 100-point total, so the top level sums to 1 and a node's children sum to its weight.
 */
export type WeightForm = 'shareOfParent' | 'shareOfTotal';

export interface Weights {
  form: WeightForm;
  /** The weight of every node of the indicator tree, by node id. */
  nodes: Record<string, number>;
}

/** A category's ruleset with `extends` resolved and validated. */
export interface Ruleset {
  id: string;
  category: string;
  version: string;
  standard: { name: Text; edition: string };
  effectiveFrom: string;
  /** Where the date `effectiveFrom` comes from (the standard gives no date, so usually the committee). */
  effectiveFromBasis?: Provenance;
  effectiveTo: string | null;
  note: Text;
  weights: Weights;
  indicators: Record<string, IndicatorRules>;
  prerequisites: Record<string, GateRule>;
  vetoes: Record<string, GateRule>;
  /** Bonus items; the provenance is that of the bonus as such and its cap. */
  bonus: Provenance & { cap: number; items: Record<string, ScoringRule> };
  grades: GradeBand[];
}

// ---------------------------------------------------------------------------------------------------------------
// criteria/terms.json — the rest of the standard's text: terms and definitions, normative references, provisions
// ---------------------------------------------------------------------------------------------------------------

export interface Terms {
  note?: Text;
  /** 规范性引用文件: the documents the standard refers to normatively. */
  normativeReferences: NormativeReference[];
  /** 术语和定义. */
  terms: TermDef[];
  /** Other clauses of the text that rules may cite (a scheme's articles, say), with their wording. */
  provisions?: { clause: string; title: Text; text: Text }[];
}

export interface NormativeReference {
  id: string;
  clause: string;
  /** The document's number, e.g. "GB/T 4754—2017". */
  code: string;
  title: Text;
  /** A dated reference applies in that edition only; an undated one in its latest edition. */
  dated: boolean;
  /** Where the evaluation uses it, if anywhere. */
  usedFor?: Text;
}

export interface TermDef {
  id: string;
  clause: string;
  term: Text;
  definition: Text;
  /** Where the definition comes from, when the standard names a source (e.g. the SME size criterion). */
  source?: Text;
  /** What the term means for an evaluation (e.g. which clients count); reports show it. */
  inEvaluation?: Text;
}

export interface Criteria {
  classification: Classification;
  indicators: IndicatorTree;
  facts: FactDictionary;
  /** Absent from a criteria folder without terms.json: no terms, no references. */
  terms: Terms;
}

// ---------------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------------

/** A fact value a rule compared, as json-rules-engine saw it. */
export interface ComparedFact {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  actual: unknown;
  result: boolean;
}

export interface RuleTrace extends Provenance {
  rule: string;
  reason: Text;
  points: number;
  tier?: string;
  compared: ComparedFact[];
}

export interface IndicatorScore {
  id: string;
  /** The node it belongs to (null for a leaf at the top level). */
  parent: string | null;
  level: number;
  name: Text;
  clause: string;
  points: number;
  max: number;
  /** Weight within its parent. */
  weight: number;
  /** Its share of the total: the product of the weights on its path from the top. */
  effectiveWeight: number;
  /** Points of the 100-point total this indicator contributes. */
  contribution: number;
  decidedBy: RuleTrace[];
  missing: string[];
}

/** A node of the tree above the leaves. */
export interface NodeScore {
  id: string;
  parent: string | null;
  /** 1 for the top level. */
  level: number;
  name: Text;
  clause: string;
  /** Weight within its parent. */
  weight: number;
  /** Its share of the total. */
  effectiveWeight: number;
  /** Percentage of the node's full score, 0–100. */
  score: number;
  contribution: number;
}

export interface GateOutcome extends Provenance {
  id: string;
  reason: Text;
  compared: ComparedFact[];
}

export interface MissingEvidence {
  fact: string;
  label: Text;
  evidence: Text;
  indicators: string[];
}

export interface EvaluationResult {
  category: string;
  eligible: boolean;
  /** Prerequisites that failed (empty when eligible). */
  unmetPrerequisites: GateOutcome[];
  vetoed: boolean;
  /** Vetoes that fired. */
  vetoes: GateOutcome[];
  baseTotal: number;
  bonus: { points: number; cap: number; items: RuleTrace[] };
  total: number;
  grade: string;
  gradeLabel: Text;
  /** Where the grade band comes from (null for not eligible and vetoed, which are not bands). */
  gradeBasis: Provenance | null;
  passing: boolean;
  /** Every node above the leaves, top down in the tree's order. */
  nodes: NodeScore[];
  /** The leaves, in the tree's order. */
  indicators: IndicatorScore[];
  missingEvidence: MissingEvidence[];
  ruleset: { id: string; category: string; version: string; edition: string; effectiveFrom: string; hash: string };
}
