import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError, Evaluator, loadStandard, type StandardDirs } from '../core/index.js';
import { diffStandards, formatChanges } from '../committee/diff.js';
import { ImpactBase, type ImpactAgency, type ImpactReport } from '../committee/impact.js';

/** `diff OLD_DIR NEW_DIR`: what changed between two rules folders, in the committee's words. */
export function diffCommand(oldDir: string, newDir: string, criteriaDir: string, json: boolean): string {
  const changes = diffStandards(loadStandard({ rulesDir: oldDir, criteriaDir }), loadStandard({ rulesDir: newDir, criteriaDir }));
  return json ? JSON.stringify(changes, null, 2) : formatChanges(changes);
}

/**
 * `impact CANDIDATE_DIR [--agencies PATH]`: every agency re-scored under the candidate and under the active rules.
 * Agencies come from a file (a JSON array, JSON lines, or a folder of agency files) or else from the database the
 * server uses (each agency's latest submission).
 */
export async function impactCommand(active: StandardDirs, candidateDir: string, agencies: ImpactAgency[], json: boolean): Promise<string> {
  const progress = new ProgressBar();
  const base = await ImpactBase.build(new Evaluator(loadStandard(active)), agencies, { onProgress: (d, t) => progress.show('active   ', d, t) });
  const candidate = new Evaluator(loadStandard({ rulesDir: candidateDir, criteriaDir: active.criteriaDir }));
  const report = await base.compare(candidate, { onProgress: (d, t) => progress.show('candidate', d, t) });
  progress.done();
  return json ? JSON.stringify(report, null, 2) : formatImpact(report);
}

/** Agencies from a JSON array, JSON lines, or a folder of `{id?, name?, category, facts}` files. */
export function readAgencies(path: string): ImpactAgency[] {
  const files = statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith('.json')).map((f) => join(path, f)) : [path];
  const items: unknown[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown); // JSON lines
    }
    if (Array.isArray(data)) items.push(...(data as unknown[]));
    else items.push({ id: file.replace(/^.*\//, '').replace(/\.json$/, ''), ...(data as object) });
  }
  return items.map((item, i) => {
    const a = item as Partial<ImpactAgency>;
    if (!a.category || typeof a.facts !== 'object') {
      throw new CoreError('agenciesFile', { zh: `第 ${i + 1} 个机构缺少 category 或 facts`, en: `agency ${i + 1} has no category or facts` });
    }
    return { id: String(a.id ?? i + 1), name: a.name, category: String(a.category), facts: a.facts as Record<string, unknown> };
  });
}

/** The impact report as the committee reads it. */
export function formatImpact(r: ImpactReport): string {
  const out = [`${r.agencies} agencies re-scored / 重新评分的机构数`];
  for (const c of r.categories) {
    out.push('', `${c.category}: ${c.agencies} agencies (${c.mode})`);
    out.push(`  mean total ${c.meanBefore} → ${c.meanAfter} (${sign(c.meanShift)}), median ${c.medianBefore} → ${c.medianAfter} (${sign(c.medianShift)})`);
    for (const t of c.transitions.filter((t) => t.from !== t.to)) out.push(`  ${t.count} × ${t.from} → ${t.to}`);
    const same = c.transitions.filter((t) => t.from === t.to).reduce((s, t) => s + t.count, 0);
    out.push(`  ${same} keep their grade`);
    if (c.becameIneligible.length > 0) out.push(`  become not eligible: ${c.becameIneligible.join(', ')}`);
    if (c.becameVetoed.length > 0) out.push(`  become vetoed: ${c.becameVetoed.join(', ')}`);
  }
  if (r.mostAffected.length > 0) {
    out.push('', 'most affected / 受影响最大:');
    for (const a of r.mostAffected) {
      const moved = a.indicators.map((i) => `${i.id} ${sign(i.delta)}`).join(', ');
      out.push(`  ${a.id}${a.name ? ` ${a.name}` : ''} (${a.category}): ${a.before.total} ${a.before.grade} → ${a.after.total} ${a.after.grade} (${sign(a.delta)})  ${moved}`);
    }
  }
  return out.join('\n');
}

const sign = (x: number) => (x > 0 ? `+${x}` : String(x));

/** A progress bar on stderr for long runs (only when stderr is a terminal). */
class ProgressBar {
  private readonly tty = process.stderr.isTTY === true;

  show(label: string, done: number, total: number): void {
    if (!this.tty) return;
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
