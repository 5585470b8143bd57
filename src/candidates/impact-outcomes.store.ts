import { Injectable } from '@nestjs/common';
import type { ImpactAgency, StoredOutcome } from '../committee/impact.js';
import { pack, RuleDecider } from '../committee/impact-comparison.js';
import { comparePeriods } from '../committee/editions.js';
import type { Evaluator } from '../core/index.js';
import { Db } from '../database/db.service.js';
import { rawQuery } from '../database/raw-sql.js';

/** Agencies read at a time (and the most parameters of one IN list). */
const PAGE = 1000;
/** Outcome rows written in one statement. */
const WRITE = 100;

interface AgencyRow {
  id: string;
  name: string | null;
  category: string;
}
interface SubmissionRow {
  id: string;
  agency_id: string;
  period: string;
  version: number | string;
}
interface OutcomeRow {
  ruleset_hash: string;
  agency_id: string;
  submission_id: string;
  matched: string;
  total: number;
  grade: string;
  eligible: boolean | number;
  vetoed: boolean | number;
  scores: string;
}

/** A page of agencies with their stored outcomes; facts are absent where the caller did not ask for them. */
export interface OutcomePage {
  outcomes: (StoredOutcome & { scores: Float64Array })[];
  /** Outcomes that had to be worked out (missing, or from an older submission) and were stored. */
  written: number;
}

const COLUMNS = ['ruleset_hash', 'agency_id', 'submission_id', 'category', 'matched', 'total', 'grade', 'eligible', 'vetoed', 'scores', 'created_at'];

/**
 * The impact baseline in the database (`impact_outcomes`): every agency's latest submission scored under the rules in
 * force, keyed by ruleset hash, so any instance's impact job reads it instead of scoring every agency again. Read a
 * page of agencies at a time (keyset on the agency id), so 100,000 agencies never sit in memory at once; an outcome
 * missing for the hash in force, or computed from an older submission, is worked out on the compiled engine and
 * stored as the page is read.
 */
@Injectable()
export class ImpactOutcomesStore {
  constructor(private readonly db: Db) {}

  /** The number of agencies (the pages' total). */
  async agencies(): Promise<number> {
    const [row] = await this.db.read((m) => rawQuery<{ n: number | string }[]>(m, 'SELECT COUNT(*) AS "n" FROM "agencies"', []));
    return Number(row.n);
  }

  /**
   * Every agency that has a submission, with its outcome under `active`, a page at a time in agency id order. With
   * `facts` false only the outcomes worked out now carry their facts (a pass that only fills the table reads no
   * more); `done` is called after each page with the agencies read so far.
   */
  async *pages(active: Evaluator, facts: boolean, done?: (agencies: number) => Promise<void> | void): AsyncGenerator<OutcomePage> {
    const decider = new RuleDecider(active);
    let read = 0;
    for (let after = ''; ; ) {
      const agencies = await this.db.read((m) => rawQuery<AgencyRow[]>(m, 'SELECT "id", "name", "category" FROM "agencies" WHERE "id" > ? ORDER BY "id" LIMIT ' + PAGE, [after]));
      if (agencies.length === 0) break;
      after = agencies[agencies.length - 1].id;
      yield await this.page(active, decider, agencies, facts);
      read += agencies.length;
      await done?.(read);
      if (agencies.length < PAGE) break;
    }
  }

  /** Drops the outcomes of rulesets not in force (after a pass that stored those of the rulesets in force). */
  async prune(active: Evaluator): Promise<void> {
    const hashes = [...new Set(active.categories().map((c) => active.ruleset(c).hash))];
    await this.db.write((m) => rawQuery(m, `DELETE FROM "impact_outcomes" WHERE "ruleset_hash" NOT IN (${marks(hashes.length)})`, hashes));
  }

