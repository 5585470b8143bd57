/** The compact summary kept beside each stored evaluation (see evaluation-summary.entity.ts), pure. */

/** What of a result the summary keeps: the shape of a stored result's nodes and indicators. */
export interface SummarySource {
  nodes: { id: string; score: number }[];
  indicators: { id: string; points: number; max: number }[];
}

/** Each node's score and each indicator's score as % of its full mark (0 when it has none), by id, as JSON text. */
export function nodeScoresJson(result: SummarySource): string {
  const scores: Record<string, number> = {};
  for (const n of result.nodes) scores[n.id] = n.score;
  for (const i of result.indicators) scores[i.id] = i.max > 0 ? (100 * i.points) / i.max : 0;
  return JSON.stringify(scores);
}
