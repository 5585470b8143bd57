import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AgencyIdParam } from '../agencies/agencies.dto.js';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { ApiIdempotencyKey, Idempotency, type IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import {
  BatchDto,
  BatchResult,
  EvaluateSubmissionDto,
  EvaluationIdParam,
  EvaluationPage,
  EvaluationView,
  ListEvaluationsQuery,
  PreviewDto,
} from './evaluations.dto.js';
import { EvaluationsService } from './evaluations.service.js';

@ApiTags('evaluations')
@Controller()
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post('evaluations')
  @RequireRole('assessor')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '评价一次已存储的事实提交并保存结果 / Evaluate a stored submission and store the result',
    description:
      '同一提交在同一规则集内容下只评价并保存一次；再次请求返回已保存的评价。/ A submission is evaluated and stored once per ruleset content; asking again returns the stored evaluation.',
  })
  @ApiCreatedResponse({ type: EvaluationView })
  @ApiNotFoundResponse({ description: '无此提交 / No such submission' })
  @ApiUnprocessableEntityResponse({ description: '事实不符合当前字典 / Facts do not match the dictionary in force' })
  evaluate(@Body() dto: EvaluateSubmissionDto, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.evaluations.evaluateSubmission(dto.submissionId, who.principal, idem);
  }

  @Post('evaluations/preview')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({
    summary: '预览：评价请求中的事实，不保存 / Preview: evaluate inline facts without storing anything',
    description: '无副作用，因此 Idempotency-Key 不起作用。/ No side effects, so Idempotency-Key has no effect here.',
  })
  @ApiOkResponse({ description: '核心的完整结果 / The core\'s full result' })
  @ApiBadRequestResponse({ description: '未知类别等 / Unknown category, invalid body' })
  @ApiUnprocessableEntityResponse({ description: '缺少必填事实或事实无效（details 逐项列出）/ Missing required or invalid facts (details name each)' })
  preview(@Body() dto: PreviewDto) {
    return this.evaluations.preview(dto.category, dto.facts);
  }

  @Post('evaluations/batch')
  @HttpCode(200)
  @RequireRole('assessor')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '批量评价多个提交（有上限），逐项返回结果或错误 / Evaluate many submissions (bounded): a result or an error per item',
  })
  @ApiOkResponse({ type: BatchResult })
  batch(@Body() dto: BatchDto, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.evaluations.batch(dto.items.map((i) => i.submissionId), who.principal, idem);
  }

  @Get('evaluations/:evaluationId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '取一次评价（含完整结果）/ Get an evaluation with its full result' })
  @ApiOkResponse({ type: EvaluationView })
  @ApiNotFoundResponse({ description: '无此评价 / No such evaluation' })
  get(@Param() p: EvaluationIdParam) {
    return this.evaluations.get(p.evaluationId);
  }

  @Get('agencies/:agencyId/evaluations')
  @RequireRole('viewer')
  @ApiOperation({ summary: '机构的评价列表（新的在前）/ An agency\'s evaluations, newest first' })
  @ApiOkResponse({ type: EvaluationPage })
  list(@Param() p: AgencyIdParam, @Query() q: ListEvaluationsQuery) {
    return this.evaluations.listForAgency(p.agencyId, q);
  }
}
