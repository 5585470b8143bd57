import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

/**
 * `page` (from 1) and `pageSize` (from 1) query parameters. Their upper bounds (MAX_PAGE, MAX_PAGE_SIZE) are
 * configuration, checked before validation (src/common/input-limits.ts) and written into the OpenAPI document.
 */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1, description: '页码（从 1 开始）/ Page number, from 1' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 20, description: '每页条数 / Items per page' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  pageSize: number = 20;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
