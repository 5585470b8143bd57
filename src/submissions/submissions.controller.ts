import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../docs/api-errors.js';
import { AgencyIdParam } from '../agencies/agencies.dto.js';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { ApiIdempotencyKey, Idempotency, type IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { CreateSubmissionDto, ListSubmissionsQuery, SubmissionIdParam, SubmissionPage, SubmissionView } from './submissions.dto.js';
import { SubmissionsService } from './submissions.service.js';

@ApiTags('submissions')
@Controller()
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('agencies/:agencyId/submissions')
  @RequireRole('assessor')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '提交某期的事实 / Submit an agency\'s facts for a period',
    description: '提交不可修改；同一期再次提交即为更正，生成新版本。/ Submissions are never changed; submitting the same period again is a correction and makes a new version.',
  })
  @ApiCreatedResponse({ type: SubmissionView })
  @ApiErrors([400, '字段无效，或佐证材料引用无效（未知事实、过多或过长）/ Invalid field, or invalid evidence references (unknown fact, too many, too long)'], [404, '无此机构 / No such agency'], [422, '事实不符合字典（details 逐项列出），或 Idempotency-Key 配了不同的请求体 / Facts do not match the dictionary (details name each fact), or the Idempotency-Key was used with another body'])
  create(@Param() p: AgencyIdParam, @Body() dto: CreateSubmissionDto, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.submissions.create(p.agencyId, dto, who.principal, idem);
  }

  @Get('agencies/:agencyId/submissions')
  @RequireRole('viewer')
  @ApiOperation({ summary: '机构的事实提交（各期各版本）/ An agency\'s submissions (every period and version)' })
  @ApiOkResponse({ type: SubmissionPage })
  @ApiErrors(400, [404, '无此机构 / No such agency'])
  list(@Param() p: AgencyIdParam, @Query() q: ListSubmissionsQuery) {
    return this.submissions.list(p.agencyId, q);
  }

  @Get('submissions/:submissionId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '取一次事实提交 / Get a submission' })
  @ApiOkResponse({ type: SubmissionView })
  @ApiErrors(400, [404, '无此提交 / No such submission'])
  get(@Param() p: SubmissionIdParam) {
    return this.submissions.get(p.submissionId);
  }
}
