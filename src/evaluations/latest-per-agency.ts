/**
 * A SQL condition that keeps, of the evaluations aliased `alias`, each agency's latest (by creation time, then id)
 * among the rows that agree with it on the `same` columns (for example its period, or its category and ruleset
 * hash). "Latest evaluation per agency" is then one query on either database, served by the index on
 * (agency_id, created_at), instead of every row read and sorted out in JavaScript.
 */
export function latestPerAgency(alias: string, same: ('period' | 'category' | 'ruleset_hash')[] = []): string {
  const agree = same.map((c) => ` AND later.${c} = ${alias}.${c}`).join('');
  return `NOT EXISTS (SELECT 1 FROM evaluations later WHERE later.agency_id = ${alias}.agency_id${agree} AND (later.created_at > ${alias}.created_at OR (later.created_at = ${alias}.created_at AND later.id > ${alias}.id)))`;
}
