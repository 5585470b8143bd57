import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { CURSOR, PageQuery } from '../common/pagination.js';
import { CREDIT_CODE, IsCreditCode } from './credit-code.js';
import type { Agency } from './agency.entity.js';

const CLASS_ID = /^[a-z][A-Za-z0-9]{0,63}$/;
const CLASS_PATH_PREFIX = /^[A-Za-z0-9]+(\/[A-Za-z0-9]+){0,2}$/;

export class CreateAgencyDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '某市中小企业服务有限公司', description: '机构名称 / Agency name' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ pattern: CREDIT_CODE.source, format: 'gb32100', example: '91320100MA1Y3B4CXF', description: '统一社会信用代码（GB 32100-2015，含校验位）/ Unified social credit code (GB 32100-2015, check character verified)' })
  @IsCreditCode()
  creditCode: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: '江苏省南京市', description: '所在地区 / Region' })
  @IsString() @Length(1, 100)
  region: string;

  @ApiProperty({ pattern: CLASS_ID.source, description: '一级类别（表 1，取自 criteria/classification.json）/ First-level category (Table 1, from criteria/classification.json)' })
  @Matches(CLASS_ID, { message: 'category must be a category id from criteria/classification.json' })
  category: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: CLASS_ID.source },
    minItems: 2,
    maxItems: 3,
    example: ['investmentFinancing', 'financingGuarantee', 'financingGuaranteeCompany'],
    description: '类别下的二级、三级分类 id（可再加子类型）/ Second- and third-level class ids under the category (optionally a sub-type)',
  })
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(3) @Matches(CLASS_ID, { each: true })
  classPath: string[];
}

export class AgencyIdParam {
  @ApiProperty({ format: 'uuid', description: '机构 id / Agency id' })
  @IsUUID()
  agencyId: string;
}

export class ListAgenciesQuery extends PageQuery {
  @ApiPropertyOptional({ pattern: CLASS_ID.source, description: '按类别筛选 / Filter by category' })
  @IsOptional() @Matches(CLASS_ID, { message: 'category must be a category id from criteria/classification.json' })
  category?: string;

  @ApiPropertyOptional({ maxLength: 100, description: '按地区前缀筛选（如“江苏省”）/ Filter by region prefix (e.g. 江苏省)' })
  @IsOptional() @IsString() @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ pattern: CLASS_PATH_PREFIX.source, description: '按分类路径前缀筛选，id 以 / 分隔 / Filter by class path prefix, ids separated by /' })
  @IsOptional() @Matches(CLASS_PATH_PREFIX)
  classPath?: string;

  @ApiPropertyOptional({ maxLength: 100, description: '名称包含 / Name contains' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    pattern: CURSOR.source,
    maxLength: 200,
    description: '键集分页：上一页答复中的 next（按登记时间与 id 继续，给出时忽略 page）/ Keyset paging: the previous answer\'s next (continues by registration time and id; page is then ignored)',
  })
  @IsOptional() @Matches(CURSOR) @MaxLength(200)
  after?: string;
}

/** An agency as the API shows it. */
export class AgencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ pattern: CREDIT_CODE.source }) creditCode: string;
  @ApiProperty() region: string;
  @ApiProperty() category: string;
  @ApiProperty({ type: [String] }) classPath: string[];
  @ApiProperty({ format: 'date-time', description: 'ISO-8601 UTC' }) createdAt: string;

  static of(a: Agency): AgencyView {
    return {
      id: a.id,
      name: a.name,
      creditCode: a.creditCode,
      region: a.region,
      category: a.category,
      classPath: a.classPath.split('/'),
      createdAt: a.createdAt,
    };
  }
}

export class AgencyPage {
  @ApiProperty({ type: [AgencyView] }) items: AgencyView[];
  @ApiProperty({ type: 'integer', minimum: 1 }) page: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) pageSize: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) total: number;
  @ApiProperty({ type: 'string', nullable: true, description: '下一页的游标（传给 after），没有下一页时为 null / The next page\'s cursor (pass it as after); null after the last page' })
  next: string | null;
}
