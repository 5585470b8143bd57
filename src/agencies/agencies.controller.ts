import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../docs/api-errors.js';
import { Principal, RequireRole } from '../auth/auth.decorators.js';
import type { ApiKeyEntry } from '../config/api-keys.js';
import { ApiIdempotencyKey, Idempotency, type IdempotencyContext } from '../idempotency/idempotency.decorator.js';
import { AgencyIdParam, AgencyPage, AgencyView, CreateAgencyDto, ListAgenciesQuery } from './agencies.dto.js';
import { AgenciesService } from './agencies.service.js';

@ApiTags('agencies')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @RequireRole('assessor')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: '登记服务机构 / Register an agency' })
  @ApiCreatedResponse({ type: AgencyView })
  @ApiErrors(
    [400, '字段无效（含信用代码校验位、分类路径）/ Invalid field (credit code check character, class path…)'],
    [409, '信用代码已登记 / Credit code already registered'],
    [422, '同一 Idempotency-Key 配了不同的请求体 / The Idempotency-Key was used with another body'],
  )
  create(@Body() dto: CreateAgencyDto, @Principal() who: ApiKeyEntry, @Idempotency() idem?: IdempotencyContext) {
    return this.agencies.create(dto, who.principal, idem);
  }

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: '机构列表（筛选、分页）/ List agencies (filters, pages)' })
  @ApiOkResponse({ type: AgencyPage })
  @ApiErrors(400)
  list(@Query() q: ListAgenciesQuery) {
    return this.agencies.list(q);
  }

  @Get(':agencyId')
  @RequireRole('viewer')
  @ApiOperation({ summary: '取一个机构 / Get an agency' })
  @ApiOkResponse({ type: AgencyView })
  @ApiErrors(400, [404, '无此机构 / No such agency'])
  get(@Param() p: AgencyIdParam) {
    return this.agencies.get(p.agencyId);
  }
}
