import { Body, Controller, Get, Header, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSuccess } from '../docs/api-errors.js';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import { ApiError } from '../common/api-error.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { PageRole } from '../pages/page-auth.guard.js';
import { EvaluationExportsService } from './evaluation-exports.service.js';
import { SpreadsheetsService } from './spreadsheets.service.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILTERS = [
  ApiQuery({ name: 'category', required: false, description: '类别 / Category' }),
  ApiQuery({ name: 'period', required: false, description: '评价期 / Period' }),
];

@ApiTags('spreadsheets')
@Controller('spreadsheets')
export class SpreadsheetsController {
  constructor(
    private readonly sheets: SpreadsheetsService,
    private readonly exports: EvaluationExportsService,
  ) {}

  @Get('template.xlsx')
  @PageRole('viewer')
  @Header('content-type', XLSX)
  @Header('content-disposition', 'attachment; filename="facts-template.xlsx"')
  @ApiProduces(XLSX)
  @ApiQuery({ name: 'category', required: false, description: '只要一个类别的工作表 / Only this category\'s sheet' })
  @ApiOkResponse({ description: 'facts-template.xlsx', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors([400, '未知类别 / Unknown category'])
  @ApiOperation({ summary: '事实填报模板（每类别一个工作表，含中英文标签、单位与取值校验）/ Fact template XLSX (a sheet per category, zh/en labels, units, allowed values)' })
  template(@Query('category') category?: string) {
    return this.sheets.template(category);
  }

  @Get('evaluations.xlsx')
  @PageRole('viewer')
  @Header('content-type', XLSX)
  @Header('content-disposition', 'attachment; filename="evaluations.xlsx"')
  @ApiProduces(XLSX)
  @applyAll(FILTERS)
  @ApiOkResponse({ description: 'evaluations.xlsx', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400)
  @ApiOperation({ summary: '导出评价（含指标明细与可再导入的事实表）/ Export evaluations with the indicator breakdown and re-importable fact sheets' })
  async exportXlsx(@Query('category') category?: string, @Query('period') period?: string) {
    return new StreamableFile(await this.exports.exportXlsx({ category, period }), { type: XLSX, disposition: 'attachment; filename="evaluations.xlsx"' });
  }

  @Get('evaluations.csv')
  @PageRole('viewer')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="evaluations.csv"')
  @ApiProduces('text/csv')
  @applyAll(FILTERS)
  @ApiOkResponse({ description: 'evaluations.csv', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiErrors(400)
  @ApiOperation({ summary: '导出评价为 CSV（每行一次评价，各维度与指标为列）/ Export evaluations as CSV (a row per evaluation, dimensions and indicators as columns)', description: '边读边写（分页读取，内存恒定）；以 = + - @ 开头的文本单元格前加撇号，防止被表格软件当作公式。/ Streamed (read page by page, constant memory); text cells starting with = + - @ get a leading apostrophe so spreadsheet programs do not run them as formulas.' })
  async exportCsv(@Query('category') category?: string, @Query('period') period?: string) {
    return new StreamableFile(await this.exports.exportCsv({ category, period }), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="evaluations.csv"' });
  }

  @Post('facts')
  @HttpCode(200)
  @RequireRole('assessor')
  @ApiConsumes(XLSX)
  @ApiBody({ description: '填好的模板（XLSX 原始字节）/ The filled template (raw XLSX bytes)', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'acceptValid', required: false, enum: ['true', 'false'], description: 'true：保存无错的行，报告其余 / true: store the rows without errors, report the rest' })
  @ApiOperation({ summary: '导入事实（逐格检查）/ Import facts from a filled template (every cell checked)' })
  @ApiSuccess(200, 'ImportReport', '已保存的提交与错误（工作表、行、列）/ Stored submissions and errors by sheet, row and column')
  @ApiErrors(
    [400, '不是 XLSX 文件，或 zip 中没有工作簿（notAWorkbook）/ Not an XLSX file, or a zip holding no workbook (notAWorkbook)'],
    [413, '超过请求体、解压大小、行数或单元格数上限（spreadsheetTooLarge）/ Over the body, inflated size, row or cell limit (spreadsheetTooLarge)'],
    [415, `请以 ${XLSX} 上传 / Upload as ${XLSX}`],
    [422, '文件有错误，未保存任何数据（details 给出工作表、行、列）/ The file has errors; nothing stored (details give sheet, row and column)'],
  )
  import(@Body() file: unknown, @Principal() who: ApiKeyEntry, @Query('acceptValid') acceptValid?: string) {
    if (acceptValid !== undefined && acceptValid !== 'true' && acceptValid !== 'false') {
      throw ApiError.badRequest('validationFailed', { zh: '参数无效', en: 'Invalid parameter' }, [{ field: 'acceptValid', message: { zh: '应为 true 或 false', en: 'must be true or false' } }]);
    }
    if (!Buffer.isBuffer(file)) throw new ApiError(415, 'unsupportedMediaType', { zh: `请以 ${XLSX} 上传 XLSX 文件`, en: `Upload the XLSX file as ${XLSX}` });
    return this.sheets.import(file, who.principal, acceptValid === 'true');
  }
}

function applyAll(decorators: MethodDecorator[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const d of decorators) d(target, key, descriptor);
  };
}
