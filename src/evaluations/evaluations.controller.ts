import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSuccess } from '../docs/api-errors.js';
import { AgencyIdParam } from '../agencies/agencies.dto.js';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { ApiIdempotencyKey, Idempotency, type IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import {
  BatchDto,
  BatchResult,
  EvaluateSubmissionDto,
  EvaluationAnswer,
  EvaluationIdParam,
  EvaluationPage,
  EvaluateQuery,
  EvaluationView,
  ListEvaluationsQuery,
  PreviewDto,
  PreviewEditionsDto,
  ReevaluationJobDto,
  ReevaluationJobIdParam,
  ReproduceQuery,
  ReproduceView,
} from './evaluations.dto.js';
import { EvaluationsService } from './evaluations.service.js';
import { ReevaluationService } from './reevaluation.service.js';

@ApiTags('evaluations')
@Controller()
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationsService,
    private readonly reevaluation: ReevaluationService,
  ) {}

  @Post('evaluations')
  @RequireRole('assessor')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '评价一次已存储的事实提交并保存结果 / Evaluate a stored submission and store the result',
    description:
      '同一提交在同一规则集内容下只评价并保存一次；再次请求返回已保存的评价。答复为摘要（?full=true 附完整结果）。/ A submission is evaluated and stored once per ruleset content; asking again returns the stored evaluation. The answer is a summary (?full=true adds the full result).',
  })
  @ApiCreatedResponse({ type: EvaluationAnswer })
  @ApiErrors(400, [404, '无此提交 / No such submission'], [422, '事实不符合当前字典，或 Idempotency-Key 配了不同的请求体 / the Idempotency-Key was used with another body / Facts do not match the dictionary in force, or the Idempotency-Key was used with another body'])
  async evaluate(@Body() dto: EvaluateSubmissionDto, @Query() q: EvaluateQuery, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.evaluations.evaluateStored(dto.submissionId, who.principal, idem, q.full === 'true');
  }

  @Post('evaluations/preview')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({
    summary: '预览：评价请求中的事实，不保存 / Preview: evaluate inline facts without storing anything',
    description: '无副作用，因此 Idempotency-Key 不起作用。/ No side effects, so Idempotency-Key has no effect here.',
  })
  @ApiSuccess(200, 'EvaluationResult', '核心的完整结果 / The core\'s full result')
  @ApiErrors([400, '未知类别、请求体无效 / Unknown category, invalid body'], [422, '缺少必填事实或事实无效（details 逐项列出）/ Missing required or invalid facts (details name each)'])
  preview(@Body() dto: PreviewDto) {
    return this.evaluations.preview(dto.category, dto.facts);
  }

  @Post('evaluations/preview/editions')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiOperation({
    summary: '过渡期并行：同一事实在该期开始时生效的各版次下的结果 / Side by side: the same facts under every edition in force when the period began',
    description: '版次切换的过渡期内新旧版次同时生效，可并行比较；不保存。/ During a transition window both the old and the new edition are in force and can be compared; nothing is stored.',
  })
  @ApiSuccess(200, 'EditionsPreview', '每个生效版次一项 / One entry per edition in force')
  @ApiErrors([400, '未知类别、请求体无效 / Unknown category, invalid body'], [422, '缺少必填事实或事实无效，或该期无生效版次 / Missing required or invalid facts, or no edition in force for the period'])
  previewEditions(@Body() dto: PreviewEditionsDto) {
    return this.evaluations.previewEditions(dto.category, dto.facts, dto.period);
  }

  @Post('evaluations/batch')
  @HttpCode(200)
  @RequireRole('assessor')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '批量评价多个提交（有上限），逐项返回结果或错误 / Evaluate many submissions (bounded): a result or an error per item',
  })
  @ApiOkResponse({ type: BatchResult })
  @ApiErrors([400, '请求体无效或项数超过 BATCH_MAX_ITEMS / Invalid body, or more items than BATCH_MAX_ITEMS'], [422, 'Idempotency-Key 配了不同的请求体 / the Idempotency-Key was used with another body'])
  batch(@Body() dto: BatchDto, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.evaluations.batch(dto.items.map((i) => i.submissionId), who.principal, idem);
  }

  @Get('evaluations/:evaluationId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '取一次评价（含完整结果）/ Get an evaluation with its full result' })
  @ApiOkResponse({ type: EvaluationView })
  @ApiErrors(400, [404, '无此评价 / No such evaluation'])
  get(@Param() p: EvaluationIdParam) {
    return this.evaluations.get(p.evaluationId);
  }

  @Get('evaluations/:evaluationId/reproduce')
  @RequireRole('viewer')
  @ApiOperation({
    summary: '用存储的规则集快照复现一次评价 / Reproduce an evaluation on its stored ruleset snapshot',
    description:
      '以评价时的规则集快照与事实重新计算（默认用评价时的引擎，?engine=compiled|jre 可另选），并逐项比较输出是否完全一致。/ Re-runs the stored facts on the stored snapshot (on the engine the evaluation was stored with, or the one ?engine= names) and says whether the output is identical, field by field.',
  })
  @ApiOkResponse({ type: ReproduceView })
  @ApiErrors([400, '参数无效或未知的引擎 / Invalid parameter or unknown engine'], [404, '无此评价或其规则集快照 / No such evaluation, or its ruleset snapshot is gone'])
  reproduce(@Param() p: EvaluationIdParam, @Query() q: ReproduceQuery) {
    return this.evaluations.reproduce(p.evaluationId, q.engine);
  }

  @Post('evaluations/reevaluate')
  @HttpCode(202)
  @RequireRole('admin')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '按现行规则重新评价全部机构 / Re-evaluate every agency under the rules in force',
    description:
      '每个机构的最新提交以编译引擎重新评价，结果以新规则集哈希保存（已按该哈希评价的不重复保存）。立即返回任务，轮询 GET /reevaluation-jobs/{id} 取进度与报告。/ Each agency\'s latest submission is re-evaluated by the compiled engine and stored under the new ruleset hash (agencies already evaluated under it are left alone). Answers at once with a job; poll GET /reevaluation-jobs/{id} for progress and the report.',
  })
  @ApiAcceptedResponse({ type: ReevaluationJobDto })
  @ApiErrors([422, '同一 Idempotency-Key 配了不同的请求体 / The Idempotency-Key was used with another body'])
  reevaluate(@Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.reevaluation.start(who.principal, idem);
  }

  @Get('reevaluation-jobs/:jobId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '重新评价任务的进度与报告 / A re-evaluation job\'s progress and report' })
  @ApiOkResponse({ type: ReevaluationJobDto })
  @ApiErrors(400, [404, '无此任务 / No such job'])
  reevaluationJob(@Param() p: ReevaluationJobIdParam) {
    return this.reevaluation.job(p.jobId);
  }

  @Get('agencies/:agencyId/evaluations')
  @RequireRole('viewer')
  @ApiOperation({ summary: '机构的评价列表（新的在前）/ An agency\'s evaluations, newest first' })
  @ApiOkResponse({ type: EvaluationPage })
  @ApiErrors(400, [404, '无此机构 / No such agency'])
  list(@Param() p: AgencyIdParam, @Query() q: ListEvaluationsQuery) {
    return this.evaluations.listForAgency(p.agencyId, q);
  }
}
