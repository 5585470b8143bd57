import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSuccess } from '../docs/api-errors.js';
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
  @ApiExcludeEndpoint() // a page for browsers (HTML, prints to A4 PDF; ?lang=en for English): not part of the API document
  async report(@Param() p: EvaluationIdParam, @Query('lang') lang?: string) {
    return reportPage(await this.reports.report(p.evaluationId), lang === 'en' ? 'en' : 'zh');
  }

  @Get('advice')
  @RequireRole('viewer')
  @ApiOperation({ summary: '改进建议（按现行规则集）/ Improvement advice under the ruleset in force' })
  @ApiSuccess(200, 'Advice', '按增分排序的事实变化、需先解决的前置条件与否决项、达到下一等级的路径 / Fact changes ranked by gain, blockers to fix first, a path to the next grade')
  @ApiErrors(400, [404, '无此评价 / No such evaluation'])
  advice(@Param() p: EvaluationIdParam) {
    return this.reports.adviceFor(p.evaluationId);
  }
}
