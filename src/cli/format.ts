import Table from 'cli-table3';
import type { EvaluationResult, IndicatorScore, Provenance, Ruleset, RulesetInvalidError } from '../core/index.js';

/** Every validation issue, one per line: file, JSON pointer, problem in en and zh. */
export function formatIssues(error: RulesetInvalidError): string {
  const lines = error.issues.map((i) => `  ${i.file}#${i.pointer}\n    ${i.message.en}\n    ${i.message.zh}`);
  return `INVALID: ${error.issues.length} error(s) / 校验失败：${error.issues.length} 处错误\n${lines.join('\n')}`;
}

/** A table for a terminal (cli-table3): columns sized to the widest cell, Chinese counted as two columns. */
export function table(head: string[], rows: (string | number)[][], align: ('left' | 'right')[] = []): string {
  const t = new Table({ head, colAligns: align, style: { head: [], border: [], compact: true } });
  t.push(...rows.map((r) => r.map(String)));
  return t.toString();
}

/**
 * The score rows of one result, in tree order and indented by level: each node above the leaves with its score (%),
 * then its indicators (the leaves) with their points, then the nodes below it. The only place here that reads the
 * shape of the result's tree.
 */
function scoreRows(r: EvaluationResult): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const indent = (level: number) => '  '.repeat(level - 1);
  const below = (parent: string | null) => {
    for (const i of r.indicators.filter((x) => x.parent === parent)) rows.push([`${indent(i.level)}${i.id} ${i.name.zh}`, i.points, i.max, i.weight, i.contribution]);
    for (const d of r.nodes.filter((x) => x.parent === parent)) {
      rows.push([`${indent(d.level)}${d.id} ${d.name.zh}`, `${d.score}%`, '', d.weight, d.contribution]);
      below(d.id);
    }
  };
  below(null);
  return rows;
}

/** A readable table of one evaluation. */
export function formatResult(r: EvaluationResult): string {
  const out: string[] = [];
  out.push(`Category ${r.category}   ruleset ${r.ruleset.id} ${r.ruleset.version} (${r.ruleset.edition}) ${r.ruleset.hash.slice(0, 12)}`);
  out.push(`Total ${r.total} (base ${r.baseTotal} + bonus ${r.bonus.points}, cap ${r.bonus.cap})   Grade ${r.grade} ${r.gradeLabel.zh} / ${r.gradeLabel.en}`);
  out.push(`Eligible ${r.eligible ? 'yes' : 'NO'}   Vetoed ${r.vetoed ? 'YES' : 'no'}`);
  for (const p of r.unmetPrerequisites) out.push(`  not eligible: ${p.reason.zh} / ${p.reason.en} ${basis(p)}`, ...rationale(p, '    '));
  for (const v of r.vetoes) out.push(`  veto: ${v.reason.zh} / ${v.reason.en} ${basis(v)}`, ...rationale(v, '    '));
  out.push(table(['node / indicator · 指标', 'points / 得分', 'max', 'weight / 权重', 'contribution / 贡献'], scoreRows(r), ['left', 'right', 'right', 'right', 'right']));
  for (const b of r.bonus.items) out.push(`bonus ${b.rule}: +${b.points}  ${b.reason.zh}`);
  if (r.missingEvidence.length > 0) {
    out.push(`Missing evidence / 缺少的材料 (${r.missingEvidence.length}): ${r.missingEvidence.map((m) => m.fact).join(', ')}`);
  }
  return out.join('\n');
}

/** How one indicator was scored: its rules, which matched, the fact values compared. */
export function formatExplanation(r: EvaluationResult, i: IndicatorScore, ruleset: Ruleset): string {
  const out = [`${i.id} ${i.name.zh} / ${i.name.en} [${i.clause}]`, `points ${i.points} of ${i.max}; weight ${i.weight} within its parent → ${i.effectiveWeight} of the total; contributes ${i.contribution} to ${r.total}`, ''];
  const decided = new Set(i.decidedBy.map((d) => d.rule));
  for (const [key, rule] of Object.entries(ruleset.indicators[i.id].rules)) {
    const name = `${i.id}.${key}`;
    const trace = i.decidedBy.find((d) => d.rule === name);
    const mark = decided.has(name) ? '✔ counted' : '  ';
    out.push(`${mark.padEnd(10)} ${key}${rule.tier ? ` (tier ${rule.tier})` : ''} ${basis(rule)} ${trace ? `+${trace.points}` : ''}  ${rule.reason.zh} / ${rule.reason.en}`, ...rationale(rule, '             '));
    for (const c of trace?.compared ?? []) out.push(`             ${c.fact} = ${JSON.stringify(c.actual)}  ${c.operator} ${JSON.stringify(c.value)} → ${c.result}`);
  }
  if (i.missing.length > 0) out.push('', `missing evidence: ${i.missing.join(', ')}`);
  return out.join('\n');
}

/** Where a rule comes from: `[clause]` when the standard says it, else the committee tag. */
function basis(p: Partial<Provenance>): string {
  return p.basis === 'committee' ? '[委员会设定 / committee default]' : `[${p.clause ?? ''}]`;
}

/** The committee's reasons for a rule the standard does not make, one line a language. */
function rationale(p: Partial<Provenance>, indent: string): string[] {
  return p.basis === 'committee' && p.rationale ? [`${indent}why: ${p.rationale.en}`, `${indent}理由：${p.rationale.zh}`] : [];
}
