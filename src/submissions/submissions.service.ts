import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { hashFacts } from '../core/index.js';
import { AgenciesService } from '../agencies/agencies.service.js';
import { ApiError } from '../common/api-error.js';
import { orderedPage, type KeysetPage } from '../common/pagination.js';
import { isUniqueViolation } from '../database/db-errors.js';
import { Db } from '../database/db.service.js';
import { insertRows } from '../database/insert-row.js';
import type { IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { StandardService } from '../rulesets/standard.service.js';
import { checkEvidence } from './evidence.js';
import { FactSubmission } from './fact-submission.entity.js';
import { SubmissionView, type CreateSubmissionDto, type ListSubmissionsQuery } from './submissions.dto.js';

const SUBMISSION = { zh: '事实提交', en: 'submission' };

/** Fact submissions: checked against the fact dictionary, append-only, versioned per agency and period. */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly db: Db,
    private readonly idempotency: IdempotencyService,
    private readonly standard: StandardService,
  ) {}

  /** Stores the facts as the next version for the agency and period (422 naming each fact at fault). */
  async create(agencyId: string, dto: CreateSubmissionDto, principal: string, idem?: IdempotencyContext): Promise<SubmissionView> {
    const prepare = async () => {
      const agency = await this.db.read((m) => AgenciesService.find(m, agencyId));
      const { evaluator, standard } = this.standard.current;
      evaluator.checkFacts(agency.category, dto.facts);
      const problems = checkEvidence(standard.criteria.facts, dto.evidence);
      if (problems.length > 0) throw ApiError.badRequest('invalidEvidence', { zh: '佐证材料引用无效', en: 'Invalid evidence references' }, problems);
      return hashFacts(dto.facts);
    };
    const write = async (m: EntityManager, factsHash: string) => {
      const row: FactSubmission = {
        id: uuidv7(),
        agencyId,
        period: dto.period,
        version: (await SubmissionsService.latestVersion(m, agencyId, dto.period)) + 1,
        facts: dto.facts,
        factsHash,
        evidence: dto.evidence ?? null,
        submittedBy: principal,
        createdAt: new Date().toISOString(),
        evaluatedAt: null,
      };
      await insertRows(m, FactSubmission, row);
      return SubmissionView.of(row);
    };
    // On PostgreSQL two corrections racing for the same version: the loser's insert fails and it takes the next.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.idempotency.execute(idem, prepare, write);
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 5) throw e;
      }
    }
  }

  private static async latestVersion(m: EntityManager, agencyId: string, period: string): Promise<number> {
    const r = await m
      .createQueryBuilder(FactSubmission, 's')
      .select('MAX(s.version)', 'v')
      .where('s.agency_id = :agencyId AND s.period = :period', { agencyId, period })
      .getRawOne<{ v: number | string | null }>();
    return Number(r?.v ?? 0);
  }

  async get(id: string): Promise<SubmissionView> {
    return SubmissionView.of(await this.db.read((m) => SubmissionsService.find(m, id)));
  }

  /** The submission row, or 404. */
  static async find(m: EntityManager, id: string): Promise<FactSubmission> {
    const row = await m.findOneBy(FactSubmission, { id });
    if (!row) throw ApiError.notFound(SUBMISSION, id);
    return row;
  }

  /**
   * An agency's submissions, oldest first in (creation time, id) order: the numbered page, or the page after the
   * cursor `after` (keyset, on the agency/creation-time index, so deep pages cost no more than the first).
   */
  async list(agencyId: string, q: ListSubmissionsQuery): Promise<KeysetPage<SubmissionView>> {
    const page = await this.db.read(async (m) => {
      await AgenciesService.find(m, agencyId);
      const where = () => {
        const qb = m.createQueryBuilder(FactSubmission, 's').where('s.agency_id = :agencyId', { agencyId });
        if (q.period) qb.andWhere('s.period = :period', { period: q.period });
        return qb;
      };
      return orderedPage(where, 's', 'ASC', q);
    });
    return { ...page, items: page.items.map(SubmissionView.of) };
  }
}
