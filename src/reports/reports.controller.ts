import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { EvaluationIdParam } from '../evaluations/evaluations.dto.js';
import { PageRole } from '../pages/page-auth.guard.js';
import { reportPage } from './report.page.js';
import { ReportService } from './report.service.js';

@ApiTags('reports')
@Controller('evaluations/:evaluationId')
export class ReportsController {
  constructor(private readonly reports: ReportService) {}

  @Get('report')
  @PageRole('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: '评价报告页面（HTML，可打印为 A4 PDF）/ The evaluation report page (HTML, prints to A4 PDF)',
    description: '中文在先，?lang=en 为英文。/ Chinese first; ?lang=en for English.',
  })
  @ApiNotFoundResponse({ description: '无此评价 / No such evaluation' })
  async report(@Param() p: EvaluationIdParam, @Query('lang') lang?: string) {
    return reportPage(await this.reports.report(p.evaluationId), lang === 'en' ? 'en' : 'zh');
  }

  @Get('advice')
  @RequireRole('viewer')
  @ApiOperation({ summary: '改进建议（按现行规则集）/ Improvement advice under the ruleset in force' })
  @ApiOkResponse({ description: '按增分排序的事实变化、需先解决的前置条件与否决项、达到下一等级的路径 / Fact changes ranked by gain, blockers to fix first, a path to the next grade' })
  advice(@Param() p: EvaluationIdParam) {
    return this.reports.adviceFor(p.evaluationId);
  }
}
