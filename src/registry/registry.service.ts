import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateAgencyDto, ListAgenciesQuery } from '../agencies/agencies.dto.js';
import { AgenciesService, type AgencyWithLatest } from '../agencies/agencies.service.js';
import { Agency } from '../agencies/agency.entity.js';
import { toErrorBody } from '../common/error-body.js';
import type { ErrorBody } from '../common/api-error.js';
import type { Page } from '../common/pagination.js';
import { validationDetails } from '../common/validation.js';
import { periodStart } from '../committee/editions.js';
import type { Text } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import { EvaluationsService } from '../evaluations/evaluations.service.js';
import { classNamesOf, resultTop } from '../pages/standard-view.js';
import { StandardService } from '../rulesets/standard.service.js';
import { FactSubmission } from '../submissions/fact-submission.entity.js';
import { PERIOD } from '../submissions/submissions.dto.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { StoredResults } from '../evaluations/stored-results.js';
import { factGroups, parseFactsForm, type FactGroup, type FormBody } from './fact-form.js';

/** Problems of a posted form by field name, in both languages. */
export type FieldErrors = Record<string, Text>;

/** The agency page: the agency, its submissions and evaluations, and the trend of its latest evaluation per period. */
export interface AgencyPageData {
  agency: Agency & { categoryName: Text; classNames: Text[] };
  submissions: Pick<FactSubmission, 'id' | 'period' | 'version' | 'createdAt' | 'evaluatedAt' | 'submittedBy'>[];
  evaluations: Pick<Evaluation, 'id' | 'submissionId' | 'period' | 'total' | 'grade' | 'createdAt' | 'evaluatedBy'>[];
  trend: { periods: string[]; total: number[]; nodes: { id: string; name: Text; scores: (number | null)[] }[] };
  grades: Map<string, Text>;
}

/** The facts form of an agency: its groups of facts, what to fill them with, and the problems of a last try. */
export interface FactsFormData {
  agency: Agency & { categoryName: Text; classNames: Text[] };
  groups: FactGroup[];
  period: string;
  facts: Record<string, unknown>;
  evidence: Record<string, string[]>;
  errors: FieldErrors;
  /** The submission the values came from, when prefilled. */
  from?: { period: string; version: number };
}

/** What the assessor pages read and write, through the API's own services (same checks, same errors). */
@Injectable()
export class RegistryService {
  constructor(
    private readonly db: Db,
    private readonly standard: StandardService,
    private readonly agencies: AgenciesService,
    private readonly submissions: SubmissionsService,
    private readonly evaluations: EvaluationsService,
    private readonly results: StoredResults,
  ) {}

  /** The agency index: filters and paging as the API's list, with each agency's latest evaluation. */
  index(q: ListAgenciesQuery & { grade?: string; period?: string }): Promise<Page<AgencyWithLatest>> {
    return this.agencies.index(q);
  }

  /** Grade ids and labels of every category in force (best first), and the two outcomes without a band. */
  gradeLabels(): Map<string, Text> {
    const { evaluator } = this.standard.current;
    const out = new Map<string, Text>();
    for (const c of evaluator.categories()) for (const g of [...evaluator.ruleset(c).ruleset.grades].sort((a, b) => b.min - a.min)) if (!out.has(g.id)) out.set(g.id, g.label);
    out.set('notEligible', { zh: '不符合参评条件', en: 'Not eligible' });
    out.set('vetoed', { zh: '一票否决', en: 'Vetoed' });
    return out;
  }

