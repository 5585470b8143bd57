import { Body, Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController, ApiExcludeEndpoint, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { AgencyIdParam, ListAgenciesQuery } from '../agencies/agencies.dto.js';
import { Public, type AuthedRequest } from '../auth/auth.decorators.js';
import { ApiError } from '../common/api-error.js';
import { validationDetails } from '../common/validation.js';
import { roleAllows } from '../config/api-keys.js';
import { PageKeyGuard, PageRole } from '../pages/page-auth.guard.js';
import { StandardService } from '../rulesets/standard.service.js';
import type { FormBody } from './fact-form.js';
import { factsPage, registerPage } from './forms.page.js';
import { agencyPage, homePage, indexPage } from './registry.page.js';
import { RegistryService } from './registry.service.js';

type Lang = 'zh' | 'en';
const langOf = (lang: unknown): Lang => (lang === 'en' ? 'en' : 'zh');
const HTML = 'text/html; charset=utf-8';

/** The assessors' pages: home, agency index, registration, the agency page and the facts form (HTML for browsers, not part of the API document). */
@ApiExcludeController()
@Controller()
export class RegistryController {
  constructor(
    private readonly registry: RegistryService,
    private readonly standard: StandardService,
    private readonly guard: PageKeyGuard,
  ) {}

  @Get()
  @Public()
  @Header('content-type', HTML)
  @ApiOperation({ summary: '首页（登录后按角色列出入口）/ Home page (after login, links by role)' })
  home(@Req() req: AuthedRequest, @Query('lang') lang: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const entry = this.guard.caller(req);
    if (!entry) {
      void reply.status(303).header('location', `/login?next=${encodeURIComponent('/')}${lang === 'en' ? '&lang=en' : ''}`);
      return '';
    }
    return homePage(entry.role, entry.principal, langOf(lang));
  }

  @Get('registry')
  @PageRole('viewer')
  @Header('content-type', HTML)
  @ApiProduces('text/html')
  @ApiOperation({ summary: '机构名录（检索、按类别/分类/地区/等级筛选、分页）/ Agency index (search, filters by category, class, region and grade, paging)' })
  async index(@Query() raw: Record<string, unknown>, @Req() req: AuthedRequest) {
    const q = await indexQuery(raw);
    const page = await this.registry.index(q);
    return indexPage(page, q, this.standard.current.standard.criteria.classification, this.registry.gradeLabels(), roleAllows(req.principal!.role, 'assessor'), langOf(raw.lang));
  }

  @Get('registry/new')
  @PageRole('assessor')
  @Header('content-type', HTML)
  @ApiOperation({ summary: '登记机构表单（表 1 分类选择）/ Registration form (Table 1 class picker)' })
  registerForm(@Query('lang') lang?: string) {
    return registerPage(this.standard.current.standard.criteria.classification, {}, {}, langOf(lang));
  }

  @Post('registry/new')
  @PageRole('assessor')
  @Header('content-type', HTML)
  @ApiExcludeEndpoint()
  async register(@Body() body: FormBody, @Req() req: AuthedRequest, @Query('lang') lang: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const done = await this.registry.register(body ?? {}, req.principal!.principal);
    if ('id' in done) {
      void reply.status(303).header('location', `/registry/${done.id}?lang=${langOf(lang)}`);
      return '';
    }
    void reply.status(422);
    const values = Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : (v ?? ''))]));
    return registerPage(this.standard.current.standard.criteria.classification, values, done.errors, langOf(lang));
  }

  @Get('registry/:agencyId')
  @PageRole('viewer')
  @Header('content-type', HTML)
  @ApiOperation({ summary: '机构页面：各期提交与评价、历次走势 / Agency page: periods with evaluations, trend across periods' })
  async agency(@Param() p: AgencyIdParam, @Req() req: AuthedRequest, @Query('lang') lang?: string) {
    return agencyPage(await this.registry.agencyPage(p.agencyId), roleAllows(req.principal!.role, 'assessor'), langOf(lang));
  }

  @Get('registry/:agencyId/facts')
  @PageRole('assessor')
  @Header('content-type', HTML)
  @ApiOperation({ summary: '事实填报表单（按事实字典生成）/ Facts form (generated from the fact dictionary)', description: '?period= 预填该期最新提交。/ ?period= prefills the latest submission of that period.' })
  async factsForm(@Param() p: AgencyIdParam, @Query('period') period?: string, @Query('lang') lang?: string) {
    return factsPage(await this.registry.factsForm(p.agencyId, period), langOf(lang));
  }

  @Post('registry/:agencyId/facts')
  @PageRole('assessor')
  @Header('content-type', HTML)
  @ApiExcludeEndpoint()
  async submitFacts(@Param() p: AgencyIdParam, @Body() body: FormBody, @Req() req: AuthedRequest, @Query('lang') lang: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const done = await this.registry.submit(p.agencyId, body ?? {}, req.principal!.principal);
    if ('evaluationId' in done) {
      void reply.status(303).header('location', `/evaluations/${done.evaluationId}/report?lang=${langOf(lang)}`);
      return '';
    }
    void reply.status(422);
    return factsPage(done, langOf(lang));
  }
}

/** The index's query: the API list's filters (checked the same way) plus grade and period; empty inputs are absent. */
async function indexQuery(raw: Record<string, unknown>) {
  const given = Object.fromEntries(Object.entries(raw).filter(([k, v]) => typeof v === 'string' && v.trim() !== '' && ['q', 'category', 'classPath', 'region', 'page'].includes(k)).map(([k, v]) => [k, (v as string).trim()]));
  const q = plainToInstance(ListAgenciesQuery, { ...given, pageSize: 20 });
  const details = validationDetails(await validate(q, { whitelist: true, forbidNonWhitelisted: true }));
  const text = (k: string) => (typeof raw[k] === 'string' && (raw[k] as string).trim() !== '' ? (raw[k] as string).trim().slice(0, 32) : undefined);
  if (details.length > 0) throw ApiError.badRequest('validationFailed', { zh: '请求参数校验失败', en: 'Request validation failed' }, details);
  return Object.assign(q, { grade: text('grade'), period: text('period') });
}
