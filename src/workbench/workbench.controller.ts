import { Body, Controller, Get, Header, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSuccess } from '../docs/api-errors.js';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.decorators.js';
import { ApiError } from '../common/api-error.js';
import { roleAllows } from '../config/api-keys.js';
import { PageRole } from '../pages/page-auth.guard.js';
import { DraftFilesDto, SaveDraftDto } from './workbench.dto.js';
import { workbenchPage } from './workbench.page.js';
import { DraftSupersededError, WorkbenchService } from './workbench.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The committee's workbench: a draft edited in the browser, checked and scored after each edit (admin saves). */
@ApiTags('committee')
@Controller('workbench')
export class WorkbenchController {
  constructor(private readonly workbench: WorkbenchService) {}

  @Get()
  @PageRole('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiExcludeEndpoint()
  @ApiOperation({
    summary: '规则工作台（HTML）：编辑规则草案并即时查看影响 / The rules workbench (HTML): edit a draft and see its effect at once',
    description: '从生效规则开始，或 ?candidate={草案 id} 从已上传的草案开始；管理员可保存为候选规则集。/ Starts from the rules in force, or from an uploaded draft with ?candidate={id}; an admin may save it as a candidate.',
  })
  async page(@Req() req: AuthedRequest, @Query('candidate') candidate?: string, @Query('lang') lang?: string) {
    if (candidate !== undefined && !UUID.test(candidate)) {
      throw ApiError.badRequest('validationFailed', { zh: '参数无效', en: 'Invalid parameter' }, [{ field: 'candidate', message: { zh: '应为草案 id（UUID）', en: 'should be a draft id (UUID)' } }]);
    }
    return workbenchPage(await this.workbench.start(candidate), roleAllows(req.principal!.role, 'admin'), lang === 'en' ? 'en' : 'zh');
  }

  @Post('check')
  @HttpCode(200)
  @PageRole('viewer')
  @ApiOperation({
    summary: '检查规则草案并计算影响（与 validate 相同的校验）/ Check a draft and score its impact (the same checks as validate)',
    description:
      '草案文件叠加在生效的 rules/ 之上，由核心加载与校验；有效时给出相对生效规则的改动（委员会的措辞）与对每个机构最新提交的影响。无效时 valid 为 false，issues 逐项给出文件与 JSON 指针。/ The files are laid over rules/ and loaded by the core; when valid, the answer has the changes in the committee\'s words and the effect on every agency\'s latest submission; when not, valid is false and issues names each file and JSON pointer.',
  })
  @ApiSuccess(200, 'DraftCheck', '无效的草案也答 200（valid 为 false）/ An invalid draft is answered 200 too (valid false)')
  @ApiErrors([400, '请求体无效或文件名不是规则文件名 / Invalid body, or a file name that is no rules file name'], [409, '页面已发送更新的草案 / The page sent a newer draft'])
  async check(@Body() dto: DraftFilesDto, @Res({ passthrough: true }) reply: FastifyReply) {
    // A page that sends a newer draft drops the older request: its impact run stops at the next thousand agencies.
    const aborted = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) aborted.abort();
    });
    try {
      return await this.workbench.check(dto.files, aborted.signal);
    } catch (e) {
      if (e instanceof DraftSupersededError) throw new ApiError(409, 'superseded', { zh: '已有更新的草案', en: 'A newer draft was sent' });
      throw e;
    }
  }

  @Post('candidates')
  @PageRole('admin')
  @ApiOperation({ summary: '把工作台的草案保存为候选规则集（同 POST /rulesets/candidates）/ Save the workbench draft as a candidate (as POST /rulesets/candidates)' })
  @ApiSuccess(201, 'CandidateCreated', '草案及其改动 / The candidate and its changes')
  @ApiErrors(
    [400, '请求体无效、文件名无效，或草案与现行规则相同 / Invalid body or file name, or the draft equals the rules in force'],
    [422, '草案无效，details 逐项列出文件与 JSON 指针 / Invalid: details name each file and JSON pointer'],
  )
  save(@Body() dto: SaveDraftDto, @Req() req: AuthedRequest) {
    return this.workbench.save(dto.name, dto.files, req.principal!.principal);
  }

  @Post('zip')
  @HttpCode(200)
  @PageRole('viewer')
  @ApiProduces('application/zip')
  @ApiOperation({ summary: '下载草案：完整的 rules 目录（zip）/ Download the draft as a complete rules folder (zip)' })
  @ApiOkResponse({ description: 'rules-draft.zip', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors([400, '请求体无效或文件名不是规则文件名 / Invalid body, or a file name that is no rules file name'])
  async zip(@Body() dto: DraftFilesDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const body = await this.workbench.zip(dto.files);
    void reply.header('content-type', 'application/zip').header('content-disposition', 'attachment; filename="rules-draft.zip"');
    return body;
  }
}
