import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiSuccess } from '../docs/api-errors.js';
import { RequireRole } from '../auth/auth.decorators.js';
import { StandardService } from '../rulesets/standard.service.js';

@ApiTags('criteria')
@Controller('criteria')
export class CriteriaController {
  constructor(private readonly standard: StandardService) {}

  @Get('indicators')
  @RequireRole('viewer')
  @ApiOperation({ summary: '评价准则的指标树（6 个维度、21 项指标及其要点）/ The indicator tree: 6 dimensions, 21 indicators and their aspects' })
  @ApiSuccess(200, 'IndicatorTree')
  indicators() {
    return this.standard.current.standard.criteria.indicators;
  }

  @Get('facts')
  @RequireRole('viewer')
  @ApiOperation({ summary: '事实字典（类型、单位、范围、是否必填、佐证材料）/ The fact dictionary: type, unit, range, required, evidence' })
  @ApiSuccess(200, 'FactDictionary')
  facts() {
    return this.standard.current.standard.criteria.facts;
  }

  @Get('terms')
  @RequireRole('viewer')
  @ApiOperation({
    summary: '术语和定义、规范性引用文件（第2、3章）/ Terms and definitions, normative references (chapters 2 and 3)',
    description: '术语（如3.1中小企业：只计入符合《中小企业划型标准规定》的客户）及其来源、对评价的意义；规范性引用文件；规则可引用的其他条文。/ The terms (e.g. 3.1 SME: only clients meeting the SME size criterion count) with their sources and what they mean for an evaluation; the normative references; other provisions rules may cite.',
  })
  @ApiSuccess(200, 'Terms')
  terms() {
    return this.standard.current.standard.criteria.terms;
  }

  @Get('classification')
  @RequireRole('viewer')
  @ApiOperation({ summary: '服务机构分类（表 1）/ The agency classification (Table 1)', description: '类别的条款（第4章 a)–d)）；标准对同一类别给出两个名称时，labels 记录另一名称、出处与所作选择。/ Each category\'s clause (chapter 4 a)–d)); where the standard names a category two ways, labels records the other name, where it appears and the choice made.' })
  @ApiSuccess(200, 'Classification')
  classification() {
    return this.standard.current.standard.criteria.classification;
  }
}
