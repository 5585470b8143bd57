import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import { ApiError } from '../common/api-error.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { ApiErrors } from '../docs/api-errors.js';
import { ApiIdempotencyKey, Idempotency, type IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { XLSX } from '../spreadsheets/spreadsheets.controller.js';
import { ImportJobDto, TransferJobIdParam } from './imports.dto.js';
import { ImportJobsService } from './import-jobs.service.js';

@ApiTags('spreadsheets')
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportJobsService) {}

  @Post('imports')
  @HttpCode(202)
  @RequireRole('assessor')
  @ApiIdempotencyKey()
  @ApiConsumes(XLSX)
  @ApiBody({ description: '填好的模板（XLSX 原始字节）/ The filled template (raw XLSX bytes)', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'acceptValid', required: false, enum: ['true', 'false'], description: 'true：保存无错的行，报告其余 / true: store the rows without errors, report the rest' })
  @ApiOperation({
    summary: '导入事实（后台任务，适合大文件）/ Import facts as a background job (for large files)',
    description:
      '文件保存在数据库中，任一实例执行任务；立即返回任务，轮询 GET /import-jobs/{id} 取进度与报告（与 POST /spreadsheets/facts 的答复相同）。/ The file is kept in the database and any instance runs the job; answers at once with the job: poll GET /import-jobs/{id} for progress and the report (the same as POST /spreadsheets/facts answers).',
  })
  @ApiAcceptedResponse({ type: ImportJobDto })
  @ApiErrors(
    [400, '不是 XLSX 文件，或 zip 中没有工作簿（notAWorkbook），或参数无效 / Not an XLSX file, or a zip holding no workbook (notAWorkbook), or an invalid parameter'],
    [413, '超过请求体或解压大小上限（spreadsheetTooLarge）/ Over the body or inflated size limit (spreadsheetTooLarge)'],
    [415, `请以 ${XLSX} 上传 / Upload as ${XLSX}`],
    [422, '同一 Idempotency-Key 配了不同的请求体 / The Idempotency-Key was used with another body'],
  )
  start(@Body() file: unknown, @Principal() who: ApiKeyEntry, @Query('acceptValid') acceptValid?: string, @Idempotency() idem?: IdempotencyContext) {
    if (acceptValid !== undefined && acceptValid !== 'true' && acceptValid !== 'false') {
      throw ApiError.badRequest('validationFailed', { zh: '参数无效', en: 'Invalid parameter' }, [{ field: 'acceptValid', message: { zh: '应为 true 或 false', en: 'must be true or false' } }]);
    }
    if (!Buffer.isBuffer(file)) throw new ApiError(415, 'unsupportedMediaType', { zh: `请以 ${XLSX} 上传 XLSX 文件`, en: `Upload the XLSX file as ${XLSX}` });
    return this.imports.start(file, who.principal, acceptValid === 'true', idem);
  }

  @Get('import-jobs/:jobId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '导入任务的进度与报告 / An import job\'s progress and report' })
  @ApiOkResponse({ type: ImportJobDto })
  @ApiErrors(400, [404, '无此任务 / No such job'])
  get(@Param() p: TransferJobIdParam) {
    return this.imports.get(p.jobId);
  }
}
