import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ApiError } from './api-error.js';

/** An opaque keyset cursor: base64url of `createdAt|id` of the last item of a page. */
export const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

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

/** `page`/`pageSize`, or keyset paging: `after`, the previous answer's `next` (then `page` is ignored). */
export class KeysetPageQuery extends PageQuery {
  @ApiPropertyOptional({
    pattern: CURSOR.source,
    maxLength: 200,
    description: '键集分页：上一页答复中的 next（按创建时间与 id 继续，给出时忽略 page）/ Keyset paging: the previous answer\'s next (continues by creation time and id; page is then ignored)',
  })
  @IsOptional() @Matches(CURSOR) @MaxLength(200)
  after?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** A page that also gives the cursor of the next one (null after the last page). */
export interface KeysetPage<T> extends Page<T> {
  next: string | null;
}

/** The cursor of the page after `rows` when the page is full (there may be more), else null. */
function nextCursor(rows: { createdAt: string; id: string }[], pageSize: number): string | null {
  return rows.length === pageSize ? cursorAfter(rows[rows.length - 1]) : null;
}

/** The cursor that continues after `item` (creation time, then id). */
function cursorAfter(item: { createdAt: string; id: string }): string {
  return Buffer.from(`${item.createdAt}|${item.id}`).toString('base64url');
}

/** The position a cursor names; 400 `invalidCursor` (field `after`) when it is not one this service gave. */
function readCursor(cursor: string): { at: string; id: string } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) {
    throw ApiError.badRequest('invalidCursor', { zh: '分页游标无效', en: 'Invalid paging cursor' }, [
      { field: 'after', message: { zh: '应为上一页答复中的 next', en: "must be the previous page's next" } },
    ]);
  }
  return { at: m[1], id: m[2] };
}

/**
 * One page of the rows `where()` selects (alias `alias`) in (created_at, id) order, `order` ascending or descending:
 * the rows after the cursor `q.after` when given (keyset, served by an index ending in created_at and id), else the
 * numbered page; with the count of all of them and the next page's cursor. Run it inside a database read.
 */
export async function orderedPage<T extends ObjectLiteral & { createdAt: string; id: string }>(
  where: () => SelectQueryBuilder<T>,
  alias: string,
  order: 'ASC' | 'DESC',
  q: PageQuery & { after?: string },
): Promise<KeysetPage<T>> {
  const after = q.after === undefined ? undefined : readCursor(q.after);
  const page = where().orderBy(`${alias}.created_at`, order).addOrderBy(`${alias}.id`, order).limit(q.pageSize);
  const beyond = order === 'ASC' ? '>' : '<';
  if (after) page.andWhere(`(${alias}.created_at ${beyond} :at OR (${alias}.created_at = :at AND ${alias}.id ${beyond} :id))`, after);
  else page.offset((q.page - 1) * q.pageSize);
  const items = await page.getMany();
  return { items, page: q.page, pageSize: q.pageSize, total: await where().getCount(), next: nextCursor(items, q.pageSize) };
}
