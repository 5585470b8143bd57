import type { EntityManager } from 'typeorm';

const cache = new Map<string, string>();

/**
 * Runs hand-written SQL written with `?` placeholders on either database (PostgreSQL gets `$1, $2…`), for the hot
 * paths where TypeORM's query building costs more than the query itself. Booleans are bound as 1/0 on SQLite.
 */
export function rawQuery<T = unknown>(m: EntityManager, sql: string, params: unknown[]): Promise<T> {
  const pg = m.connection.options.type === 'postgres';
  let text = sql;
  if (pg) {
    text = cache.get(sql) ?? '';
    if (!text) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      cache.set(sql, text);
    }
  }
  return m.query(text, pg ? params : params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
}