  /** Registers an agency from the form (`class` is `category/second/third[/subtype]`); the problems by field. */
  async register(body: FormBody, principal: string): Promise<{ id: string } | { errors: FieldErrors }> {
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
    const [category, ...classPath] = text('class').split('/');
    const dto = plainToInstance(CreateAgencyDto, { name: text('name'), creditCode: text('creditCode').toUpperCase(), region: text('region'), category, classPath });
    const invalid = validationDetails(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));
    if (invalid.length > 0) return { errors: byField(invalid, REGISTRATION_FIELDS) };
    try {
      return { id: (await this.agencies.create(dto, principal)).id };
    } catch (e) {
      return { errors: byField(answerable(e).details, REGISTRATION_FIELDS) };
    }
  }

  /** The agency page's data (404 for an unknown agency). */
  async agencyPage(id: string): Promise<AgencyPageData> {
    const { standard } = this.standard.current;
    const { agency, submissions, evaluations } = await this.db.read(async (m) => ({
      agency: await AgenciesService.find(m, id),
      submissions: await m.find(FactSubmission, { select: { id: true, period: true, version: true, createdAt: true, evaluatedAt: true, submittedBy: true }, where: { agencyId: id }, order: { createdAt: 'DESC' }, take: 200 }),
      evaluations: await m.find(Evaluation, { where: { agencyId: id }, order: { createdAt: 'DESC' }, take: 200 }),
    }));
    const latestPerPeriod = new Map<string, Evaluation>();
    for (const e of evaluations) if (!latestPerPeriod.has(e.period)) latestPerPeriod.set(e.period, e);
    const periods = [...latestPerPeriod.keys()].sort((a, b) => periodStart(a).localeCompare(periodStart(b)) || a.localeCompare(b));
    const tops: ReturnType<typeof resultTop>[] = [];
    for (const p of periods) tops.push(resultTop(await this.results.full(latestPerPeriod.get(p)!.result)));
    const ids = [...new Set(tops.flatMap((t) => t.map((n) => n.id)))];
    const nodes = ids.map((nid) => ({
      id: nid,
      name: tops.flatMap((t) => t).find((n) => n.id === nid)!.name,
      scores: tops.map((t) => t.find((n) => n.id === nid)?.score ?? null),
    }));
    return {
      agency: { ...agency, ...classNamesOf(standard.criteria.classification, agency.category, agency.classPath) },
      submissions,
      evaluations: evaluations.map(({ id: eid, submissionId, period, total, grade, createdAt, evaluatedBy }) => ({ id: eid, submissionId, period, total, grade, createdAt, evaluatedBy })),
      trend: { periods, total: periods.map((p) => latestPerPeriod.get(p)!.total), nodes },
      grades: this.gradeLabels(),
    };
  }

  /** The facts form, prefilled from the agency's latest submission (of `period` when given). */
  async factsForm(agencyId: string, period: string | undefined): Promise<FactsFormData> {
    const { agency, groups } = await this.formBase(agencyId);
    const latest = await this.db.read((m) =>
      m.findOne(FactSubmission, { where: period && PERIOD.test(period) ? { agencyId, period } : { agencyId }, order: { createdAt: 'DESC' } }),
    );
    return {
      agency,
      groups,
      period: period && PERIOD.test(period) ? period : String(new Date().getUTCFullYear()),
      facts: latest?.facts ?? {},
      evidence: latest?.evidence ?? {},
      errors: {},
      from: latest ? { period: latest.period, version: latest.version } : undefined,
    };
  }

  /**
   * Stores the posted facts as the period's next version and evaluates them; the evaluation's id, or the form again
   * with every problem at its field.
   */
  async submit(agencyId: string, body: FormBody, principal: string): Promise<{ evaluationId: string } | FactsFormData> {
    const { agency, groups } = await this.formBase(agencyId);
    const period = typeof body.period === 'string' ? body.period.trim() : '';
    const parsed = parseFactsForm(body, groups);
    const again = (errors: FieldErrors): FactsFormData => ({ agency, groups, period, facts: parsed.facts, evidence: parsed.evidence, errors });
    const errors: FieldErrors = { ...parsed.errors };
    if (!PERIOD.test(period)) errors.period = { zh: '评价期应如 2024、2024-H1、2024-Q3 或 2024-06', en: 'The period should look like 2024, 2024-H1, 2024-Q3 or 2024-06' };
    try {
      this.standard.current.evaluator.checkFacts(agency.category, parsed.facts);
    } catch (e) {
      for (const [field, message] of Object.entries(byField(answerable(e).details, {}))) errors[field] ??= message;
    }
    if (Object.keys(errors).length > 0) return again(errors);
    try {
      const submission = await this.submissions.create(agencyId, { period, facts: parsed.facts, evidence: parsed.evidence }, principal);
      const evaluation = await this.evaluations.evaluateSubmission(submission.id, principal);
      return { evaluationId: evaluation.id };
    } catch (e) {
      return again(byField(answerable(e).details, {}));
    }
  }

  private async formBase(agencyId: string) {
    const { standard, evaluator } = this.standard.current;
    const agency = await this.db.read((m) => AgenciesService.find(m, agencyId));
    return {
      agency: { ...agency, ...classNamesOf(standard.criteria.classification, agency.category, agency.classPath) },
      groups: factGroups(standard.criteria, evaluator.program(agency.category)),
    };
  }
}

/** The registration form's fields for the API's field names. */
const REGISTRATION_FIELDS: Record<string, string> = { name: 'name', creditCode: 'creditCode', region: 'region', category: 'class', classPath: 'class' };

/** Details by form field: a fact's own id, `evidence.<fact>` at its fact, an API field through `names`. */
function byField(details: ErrorBody['details'], names: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    const key = d.fact ?? (d.field?.startsWith('evidence.') ? d.field.slice('evidence.'.length) : d.field ? (names[d.field.split('.')[0]] ?? d.field.split('.')[0]) : '_form');
    out[key] ??= d.message;
  }
  return out;
}

/** A thrown error as the API would answer it; anything the API would answer with a 5xx is thrown on. */
function answerable(e: unknown): ErrorBody {
  const body = toErrorBody(e);
  if (body.statusCode >= 500) throw e;
  return body.details.length > 0 ? body : { ...body, details: [{ message: body.message }] };
}
