import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsUUID, Matches } from 'class-validator';
import { KeysetPageQuery } from '../common/pagination.js';
import type { FactSubmission } from './fact-submission.entity.js';

export const PERIOD = /^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/;
const PERIOD_TEXT = '评价期：年度“2024”、半年“2024-H1”、季度“2024-Q3”或月份“2024-06” / Period: year 2024, half 2024-H1, quarter 2024-Q3 or month 2024-06';

export class CreateSubmissionDto {
  @ApiProperty({ pattern: PERIOD.source, example: '2024', description: PERIOD_TEXT })
  @Matches(PERIOD, { message: 'period must look like 2024, 2024-H1, 2024-Q3 or 2024-06' })
  period: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '事实，键为事实字典中的 id（见 GET /criteria/facts）/ Facts keyed by fact-dictionary id (see GET /criteria/facts)',
  })
  @IsObject()
  facts: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 500 } },
    description: '每项事实的佐证材料引用（文件号、链接），键为事实 id / References to the evidence behind each fact (document numbers, links), keyed by fact id',
  })
  @IsOptional() @IsObject()
  evidence?: Record<string, string[]>;
}

export class SubmissionIdParam {
  @ApiProperty({ format: 'uuid', description: '提交 id / Submission id' })
  @IsUUID()
  submissionId: string;
}

export class ListSubmissionsQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ pattern: PERIOD.source, description: PERIOD_TEXT })
  @IsOptional() @Matches(PERIOD)
  period?: string;
}

/** A fact submission as the API shows it. */
export class SubmissionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ pattern: PERIOD.source }) period: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: '同一机构同一期的版本号，更正即新版本 / Version within agency and period; a correction is a new version' }) version: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) facts: Record<string, unknown>;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: '事实的 sha256（规范 JSON）/ sha256 of the facts (canonical JSON)' }) factsHash: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, nullable: true }) evidence: Record<string, string[]> | null;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: '首次评价时间；之后不可更改 / First evaluated at; immutable from then on' }) evaluatedAt: string | null;

  static of(s: FactSubmission): SubmissionView {
    return {
      id: s.id,
      agencyId: s.agencyId,
      period: s.period,
      version: s.version,
      facts: s.facts,
      factsHash: s.factsHash,
      evidence: s.evidence,
      submittedBy: s.submittedBy,
      createdAt: s.createdAt,
      evaluatedAt: s.evaluatedAt,
    };
  }
}

export class SubmissionPage {
  @ApiProperty({ type: [SubmissionView] }) items: SubmissionView[];
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) pageSize: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'string', nullable: true, description: '下一页的游标（传给 after），没有下一页时为 null / The next page\'s cursor (pass it as after); null after the last page' })
  next: string | null;
}
