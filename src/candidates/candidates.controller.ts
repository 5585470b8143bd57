import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSuccess } from '../docs/api-errors.js';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { CandidateIdParam, CreateCandidateDto, DiffQuery, ImpactJobIdParam } from './candidates.dto.js';
import { CandidatesService } from './candidates.service.js';
import { ImpactJobsService } from './impact-jobs.service.js';
import { ApiIdempotencyKey, Idempotency, type IdempotencyContext } from '../idempotency/idempotency.decorator.js';

@ApiTags('committee')
@Controller()
export class CandidatesController {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly jobs: ImpactJobsService,
  ) {}

  @Post('rulesets/candidates')
  @RequireRole('admin')
  @ApiOperation({
    summary: '上传规则草案（不生效）/ Upload a draft ruleset (never put in force)',
    description: '只需上传与生效规则不同的文件；与磁盘文件同样校验，答复列出相对生效规则的改动。/ Upload only the files that differ; they are validated like files on disk, and the answer lists the changes against the rules in force.',
  })
  @ApiSuccess(201, 'CandidateCreated', '草案及其改动 / The candidate and its changes')
  @ApiErrors([400, '请求体无效，或文件名不是规则文件名 / Invalid body, or a file name that is no rules file name'], [422, '草案无效，details 逐项列出文件与 JSON 指针 / Invalid: details name each file and JSON pointer'])
  create(@Body() dto: CreateCandidateDto, @Principal() who: ApiKeyEntry) {
    return this.candidates.create(dto.name, dto.files, who.principal);
  }

  @Get('rulesets/candidates/:candidateId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '取规则草案 / A draft ruleset' })
  @ApiSuccess(200, 'CandidateSummary')
  @ApiErrors(400, [404, '无此草案 / No such candidate'])
  get(@Param() p: CandidateIdParam) {
    return this.candidates.get(p.candidateId);
  }

  @Get('rulesets/candidates/:candidateId/diff')
  @RequireRole('viewer')
  @ApiOperation({ summary: '草案相对生效规则的改动（委员会的措辞）/ What the draft changes, in the committee\'s words', description: '权重、档位、分值、等级、一票否决与参评条件的改动。/ Weights, tiers, points, bands, vetoes and prerequisites that change.' })
  @ApiSuccess(200, 'CandidateDiff')
  @ApiErrors(400, [404, '无此草案 / No such candidate'])
  diff(@Param() p: CandidateIdParam, @Query() q: DiffQuery) {
    return this.candidates.diff(p.candidateId).then((d) => (q.lang ? { ...d, changes: d.changes.map((c) => ({ ...c, text: c.text[q.lang!] })) } : d));
  }

  @Post('rulesets/candidates/:candidateId/impact')
  @HttpCode(202)
  @RequireRole('admin')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '影响分析：以草案与生效规则重新评分每个机构的最新提交 / Impact: re-score every agency\'s latest submission under the draft and the rules in force',
    description: '立即返回任务，轮询 GET /impact-jobs/{id} 取进度与报告（等级迁移矩阵、均值与中位数变化、受影响最大的机构、新增不合格/否决、校准数据）。/ Answers at once with a job; poll GET /impact-jobs/{id} for progress and the report (grade transitions, shifts of mean and median, most affected agencies, newly ineligible or vetoed, calibration data).',
  })
  @ApiSuccess(202, 'ImpactJob', '任务 / The job')
  @ApiErrors(400, [404, '无此草案 / No such candidate'], [422, '同一 Idempotency-Key 配了不同的请求体 / The Idempotency-Key was used with another body'])
  impact(@Param() p: CandidateIdParam, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.jobs.start(p.candidateId, who.principal, idem);
  }

  @Get('rulesets/candidates/:candidateId/calibration')
  @RequireRole('viewer')
  @ApiOperation({
    summary: '校准数据：生效规则与草案下各类别的等级分布与维度平均分 / Calibration data under the rules in force and under the draft',
    description: '以每个机构的最新提交计算。/ Computed from every agency\'s latest submission.',
  })
  @ApiSuccess(200, 'CalibrationView')
  @ApiErrors(400, [404, '无此草案 / No such candidate'])
  calibration(@Param() p: CandidateIdParam) {
    return this.jobs.calibration(p.candidateId);
  }

  @Get('impact-jobs/:jobId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '影响分析任务的进度与报告 / An impact job\'s progress and report' })
  @ApiSuccess(200, 'ImpactJob')
  @ApiErrors(400, [404, '无此任务 / No such job'])
  job(@Param() p: ImpactJobIdParam) {
    return this.jobs.get(p.jobId);
  }
}
