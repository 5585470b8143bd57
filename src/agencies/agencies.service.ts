import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, type EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error.js';
import type { Page } from '../common/pagination.js';
import { Db } from '../database/db.service.js';
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

  async list(q: ListAgenciesQuery): Promise<Page<AgencyView>> {
    const [rows, total] = await this.db.read((m) => {
      const qb = m.createQueryBuilder(Agency, 'a');
      if (q.category) qb.andWhere('a.category = :category', { category: q.category });
      if (q.region) qb.andWhere("a.region LIKE :region ESCAPE '\\'", { region: likePrefix(q.region) });
      if (q.q) qb.andWhere("a.name LIKE :q ESCAPE '\\'", { q: '%' + likePrefix(q.q) });
      if (q.classPath) {
        qb.andWhere(new Brackets((w) => {
          w.where('a.class_path = :cp', { cp: q.classPath }).orWhere("a.class_path LIKE :cpp ESCAPE '\\'", { cpp: likePrefix(q.classPath + '/') });
        }));
      }
      return qb.orderBy('a.created_at', 'ASC').addOrderBy('a.id', 'ASC').offset((q.page - 1) * q.pageSize).limit(q.pageSize).getManyAndCount();
    });
    return { items: rows.map(AgencyView.of), page: q.page, pageSize: q.pageSize, total };
  }
}
