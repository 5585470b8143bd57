/**
 * Schemas of the bodies that come from the core and the committee's tools (results, rulesets, criteria, calibration,
 * impact, advice), written out here because their types are plain interfaces, not DTO classes. Each object lists
 * every property the server sends and marks the ones always present as required; the contract test
 * (test/e2e/contract.e2e-spec.ts) checks every answer against them with unknown properties refused, so a field added
 * to an answer without being added here fails it. Handlers name them with {@link ref}; setupDocs adds them to
 * `components.schemas`.
 */
/** An OpenAPI 3.0 schema object, as plain data. */
export type Schema = Record<string, unknown>;

/** A reference to one of the schemas below (or to a DTO class's schema of the same name). */
export const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const num = (extra: Schema = {}): Schema => ({ type: 'number', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const bool: Schema = { type: 'boolean' };
const uuid: Schema = { type: 'string', format: 'uuid' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const sha256: Schema = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const any: Schema = {};
const arr = (items: Schema | { $ref: string }): Schema => ({ type: 'array', items });
const map = (values: Schema | { $ref: string }): Schema => ({ type: 'object', additionalProperties: values });
const nullable = (s: Schema): Schema => ({ ...s, nullable: true });
const text = ref('Text');

/** An object; every property listed is required unless named in `optional`. */
function obj(properties: Record<string, Schema | { $ref: string }>, optional: string[] = [], extra: Schema = {}): Schema {
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), ...extra };
}

/** Where a rule, condition or band comes from: the standard's clause or the committee's reason. */
const provenance = { basis: str({ enum: ['standard', 'committee'] }), clause: str(), rationale: text };
const PROVENANCE_OPTIONAL = ['clause', 'rationale'];

const comparedFact = obj({ fact: str(), path: str(), operator: str(), value: any, actual: any, result: bool }, ['path', 'value', 'actual']);
const ruleTrace = obj({ rule: str(), reason: text, points: num(), tier: str(), compared: arr(ref('ComparedFact')), ...provenance }, ['tier', ...PROVENANCE_OPTIONAL]);
const gateOutcome = obj({ id: str(), reason: text, compared: arr(ref('ComparedFact')), ...provenance }, PROVENANCE_OPTIONAL);

const rulesetSummaryProps = {
  category: str(),
  id: str(),
  version: str(),
  standard: obj({ name: text, edition: str() }),
  effectiveFrom: str(),
  effectiveTo: nullable(str()),
  hash: sha256,
};

const condition: Schema = { type: 'object', description: 'json-rules-engine 条件（all/any/not 或 fact/operator/value）/ A json-rules-engine condition (all/any/not, or fact/operator/value)' };
const points: Schema = {
  description: '分值：数字、按单位计分 {perUnit, fact, cap} 或评分 {rating, range, max} / Points: a number, per unit {perUnit, fact, cap} or a rating {rating, range, max}',
  oneOf: [num(), obj({ perUnit: num(), fact: str(), cap: num() }, ['cap']), obj({ rating: str(), range: arr(num()), max: num() })],
};
const scoringRule = obj({ aspect: str(), tier: str(), reason: text, conditions: condition, points, ...provenance }, ['aspect', 'tier', ...PROVENANCE_OPTIONAL]);
const gateRule = obj({ reason: text, conditions: condition, ...provenance }, PROVENANCE_OPTIONAL);

const categoryCalibration = obj({
  agencies: int({ minimum: 0 }),
  scored: int({ minimum: 0 }),
  notEligible: int({ minimum: 0 }),
  vetoed: int({ minimum: 0 }),
  grades: map(int({ minimum: 0 })),
  meanTotal: num(),
  meanNodes: map(num()),
});

const factChange = obj({ fact: str(), label: text, unit: text, from: any, to: any, assessorJudged: bool }, ['unit', 'from', 'to']);
const adviceStep = obj(
  { rule: str(), indicator: str(), reason: text, changes: arr(ref('FactChange')), gain: num(), total: num(), grade: str(), gradeLabel: text, assessorJudged: bool },
  ['indicator'],
);

const field = obj({ type: str({ enum: ['string', 'integer', 'enum'] }), label: text, values: arr(str()), min: num(), max: num(), required: bool }, ['values', 'min', 'max', 'required']);
const factDef = obj(
  {
    label: text,
    description: text,
    type: str({ enum: ['integer', 'number', 'boolean', 'enum', 'list', 'rating'] }),
    unit: text,
    min: num(),
    max: num(),
    values: arr(str()),
    valueLabels: map(text),
    items: obj(
      {
        type: str({ enum: ['enum', 'object'] }),
        values: arr(str()),
        valueLabels: map(text),
        valuesFrom: obj({ classification: str(), level: int({ enum: [2, 3] }) }),
        groups: map(str()),
        fields: map(field),
      },
      ['values', 'valueLabels', 'valuesFrom', 'groups', 'fields'],
    ),
    required: bool,
    source: str({ enum: ['agency', 'assessor'] }),
    evidence: text,
    indicators: arr(str()),
    derive: obj({ count: str(), where: obj({ field: str(), values: arr(str()) }), distinct: str({ enum: ['group'] }) }, ['where', 'distinct']),
    terms: arr(str()),
  },
  ['description', 'unit', 'min', 'max', 'values', 'valueLabels', 'items', 'derive', 'terms'],
);

const aspect = obj({ id: str(), clause: str(), name: text, definition: text });
const indicatorNode: Schema = obj({ id: str(), clause: str(), name: text, definition: text, children: arr(ref('IndicatorNode')), aspects: arr(aspect) }, ['children', 'aspects']);

const thirdLevel = obj({ id: str(), name: text, description: text, subtypes: arr(obj({ id: str(), name: text, description: text })) }, ['subtypes']);
const classificationCategory = obj(
  {
    id: str(),
    seq: int(),
    name: text,
    clause: str(),
    definition: text,
    labels: obj({ variants: arr(obj({ name: text, where: text })), choice: text }),
    classes: arr(obj({ id: str(), name: text, classes: arr(thirdLevel) })),
  },
  ['clause', 'labels'],
);

const ruleset = obj(
  {
    id: str(),
    category: str(),
    version: str(),
    standard: obj({ name: text, edition: str() }),
    effectiveFrom: str(),
    effectiveFromBasis: obj(provenance, PROVENANCE_OPTIONAL),
    effectiveTo: nullable(str()),
    note: text,
    weights: obj({ form: str({ enum: ['shareOfParent', 'shareOfTotal'] }), nodes: map(num()) }),
    indicators: map(obj({ max: num(), rules: map(ref('ScoringRule')) })),
    prerequisites: map(ref('GateRule')),
    vetoes: map(ref('GateRule')),
    bonus: obj({ cap: num(), items: map(ref('ScoringRule')), ...provenance }, PROVENANCE_OPTIONAL),
    grades: arr(
      obj(
        { id: str(), label: text, min: num(), max: num(), passing: bool, everyNodeAtLeast: obj({ level: int(), percent: num() }), ...provenance },
        ['everyNodeAtLeast', ...PROVENANCE_OPTIONAL],
      ),
    ),
    // Keys the loader keeps from the file as written (`$schema`, `extends`), when present.
    $schema: str(),
    extends: str(),
  },
  ['effectiveFromBasis', '$schema', 'extends'],
);

const indicatorTree = obj({ note: text, levels: arr(text), nodes: arr(ref('IndicatorNode')) });
const factDictionary = obj({ facts: map(ref('FactDef')) });

const rulesetChange = obj(
  {
    category: str(),
    kind: str({ enum: ['meta', 'weightForm', 'weight', 'indicatorMax', 'rule', 'prerequisite', 'veto', 'bonus', 'grade'] }),
    change: str({ enum: ['added', 'removed', 'changed'] }),
    pointer: str(),
    before: any,
    after: any,
    text: { description: '{zh, en}；?lang= 时为该语言的字符串 / {zh, en}, or one string with ?lang=', oneOf: [text, str()] },
  },
  ['before', 'after'],
);

const impactReport = obj({
  agencies: int({ minimum: 0 }),
  categories: arr(
    obj({
      category: str(),
      agencies: int({ minimum: 0 }),
      mode: str({ enum: ['regrade', 'partial', 'rescore'] }),
      transitions: arr(obj({ from: str(), to: str(), count: int({ minimum: 0 }) })),
      meanBefore: num(),
      meanAfter: num(),
      meanShift: num(),
      medianBefore: num(),
      medianAfter: num(),
      medianShift: num(),
      becameIneligible: arr(str()),
      becameVetoed: arr(str()),
    }),
  ),
  mostAffected: arr(
    obj(
      {
        id: str(),
        name: str(),
        category: str(),
        before: obj({ total: num(), grade: str() }),
        after: obj({ total: num(), grade: str() }),
        delta: num(),
        indicators: arr(obj({ id: str(), before: num(), after: num(), delta: num() })),
      },
      ['name'],
    ),
  ),
  calibration: obj({ active: ref('Calibration'), candidate: ref('Calibration') }),
});

const errorDetail = obj(
  { field: str(), fact: str(), file: str(), pointer: str(), code: str(), sheet: str(), row: int(), column: str(), message: text },
  ['field', 'fact', 'file', 'pointer', 'code', 'sheet', 'row', 'column'],
  { description: '出错之处：字段、事实、文件与 JSON 指针，或工作表、行与列 / Where: a field, a fact, a file and JSON pointer, or a sheet, row and column' },
);

/** Every schema this file defines, by name (added to the document's components). */
export const SCHEMAS: Record<string, Schema> = {
  Text: obj({ zh: str(), en: str() }, [], { description: '中文与英文 / Chinese and English' }),
  ErrorDetail: errorDetail,
  ErrorBody: obj(
    {
      statusCode: int({ minimum: 400, maximum: 599 }),
      code: str(),
      message: text,
      details: arr(ref('ErrorDetail')),
      detailsTotal: int({ minimum: 0, description: '仅当 details 被截断（MAX_ERROR_DETAILS）时：全部条数 / Only when details were cut at MAX_ERROR_DETAILS: how many there were' }),
    },
    ['detailsTotal'],
    { description: '所有错误的正文 / The body of every error answer' },
  ),
  Provenance: obj(provenance, PROVENANCE_OPTIONAL, { description: 'standard：标准条文（clause）；committee：委员会设定（rationale）/ standard: the standard says it (clause); committee: the committee set it (rationale)' }),
  ComparedFact: comparedFact,
  RuleTrace: ruleTrace,
  GateOutcome: gateOutcome,
  EvaluationResult: obj(
    {
      category: str(),
      eligible: bool,
      unmetPrerequisites: arr(ref('GateOutcome')),
      vetoed: bool,
      vetoes: arr(ref('GateOutcome')),
      baseTotal: num(),
      bonus: obj({ points: num(), cap: num(), items: arr(ref('RuleTrace')) }),
      total: num(),
      grade: str(),
      gradeLabel: text,
      gradeBasis: nullable(obj(provenance, PROVENANCE_OPTIONAL)),
      passing: bool,
      nodes: arr(
        obj({ id: str(), parent: nullable(str()), level: int({ minimum: 1 }), name: text, clause: str(), weight: num(), effectiveWeight: num(), score: num(), contribution: num() }),
      ),
      indicators: arr(
        obj({
          id: str(),
          parent: nullable(str()),
          level: int({ minimum: 1 }),
          name: text,
          clause: str(),
          points: num(),
          max: num(),
          weight: num(),
          effectiveWeight: num(),
          contribution: num(),
          decidedBy: arr(ref('RuleTrace')),
          missing: arr(str()),
        }),
      ),
      missingEvidence: arr(obj({ fact: str(), label: text, evidence: text, indicators: arr(str()) })),
      ruleset: obj({ id: str(), category: str(), version: str(), edition: str(), effectiveFrom: str(), hash: sha256 }),
    },
    [],
    { description: '核心给出的完整结果 / The core\'s full result' },
  ),
  EditionsPreview: obj({
    period: str(),
    editions: arr(obj({ folder: str(), edition: str(), version: str(), hash: sha256, result: ref('EvaluationResult') })),
  }),

  RulesetSummary: obj(rulesetSummaryProps),
  RulesetList: obj({ loadedAt: dateTime, rulesets: arr(ref('RulesetSummary')) }),
  RulesetStatus: obj({
    loadedAt: dateTime,
    editions: arr(obj({ folder: str(), rulesets: arr(ref('RulesetSummary')) })),
    lastAttempt: obj(
      { at: dateTime, trigger: str(), ok: bool, error: obj({ code: str(), message: text, details: arr(ref('ErrorDetail')) }), warnings: arr(str()) },
      ['error', 'warnings'],
      { description: '最近一次加载；warnings 为生效后失败的后续步骤 / The last load attempt; warnings: steps after the swap that failed' },
    ),
    instance: str({ description: '答复本请求的实例 / The instance that answered' }),
    instances: arr(
      obj(
        { name: str(), hashes: { ...map(sha256), description: '按类别，该实例所用的规则集哈希 / By category, the ruleset hash the instance serves' }, loadedAt: dateTime, heartbeatAt: dateTime },
        [],
        { description: '近期有心跳的实例 / Instances with a recent heartbeat' },
      ),
    ),
  }),
  ScoringRule: scoringRule,
  GateRule: gateRule,
  Ruleset: ruleset,
  RulesetInFull: obj({
    ...rulesetSummaryProps,
    provenance: obj({ standard: int({ minimum: 0 }), committee: arr(obj({ pointer: str(), rationale: text }, ['rationale'])) }),
    ruleset: ref('Ruleset'),
  }),
  RulesetSnapshotView: obj({
    hash: sha256,
    rulesetId: str(),
    category: str(),
    version: str(),
    createdAt: dateTime,
    snapshot: obj({ ruleset: ref('Ruleset'), facts: ref('FactDictionary'), indicators: ref('IndicatorTree') }),
  }),

  IndicatorNode: indicatorNode,
  IndicatorTree: indicatorTree,
  FactDef: factDef,
  FactDictionary: factDictionary,
  Terms: obj(
    {
      note: text,
      normativeReferences: arr(obj({ id: str(), clause: str(), code: str(), title: text, dated: bool, usedFor: text }, ['usedFor'])),
      terms: arr(obj({ id: str(), clause: str(), term: text, definition: text, source: text, inEvaluation: text }, ['source', 'inEvaluation'])),
      provisions: arr(obj({ clause: str(), title: text, text })),
    },
    ['note', 'provisions'],
  ),
  Classification: obj({ source: text, categories: arr(classificationCategory) }),

  CategoryCalibration: categoryCalibration,
  Calibration: { ...map(ref('CategoryCalibration')), description: '按类别 / By category' },
  CalibrationView: obj({ active: ref('Calibration'), candidate: ref('Calibration') }, ['candidate']),
  RulesetChange: rulesetChange,
  CandidateSummary: obj({ id: uuid, name: str(), files: arr(str()), hashes: map(sha256), createdBy: str(), createdAt: dateTime }),
  CandidateCreated: obj({ id: uuid, name: str(), files: arr(str()), hashes: map(sha256), createdBy: str(), createdAt: dateTime, changes: arr(ref('RulesetChange')) }),
  CandidateDiff: obj({ candidate: uuid, changes: arr(ref('RulesetChange')) }),
  ImpactReport: impactReport,
  ImpactJob: obj({
    id: uuid,
    candidateId: uuid,
    status: str({ enum: ['queued', 'running', 'done', 'failed'] }),
    progress: obj({ done: int({ minimum: 0 }), total: int({ minimum: 0 }), percent: int({ minimum: 0, maximum: 100 }) }),
    createdAt: dateTime,
    finishedAt: nullable(dateTime),
    report: { allOf: [ref('ImpactReport')], nullable: true },
    error: { allOf: [ref('ErrorBody')], nullable: true },
  }),

  FactChange: factChange,
  AdviceStep: adviceStep,
  Advice: obj(
    {
      category: str(),
      total: num(),
      grade: str(),
      gradeLabel: text,
      eligible: bool,
      vetoed: bool,
      blockers: arr(obj({ kind: str({ enum: ['prerequisite', 'veto'] }), id: str(), reason: text, changes: nullable(arr(ref('FactChange'))), assessorJudged: bool, ...provenance }, PROVENANCE_OPTIONAL)),
      afterBlockers: obj({ total: num(), grade: str(), gradeLabel: text, eligible: bool, vetoed: bool }),
      steps: arr(ref('AdviceStep')),
      nextGrade: nullable(
        obj({ target: obj({ id: str(), label: text, min: num() }), reached: bool, steps: arr(ref('AdviceStep')), total: num(), grade: str(), gradeLabel: text }),
      ),
    },
    ['afterBlockers'],
    { description: '按现行规则集的改进建议；提交已不存在时为 null / Advice under the rules in force; null when the submission is gone', nullable: true },
  ),

  DraftCheck: obj({
    valid: bool,
    issues: arr(obj({ file: str(), pointer: str(), message: text })),
    rulesets: nullable(map(ref('Ruleset'))),
    changes: arr(ref('RulesetChange')),
    impact: { allOf: [ref('ImpactReport')], nullable: true },
    timings: obj({ validateMs: int({ minimum: 0 }), impactMs: int({ minimum: 0 }), totalMs: int({ minimum: 0 }) }),
  }),

  DashboardData: obj(
    {
      filters: obj({ period: str(), region: str() }, ['period', 'region']),
      periods: arr(str()),
      active: ref('Calibration'),
      otherRuleset: map(int({ minimum: 0 })),
      categories: arr(obj({ id: str(), name: text, rulesetHash: sha256, version: str() })),
      grades: arr(obj({ id: str(), label: text })),
      nodes: arr(obj({ id: str(), name: text })),
      leaves: arr(obj({ id: str(), name: text, parent: nullable(str()) })),
      spread: map(map({ ...arr(num()), minItems: 5, maxItems: 5, description: '最小值、下四分位、中位数、上四分位、最大值 / min, lower quartile, median, upper quartile, max' })),
      nearBoundary: map(
        arr(obj({ agencyId: uuid, name: str(), evaluationId: uuid, total: num(), grade: str(), boundary: obj({ grade: str(), label: text, min: num() }), distance: num() })),
      ),
      candidate: obj({ id: uuid, name: str(), calibration: ref('Calibration') }),
      candidates: arr(obj({ id: uuid, name: str(), createdAt: dateTime })),
    },
    ['candidate'],
  ),

  ImportReport: obj({
    rows: int({ minimum: 0 }),
    stored: arr(obj({ sheet: str(), row: int(), agencyId: uuid, submissionId: uuid, period: str(), version: int({ minimum: 1 }) })),
    errors: arr(obj({ sheet: str(), row: int(), column: str(), field: str(), message: text })),
  }),
  Readiness: obj({
    ready: bool,
    database: obj({ ok: bool, type: str({ enum: ['sqlite', 'postgres'] }) }),
    rulesets: obj({ loaded: bool, loadedAt: dateTime, items: arr(obj({ category: str(), id: str(), version: str(), hash: sha256 })) }, ['loadedAt']),
  }),
  Liveness: obj({ status: str({ enum: ['ok'] }) }),
};
