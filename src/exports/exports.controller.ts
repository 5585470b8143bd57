import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { ApiErrors } from '../docs/api-errors.js';
import { ApiIdempotencyKey, Idempotency, type IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { TransferJobIdParam } from '../imports/imports.dto.js';
import { XLSX } from '../spreadsheets/spreadsheets.controller.js';
import { CreateExportDto, ExportJobDto } from './exports.dto.js';
import { ExportJobsService } from './export-jobs.service.js';

@ApiTags('spreadsheets')
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportJobsService) {}

  @Post('exports')
  @HttpCode(202)
  @RequireRole('viewer')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: '导出评价（后台任务，适合大量评价）/ Export evaluations as a background job (for many evaluations)',
    description:
      '与 GET /spreadsheets/evaluations.csv|.xlsx 相同的文件，由任一实例写入数据库；立即返回任务，轮询 GET /export-jobs/{id}，完成后从 GET /export-jobs/{id}/file 下载（保留 JOB_FILE_TTL）。/ The same file as GET /spreadsheets/evaluations.csv|.xlsx, written into the database by any instance; answers at once with the job: poll GET /export-jobs/{id}, then download GET /export-jobs/{id}/file (kept for JOB_FILE_TTL).',
  })
  @ApiAcceptedResponse({ type: ExportJobDto })
  @ApiErrors([400, '请求体无效或未知类别 / Invalid body or unknown category'], [422, '同一 Idempotency-Key 配了不同的请求体 / The Idempotency-Key was used with another body'])
  start(@Body() dto: CreateExportDto, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.exports.start(dto.format, { category: dto.category, period: dto.period }, who.principal, idem);
  }

  @Get('export-jobs/:jobId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '导出任务的进度 / An export job\'s progress' })
  @ApiOkResponse({ type: ExportJobDto })
  @ApiErrors(400, [404, '无此任务 / No such job'])
  get(@Param() p: TransferJobIdParam) {
    return this.exports.get(p.jobId);
  }

  @Get('export-jobs/:jobId/file')
  @RequireRole('viewer')
  @ApiProduces('text/csv', XLSX)
  @ApiOperation({ summary: '下载导出任务的文件 / Download an export job\'s file' })
  @ApiOkResponse({ description: 'evaluations.csv 或 evaluations.xlsx / evaluations.csv or evaluations.xlsx', content: { 'text/csv': { schema: { type: 'string' } }, [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(
    400,
    [404, '无此任务 / No such job'],
    [409, '导出尚未完成（exportNotReady）或已失败（exportFailed）/ The export is not finished (exportNotReady) or failed (exportFailed)'],
    [410, '文件已过期删除（exportExpired）/ The file has expired and was deleted (exportExpired)'],
  )
  async file(@Param() p: TransferJobIdParam) {
    const { stream, result } = await this.exports.file(p.jobId);
    return new StreamableFile(stream, { type: result.contentType, disposition: `attachment; filename="${result.filename}"`, length: result.bytes });
  }
}
