import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import { UnknownCategoryError } from '../core/index.js';
import { orderedPage, type Page } from '../common/pagination.js';
import { Db } from '../database/db.service.js';
import { Evaluation } from '../evaluations/evaluation.entity.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { AgencyView, type CreateAgencyDto, type ListAgenciesQuery } from './agencies.dto.js';
import { Agency } from './agency.entity.js';
import { checkClassPath } from './class-path.js';

const AGENCY = { zh: '机构', en: 'agency' };
const likePrefix = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

/** Registers and finds agencies. */
@Injectable()
export class AgenciesService {
  constructor(
    private readonly db: Db,
    private readonly idempotency: IdempotencyService,
    private readonly standard: StandardService,
  ) {}

  async create(dto: CreateAgencyDto, principal: string, idem?: IdempotencyContext): Promise<AgencyView> {
    const problem = checkClassPath(this.standard.current.standard.criteria.classification, dto.category, dto.classPath);
    if (problem) throw ApiError.badRequest('unknownClass', { zh: '分类路径不在表 1 中', en: 'The class path is not in Table 1' }, [problem]);
    const row: Agency = {
      id: randomUUID(),
      name: dto.name,
      creditCode: dto.creditCode,
      region: dto.region,
      category: dto.category,
      classPath: dto.classPath.join('/'),
      createdBy: principal,
      createdAt: new Date().toISOString(),
    };
    return this.idempotency.execute(idem, async () => row, async (m) => {
      if (await m.existsBy(Agency, { creditCode: row.creditCode })) {
        throw new ApiError(409, 'creditCodeTaken', { zh: '该统一社会信用代码已登记', en: 'An agency with this credit code is already registered' }, [
          { field: 'creditCode', message: { zh: '已存在', en: 'already registered' } },
        ]);
      }
      await m.insert(Agency, row);
      return AgencyView.of(row);
    });
  }

  async get(id: string): Promise<AgencyView> {
    return AgencyView.of(await this.db.read((m) => AgenciesService.find(m, id)));
  }

  /** The agency row, or 404 (for other features' use inside their own db jobs). */
  static async find(m: EntityManager, id: string): Promise<Agency> {
    const agency = await m.findOneBy(Agency, { id });
    if (!agency) throw ApiError.notFound(AGENCY, id);
    return agency;
  }

  async list(q: ListAgenciesQuery): Promise<Page<AgencyView> & { next: string | null }> {
    // A category that is not in force is refused (as the document's enum says), not answered with an empty page.
    const known = this.standard.current.evaluator.categories();
    if (q.category !== undefined && !known.includes(q.category)) throw new UnknownCategoryError(q.category, known);
    const page = await this.db.read((m) => orderedPage(() => filtered(m.createQueryBuilder(Agency, 'a'), q), 'a', 'ASC', q));
    return { ...page, items: page.items.map(AgencyView.of) };
  }

  /**
   * The agency index of the pages: the list's filters, each agency with its latest evaluation (the latest of
   * `period` when given), optionally only those whose evaluation has `grade`; newest agencies first.
   */
  async index(q: ListAgenciesQuery & { grade?: string; period?: string }): Promise<Page<AgencyWithLatest>> {
    return this.db.read(async (m) => {
      const latest = m
        .createQueryBuilder(Evaluation, 'e2')
        .select('e2.id')
        .where('e2.agency_id = a.id')
        .orderBy('e2.created_at', 'DESC')
        .addOrderBy('e2.id', 'DESC')
        .limit(1);
      if (q.period) latest.andWhere('e2.period = :period', { period: q.period });
      const qb = filtered(m.createQueryBuilder(Agency, 'a'), q).leftJoin(Evaluation, 'e', `e.id = (${latest.getQuery()})`).setParameters(latest.getParameters());
      if (q.grade) qb.andWhere('e.grade = :grade', { grade: q.grade });
      const total = await qb.getCount();
      const rows = await qb
        .select(['a.id AS id', 'a.name AS name', 'a.credit_code AS "creditCode"', 'a.region AS region', 'a.category AS category', 'a.class_path AS "classPath"', 'a.created_at AS "createdAt"'])
        .addSelect(['e.id AS "evaluationId"', 'e.period AS period', 'e.total AS total', 'e.grade AS grade'])
        .orderBy('a.created_at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .offset((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .getRawMany<Record<string, string | number | null>>();
      const items = rows.map((r) => ({
        agency: AgencyView.of({ ...(r as unknown as Agency) }),
        latest: r.evaluationId ? { id: String(r.evaluationId), period: String(r.period), total: Number(r.total), grade: String(r.grade) } : null,
      }));
      return { items, page: q.page, pageSize: q.pageSize, total };
    });
  }
}

/** An agency with its latest evaluation, as the agency index lists it. */
export interface AgencyWithLatest {
  agency: AgencyView;
  latest: { id: string; period: string; total: number; grade: string } | null;
}

/** The list's filters: category, region prefix, name contains, class path prefix. */
function filtered<T extends SelectQueryBuilder<Agency>>(qb: T, q: ListAgenciesQuery): T {
  if (q.category) qb.andWhere('a.category = :category', { category: q.category });
  if (q.region) qb.andWhere("a.region LIKE :region ESCAPE '\\'", { region: likePrefix(q.region) });
  if (q.q) qb.andWhere("a.name LIKE :q ESCAPE '\\'", { q: '%' + likePrefix(q.q) });
  if (q.classPath) {
    qb.andWhere(new Brackets((w) => {
      w.where('a.class_path = :cp', { cp: q.classPath }).orWhere("a.class_path LIKE :cpp ESCAPE '\\'", { cpp: likePrefix(q.classPath + '/') });
    }));
  }
  return qb;
}
