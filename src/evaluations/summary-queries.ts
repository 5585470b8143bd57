/**
 * Aggregates over the compact summaries (evaluation_summaries), in SQL that runs on SQLite and PostgreSQL alike:
 * each agency's latest summary in a group, counts and sums per grade, sums and chosen ranks of the node scores, and
 * where one total stands among its peers. Only counts, sums and a few ranked values leave the database; the callers
 * turn them into means and quantiles with the same rounding as the pure functions they replace.
 *
 * Node scores are kept as JSON text (`node_scores`) and expanded in the query by the database's own JSON table
 * function (`json_each` on SQLite, `json_each_text` on PostgreSQL): measured on 100,000 summaries, a child table of one
 * row per node (2.7 million rows) aggregated no faster than the JSON of the ~10,000 latest rows, and would have
 * cost each stored evaluation 27 more rows.
 */
import type { EntityManager } from 'typeorm';
import { rawQuery } from '../database/raw-sql.js';

/** The columns a group of "latest per agency" can be narrowed to. */
export type SummaryGroup = Partial<Record<'period' | 'category' | 'ruleset_hash', string>>;

/** A piece of SQL with its `?` parameters, in order. */
export interface Sql {
  sql: string;
  params: unknown[];
}

const isPg = (m: EntityManager) => m.connection.options.type === 'postgres';

/**
 * Each agency's latest summary (by creation time, then id) among the rows of a group (all rows, one period, one
 * category and ruleset content…), as a derived table with the summaries' columns. The latest time per agency is read
 * from the (agency, …, creation time) indexes by one GROUP BY; a second row at the same millisecond loses to the
 * greater id.
 */
export function latestSummaries(group: SummaryGroup = {}): Sql {
  const cols = Object.keys(group) as (keyof SummaryGroup)[];
  const values = cols.map((c) => group[c]);
  const where = (alias: string) => cols.map((c) => ` AND ${alias}.${c} = ?`).join('');
  // CROSS JOIN: SQLite then keeps the latest times outside and looks each row up by (agency, time), whatever its
  // statistics say (a file never analysed had it scan every row of the group instead: 110 ms instead of 19 ms for a
  // category of 25,000 summaries); PostgreSQL plans it as the inner join it is.
  const sql =
    `(SELECT s.* FROM (SELECT f.agency_id, MAX(f.created_at) AS at FROM evaluation_summaries f WHERE 1 = 1${where('f')} GROUP BY f.agency_id) l ` +
    `CROSS JOIN evaluation_summaries s WHERE s.agency_id = l.agency_id AND s.created_at = l.at${where('s')} AND NOT EXISTS (SELECT 1 FROM evaluation_summaries t ` +
    `WHERE t.agency_id = s.agency_id AND t.created_at = s.created_at${where('t')} AND t.evaluation_id > s.evaluation_id))`;
  return { sql, params: [...values, ...values, ...values] };
}

/** The node scores of summary `alias` as rows (key, value), for a CROSS JOIN; the value as a number is `nodeScore`. */
function nodeScores(m: EntityManager, alias: string): string {
  return isPg(m) ? `json_each_text(CAST(${alias}.node_scores AS json))` : `json_each(${alias}.node_scores)`;
}
const NODE_SCORE = 'CAST(j.value AS double precision)';

/** What a view aggregates: the latest summaries of a group, narrowed by the agencies' region (a prefix). */
export interface Scope {
  group: SummaryGroup;
  region?: string;
}

function scoped(scope: Scope): Sql {
  const latest = latestSummaries(scope.group);
  if (scope.region === undefined) return { sql: `${latest.sql} x`, params: latest.params };
  const prefix = scope.region.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
  return { sql: `${latest.sql} x JOIN agencies a ON a.id = x.agency_id AND a.region LIKE ? ESCAPE '\\'`, params: [...latest.params, prefix] };
}

/** The rules in force: each category's ruleset content hash. A summary under another content is not "in force". */
function inForce(hashes: Map<string, string>): Sql {
  if (hashes.size === 0) return { sql: '1 = 0', params: [] };
  return { sql: `(${[...hashes].map(() => '(x.category = ? AND x.ruleset_hash = ?)').join(' OR ')})`, params: [...hashes].flat() };
}

