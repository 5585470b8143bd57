import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import type { ExpandedEvaluation } from '../evaluations/stored-results.js';
import { nodeSums, standingCounts, summariesStamp } from '../evaluations/summary-queries.js';
import { resultTop } from '../pages/standard-view.js';
import type { ReportData } from './report.service.js';

/** How many categories' averages are kept computed. */
const CACHED_AVERAGES = 32;

/**
 * Where a report's evaluation stands among its peers: each other agency's latest evaluation of the same category
 * under the same ruleset content. Both figures are SQL over the compact summaries; the category average (the same for
 * every report of the group) is kept until an evaluation is stored.
 */
@Injectable()
export class PeersService {
  private readonly averages = new Map<string, { stamp: string; average: Promise<ReportData['categoryAverage']> }>();

  constructor(private readonly db: Db) {}

  /** The category average and the evaluation's standing (null when it is not ranked: not eligible or vetoed). */
  async of(row: ExpandedEvaluation): Promise<Pick<ReportData, 'categoryAverage' | 'standing'>> {
    const group = { category: row.category, ruleset_hash: row.rulesetHash };
    const { stamp, counts } = await this.db.read(async (m) => ({
      stamp: await summariesStamp(m),
      counts: row.eligible && !row.vetoed ? await standingCounts(m, group, row.agencyId, row.total) : null,
    }));
    return { categoryAverage: await this.average(row, stamp), standing: counts ? standing(counts) : null };
  }

  /**
   * Mean top-level scores over each agency's latest evaluation of the group; null below two agencies (no average to
   * compare). The top level is the evaluation's own (its nodes and leaves at level 1; a leaf as its % rounded to two
   * decimals, as the page shows it).
   */
  private average(row: ExpandedEvaluation, stamp: string): Promise<ReportData['categoryAverage']> {
    const key = `${row.category}|${row.rulesetHash}`;
    const held = this.averages.get(key);
    if (held?.stamp === stamp) return held.average;
    const top = resultTop(row.result).map((d) => d.id);
    const leaves = new Set(row.result.indicators.filter((i) => i.level === 1).map((i) => i.id));
    const average = this.db
      .read((m) => nodeSums(m, { category: row.category, ruleset_hash: row.rulesetHash }, top, leaves))
      .then(({ count, sums }) => (count < 2 ? null : { agencies: count, nodes: Object.fromEntries([...sums].map(([id, s]) => [id, Math.round((s / count) * 100) / 100])) }));
    if (this.averages.size >= CACHED_AVERAGES) this.averages.delete(this.averages.keys().next().value!);
    this.averages.set(key, { stamp, average });
    average.catch(() => this.averages.delete(key));
    return average;
  }
}

/** Rank (1 = best) among the others and this one, and the share of the others with a lower total; null without others. */
function standing({ of, below, above }: { of: number; below: number; above: number }): ReportData['standing'] {
  if (of === 0) return null;
  return { rank: 1 + above, of: of + 1, percent: Math.round((100 * below) / of) };
}