  private async page(active: Evaluator, decider: RuleDecider, agencies: AgencyRow[], withFacts: boolean): Promise<OutcomePage> {
    const ids = agencies.map((a) => a.id);
    const hashOf = (category: string) => active.ruleset(category).hash;
    const hashes = [...new Set(agencies.map((a) => hashOf(a.category)))];
    const [submissions, stored] = await this.db.read(async (m) => [
      await rawQuery<SubmissionRow[]>(m, `SELECT "id", "agency_id", "period", "version" FROM "fact_submissions" WHERE "agency_id" IN (${marks(ids.length)})`, ids),
      await rawQuery<OutcomeRow[]>(
        m,
        `SELECT "ruleset_hash", "agency_id", "submission_id", "matched", "total", "grade", "eligible", "vetoed", "scores" FROM "impact_outcomes" ` +
          `WHERE "ruleset_hash" IN (${marks(hashes.length)}) AND "agency_id" IN (${marks(ids.length)})`,
        [...hashes, ...ids],
      ),
    ]);
    const latest = new Map<string, SubmissionRow>();
    for (const s of submissions) {
      const seen = latest.get(s.agency_id);
      const order = seen ? comparePeriods(s.period, seen.period) : 1;
      if (order > 0 || (order === 0 && Number(s.version) > Number(seen!.version))) latest.set(s.agency_id, s);
    }
    const rows = new Map(stored.map((r) => [`${r.ruleset_hash} ${r.agency_id}`, r]));
    const current = (a: AgencyRow) => {
      const row = rows.get(`${hashOf(a.category)} ${a.id}`);
      return row && row.submission_id === latest.get(a.id)!.id ? row : undefined;
    };
    const present = agencies.filter((a) => latest.has(a.id));
    const needFacts = present.filter((a) => withFacts || !current(a)).map((a) => latest.get(a.id)!.id);
    const factsOf = new Map<string, Record<string, unknown>>();
    if (needFacts.length > 0) {
      const found = await this.db.read((m) => rawQuery<{ id: string; facts: string | Record<string, unknown> }[]>(m, `SELECT "id", "facts" FROM "fact_submissions" WHERE "id" IN (${marks(needFacts.length)})`, needFacts));
      for (const f of found) factsOf.set(f.id, typeof f.facts === 'string' ? (JSON.parse(f.facts) as Record<string, unknown>) : f.facts);
    }

    const outcomes: OutcomePage['outcomes'] = [];
    const fresh: unknown[][] = [];
    const now = new Date().toISOString();
    for (const a of present) {
      const submission = latest.get(a.id)!;
      const agency: ImpactAgency = { id: a.id, name: a.name ?? undefined, category: a.category, facts: factsOf.get(submission.id) ?? {} };
      const plan = decider.plan(a.category);
      const row = current(a);
      if (row) {
        const scores = new Float64Array([row.total, plan.grades.indexOf(row.grade), truth(row.eligible) ? 1 : 0, truth(row.vetoed) ? 1 : 0, ...(JSON.parse(row.scores) as number[])]);
        outcomes.push({ agency, matched: Uint8Array.from(Buffer.from(row.matched, 'base64')), scores });
        continue;
      }
      const matched = decider.matched(a.category, agency.facts);
      const o = plan.score(matched, agency.facts);
      const scores = pack(o);
      outcomes.push({ agency, matched, scores });
      const grade = plan.grades[o.grade];
      fresh.push([hashOf(a.category), a.id, submission.id, a.category, Buffer.from(matched).toString('base64'), o.total, grade, o.eligible, o.vetoed, JSON.stringify([...scores.subarray(4)]), now]);
    }
    for (let i = 0; i < fresh.length; i += WRITE) await this.write(fresh.slice(i, i + WRITE));
    return { outcomes, written: fresh.length };
  }

  /** Stores outcome rows, replacing those of the same ruleset and agency (two instances may write the same row). */
  private write(rows: unknown[][]): Promise<unknown> {
    const values = rows.map(() => `(${marks(COLUMNS.length)})`).join(', ');
    const update = COLUMNS.slice(2).map((c) => `"${c}" = excluded."${c}"`).join(', ');
    const sql = `INSERT INTO "impact_outcomes" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${values} ON CONFLICT ("ruleset_hash", "agency_id") DO UPDATE SET ${update}`;
    return this.db.write((m) => rawQuery(m, sql, rows.flat()));
  }
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const truth = (x: boolean | number) => x === true || x === 1;