/** Latest summaries counted by category, ruleset content, grade, eligibility and veto, with their totals summed. */
export interface GradeCount {
  category: string;
  rulesetHash: string;
  grade: string;
  eligible: boolean;
  vetoed: boolean;
  count: number;
  sumTotal: number;
}

export async function gradeCounts(m: EntityManager, scope: Scope): Promise<GradeCount[]> {
  const from = scoped(scope);
  const rows = await rawQuery<{ category: string; ruleset_hash: string; grade: string; eligible: unknown; vetoed: unknown; n: unknown; total: unknown }[]>(
    m,
    `SELECT x.category, x.ruleset_hash, x.grade, x.eligible, x.vetoed, COUNT(*) AS n, SUM(x.total) AS total FROM ${from.sql} ` +
      'GROUP BY x.category, x.ruleset_hash, x.grade, x.eligible, x.vetoed ORDER BY x.category, x.ruleset_hash, x.grade',
    from.params,
  );
  return rows.map((r) => ({ category: r.category, rulesetHash: r.ruleset_hash, grade: r.grade, eligible: truthy(r.eligible), vetoed: truthy(r.vetoed), count: Number(r.n), sumTotal: Number(r.total) }));
}

/**
 * Per category and node id, over the scored (eligible, not vetoed) latest summaries under the rules in force: how
 * many, the sum of the scores, and the scores at the ranks a five-number summary interpolates between (0-based ranks
 * in ascending order: 0, ⌊(n−1)/4⌋, ⌈(n−1)/4⌉, ⌊(n−1)/2⌋, ⌈(n−1)/2⌉, ⌊3(n−1)/4⌋, ⌈3(n−1)/4⌉, n−1).
 */
export interface NodeStats {
  count: number;
  sum: number;
  /** Score at each rank picked, by rank. */
  ranked: Map<number, number>;
}

export async function nodeStats(m: EntityManager, scope: Scope, hashes: Map<string, string>): Promise<Map<string, Map<string, NodeStats>>> {
  const from = scoped(scope);
  const force = inForce(hashes);
  const rows = await rawQuery<{ category: string; id: string; score: unknown; i: unknown; n: unknown; total: unknown }[]>(
    m,
    `WITH v AS (SELECT x.category AS category, j.key AS id, ${NODE_SCORE} AS score FROM ${from.sql} CROSS JOIN ${nodeScores(m, 'x')} j ` +
      `WHERE x.eligible AND NOT x.vetoed AND ${force.sql}), ` +
      'r AS (SELECT category, id, score, ROW_NUMBER() OVER (PARTITION BY category, id ORDER BY score) - 1 AS i, COUNT(*) OVER (PARTITION BY category, id) AS n, ' +
      'SUM(score) OVER (PARTITION BY category, id) AS total FROM v) ' +
      'SELECT category, id, score, i, n, total FROM r WHERE i IN (0, (n - 1) / 4, (n + 2) / 4, (n - 1) / 2, n / 2, 3 * (n - 1) / 4, (3 * n) / 4, n - 1)',
    [...from.params, ...force.params],
  );
  const out = new Map<string, Map<string, NodeStats>>();
  for (const r of rows) {
    const byId = out.get(r.category) ?? new Map<string, NodeStats>();
    out.set(r.category, byId);
    const s = byId.get(r.id) ?? { count: Number(r.n), sum: Number(r.total), ranked: new Map<number, number>() };
    byId.set(r.id, s);
    s.ranked.set(Number(r.i), Number(r.score));
  }
  return out;
}

/** A scored latest summary under the rules in force whose total is within `margin` of one of its category's edges. */
export interface NearRow {
  evaluationId: string;
  agencyId: string;
  name: string;
  category: string;
  total: number;
  grade: string;
}

