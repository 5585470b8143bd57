import type { EntityManager } from 'typeorm';
import type { ImpactAgency } from '../committee/impact.js';
import { Agency } from '../agencies/agency.entity.js';
import { comparePeriods } from '../committee/editions.js';
import { FactSubmission } from './fact-submission.entity.js';

/**
 * Every agency's latest submission: its latest period, and the latest version (correction) of that period.
 * Read in pages so 100,000 agencies do not hold one huge result set.
 */
export async function latestSubmissions(m: EntityManager, pageSize = 5000): Promise<ImpactAgency[]> {
  const agencies = await m.getRepository(Agency).find({ select: { id: true, name: true, category: true } });
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const latest = new Map<string, FactSubmission>();
  for (let skip = 0; ; skip += pageSize) {
    const page = await m.getRepository(FactSubmission).find({
      select: { id: true, agencyId: true, period: true, version: true, facts: true },
      order: { id: 'ASC' },
      skip,
      take: pageSize,
    });
    for (const s of page) {
      const seen = latest.get(s.agencyId);
      const order = seen ? comparePeriods(s.period, seen.period) : 1;
      if (order > 0 || (order === 0 && s.version > seen!.version)) latest.set(s.agencyId, s);
    }
    if (page.length < pageSize) break;
  }
  return [...latest.values()]
    .filter((s) => byId.has(s.agencyId))
    .map((s) => ({ id: s.agencyId, name: byId.get(s.agencyId)!.name, category: byId.get(s.agencyId)!.category, facts: s.facts }));
}
