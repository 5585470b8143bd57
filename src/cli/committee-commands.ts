import cliProgress from 'cli-progress';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError, Evaluator, loadStandard, type StandardDirs } from '../core/index.js';
import { diffStandards, formatChanges } from '../committee/diff.js';
import { ImpactBase, type ImpactAgency, type ImpactReport } from '../committee/impact.js';
import { agencyInput, isFolder, readText } from './files.js';
import { table } from './format.js';

/**
 * `diff OLD_DIR NEW_DIR`: what changed between two rules folders, in the committee's words. Only the two folders
 * given are read and validated (with the criteria folder given), never the default `rules/`.
 */
export function diffCommand(oldDir: string, newDir: string, criteriaDir: string, json: boolean): string {
  const changes = diffStandards(loadStandard({ rulesDir: oldDir, criteriaDir }), loadStandard({ rulesDir: newDir, criteriaDir }));
  return json ? JSON.stringify(changes, null, 2) : formatChanges(changes);
}

/**
 * `impact CANDIDATE_DIR [--rules ACTIVE_DIR] [--agencies PATH]`: every agency re-scored under the candidate and
 * under the active rules (both folders read with the criteria folder given). Agencies come from a file (a JSON
 * array, JSON lines, or a folder of agency files) or else from the database the server uses (each agency's latest
 * submission). A progress bar runs on stderr when it is a terminal.
 */
export async function impactCommand(active: StandardDirs, candidateDir: string, agencies: ImpactAgency[], json: boolean): Promise<string> {
  const activeEvaluator = new Evaluator(loadStandard(active));
  const candidate = new Evaluator(loadStandard({ rulesDir: candidateDir, criteriaDir: active.criteriaDir }));
  const bar = new cliProgress.SingleBar({ format: '{phase} [{bar}] {value}/{total} agencies', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  bar.start(agencies.length, 0, { phase: 'active    / 现行' });
  try {
    const base = await ImpactBase.build(activeEvaluator, agencies, { onProgress: (done) => bar.update(done) });
    bar.update(0, { phase: 'candidate / 候选' });
    const report = await base.compare(candidate, { onProgress: (done) => bar.update(done) });
    return json ? JSON.stringify(report, null, 2) : formatImpact(report);
  } finally {
    bar.stop();
  }
}

/** Agencies from a JSON array, JSON lines, or a folder of `{id?, name?, category, facts}` files. */
export function readAgencies(path: string): ImpactAgency[] {
  const what = { zh: '机构文件', en: 'agencies file' };
  const files = isFolder(path, what) ? readdirSync(path).filter((f) => f.endsWith('.json')).map((f) => join(path, f)) : [path];
  const items: { item: unknown; id?: string }[] = [];
  for (const file of files) {
    const text = readText(file, what);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = jsonLines(file, text);
    }
    if (Array.isArray(data)) items.push(...(data as unknown[]).map((item) => ({ item })));
    else items.push({ item: data, id: file.replace(/^.*\//, '').replace(/\.json$/, '') });
  }
  return items.map(({ item, id }, i) => {
    const a = agencyInput(item);
    if (!a?.category) {
      throw new CoreError('agenciesFile', { zh: `第 ${i + 1} 个机构缺少 category 或 facts`, en: `agency ${i + 1} has no category or facts` });
    }
    return { id: a.id ?? id ?? String(i + 1), name: a.name, category: a.category, facts: a.facts as Record<string, unknown> };
  });
}

/** JSON lines: one agency per line; a line that is not JSON is named by its number. */
function jsonLines(file: string, text: string): unknown[] {
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch (error) {
      const problem = (error as Error).message;
      throw new CoreError('fileInvalid', { zh: `${file} 第 ${i + 1} 行不是有效的 JSON：${problem}`, en: `${file} line ${i + 1} is not valid JSON: ${problem}` });
    }
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
    const rows = r.mostAffected.map((a) => [
      a.id,
      a.name ?? '',
      a.category,
      `${a.before.total} ${a.before.grade}`,
      `${a.after.total} ${a.after.grade}`,
      sign(a.delta),
      a.indicators.map((i) => `${i.id} ${sign(i.delta)}`).join(', '),
    ]);
    out.push(table(['agency / 机构', 'name / 名称', 'category / 类别', 'before / 之前', 'after / 之后', 'change / 变化', 'indicators / 指标'], rows, ['left', 'left', 'left', 'right', 'right', 'right', 'left']));
  }
  return out.join('\n');
}

const sign = (x: number) => (x > 0 ? `+${x}` : String(x));