export async function nearEdges(m: EntityManager, scope: Scope, hashes: Map<string, string>, edges: Map<string, number[]>, margin: number): Promise<NearRow[]> {
  const from = scoped(scope);
  const near: string[] = [];
  const params: unknown[] = [];
  for (const [category, hash] of hashes) {
    const mins = edges.get(category) ?? [];
    if (mins.length === 0) continue;
    near.push(`(x.category = ? AND x.ruleset_hash = ? AND (${mins.map(() => '(x.total >= ? AND x.total <= ?)').join(' OR ')}))`);
    params.push(category, hash, ...mins.flatMap((min) => [min - margin, min + margin]));
  }
  if (near.length === 0) return [];
  const join = scope.region === undefined ? ' JOIN agencies a ON a.id = x.agency_id' : '';
  const rows = await rawQuery<{ evaluation_id: string; agency_id: string; name: string; category: string; total: unknown; grade: string }[]>(
    m,
    `SELECT x.evaluation_id, x.agency_id, a.name, x.category, x.total, x.grade FROM ${from.sql}${join} WHERE x.eligible AND NOT x.vetoed AND (${near.join(' OR ')}) ORDER BY x.created_at, x.evaluation_id`,
    [...from.params, ...params],
  );
  return rows.map((r) => ({ evaluationId: r.evaluation_id, agencyId: r.agency_id, name: r.name, category: r.category, total: Number(r.total), grade: r.grade }));
}

/** The periods that have evaluations. */
export async function summaryPeriods(m: EntityManager): Promise<string[]> {
  return (await rawQuery<{ period: string }[]>(m, 'SELECT DISTINCT period FROM evaluation_summaries', [])).map((r) => r.period);
}

/** How many summaries there are and the latest creation time: changes whenever one is stored (none is ever changed). */
export async function summariesStamp(m: EntityManager): Promise<string> {
  const [r] = await rawQuery<{ n: unknown; at: string | null }[]>(m, 'SELECT COUNT(*) AS n, MAX(created_at) AS at FROM evaluation_summaries', []);
  return `${Number(r?.n ?? 0)}@${r?.at ?? ''}`;
}

/**
 * Over the latest summaries of a group: how many, and per node id asked, the sum of its scores (those in `rounded`
 * each rounded to two decimals first, as a page shows a leaf's % of its full mark).
 */
export async function nodeSums(m: EntityManager, group: SummaryGroup, ids: string[], rounded: Set<string>): Promise<{ count: number; sums: Map<string, number> }> {
  const latest = latestSummaries(group);
  const [c] = await rawQuery<{ n: unknown }[]>(m, `SELECT COUNT(*) AS n FROM ${latest.sql} x`, latest.params);
  const sums = new Map<string, number>();
  if (ids.length === 0) return { count: Number(c?.n ?? 0), sums };
  const round = [...rounded].filter((id) => ids.includes(id));
  const value = round.length === 0 ? NODE_SCORE : `CASE WHEN j.key IN (${round.map(() => '?').join(', ')}) THEN CAST(ROUND(CAST(j.value AS numeric), 2) AS double precision) ELSE ${NODE_SCORE} END`;
  const rows = await rawQuery<{ id: string; total: unknown }[]>(
    m,
    `SELECT j.key AS id, SUM(${value}) AS total FROM ${latest.sql} x CROSS JOIN ${nodeScores(m, 'x')} j WHERE j.key IN (${ids.map(() => '?').join(', ')}) GROUP BY j.key`,
    [...round, ...latest.params, ...ids],
  );
  for (const r of rows) sums.set(r.id, Number(r.total));
  return { count: Number(c?.n ?? 0), sums };
}

/** Among the scored latest summaries of a group, other than one agency's: how many, and how many score below and above a total. */
export async function standingCounts(m: EntityManager, group: SummaryGroup, agencyId: string, total: number): Promise<{ of: number; below: number; above: number }> {
  const latest = latestSummaries(group);
  const [r] = await rawQuery<{ n: unknown; below: unknown; above: unknown }[]>(
    m,
    'SELECT COUNT(*) AS n, SUM(CASE WHEN x.total < ? THEN 1 ELSE 0 END) AS below, SUM(CASE WHEN x.total > ? THEN 1 ELSE 0 END) AS above ' +
      `FROM ${latest.sql} x WHERE x.agency_id <> ? AND x.eligible AND NOT x.vetoed`,
    [total, total, ...latest.params, agencyId],
  );
  return { of: Number(r?.n ?? 0), below: Number(r?.below ?? 0), above: Number(r?.above ?? 0) };
}

/** A boolean as either driver returns it (PostgreSQL true/false, SQLite 1/0). */
function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}
