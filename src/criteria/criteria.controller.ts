import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.decorators.js';
import { StandardService } from '../rulesets/standard.service.js';

@ApiTags('criteria')
@Controller('criteria')
export class CriteriaController {
  constructor(private readonly standard: StandardService) {}

  @Get('indicators')
  @RequireRole('viewer')
  @ApiOperation({ summary: '评价准则的指标树（6 个维度、21 项指标及其要点）/ The indicator tree: 6 dimensions, 21 indicators and their aspects' })
  indicators() {
    return this.standard.current.standard.criteria.indicators;
  }

  @Get('facts')
  @RequireRole('viewer')
  @ApiOperation({ summary: '事实字典（类型、单位、范围、是否必填、佐证材料）/ The fact dictionary: type, unit, range, required, evidence' })
  facts() {
    return this.standard.current.standard.criteria.facts;
  }

  @Get('classification')
  @RequireRole('viewer')
  @ApiOperation({ summary: '服务机构分类（表 1）/ The agency classification (Table 1)' })
  classification() {
    return this.standard.current.standard.criteria.classification;
  }
}
