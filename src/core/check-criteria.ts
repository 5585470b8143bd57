import type { ValidationIssue } from './errors.js';
import { issue } from './messages.js';
import { escapePointer } from './safe-path.js';
import { IndicatorIndex } from './tree.js';
import type { Criteria } from './types.js';

const GATE_USES = new Set(['eligibility', 'veto', 'bonus']);

/** Consistency checks across the criteria files that their JSON Schemas cannot express. */
export function checkCriteria(criteria: Criteria, issues: ValidationIssue[]): void {
  const categories = new Set<string>();
  criteria.classification.categories.forEach((c, i) => {
    if (categories.has(c.id)) issues.push(issue('criteria/classification.json', `/categories/${i}/id`, `类别“${c.id}”重复`, `category "${c.id}" appears twice`));
    categories.add(c.id);
  });
  const tree = checkTree(criteria, issues);
  const indicatorIds = new Set(tree.leaves.map((n) => n.id));
  const termIds = checkTerms(criteria, issues);
  const file = 'criteria/facts.json';
  for (const [id, def] of Object.entries(criteria.facts.facts)) {
    const at = `/facts/${escapePointer(id)}`;
    if (def.min !== undefined && def.max !== undefined && def.min > def.max) {
      issues.push(issue(file, at, '下限大于上限', 'min is greater than max'));
    }
    if (def.type === 'enum' && !(def.values && def.values.length > 0)) {
      issues.push(issue(file, `${at}/values`, '枚举类事实需要列出允许的取值', 'an enum fact needs its allowed values'));
    }
    if (def.type === 'list' && !def.items) issues.push(issue(file, `${at}/items`, '列表类事实需要说明列表项', 'a list fact needs its item definition'));
    for (const [k, use] of def.indicators.entries()) {
      if (!indicatorIds.has(use) && !GATE_USES.has(use)) {
        issues.push(issue(file, `${at}/indicators/${k}`, `未知的指标“${use}”`, `unknown indicator "${use}"`));
      }
    }
    if (def.derive) {
      const source = criteria.facts.facts[def.derive.count];
      if (!source || source.type !== 'list') {
        issues.push(issue(file, `${at}/derive/count`, `“${def.derive.count}”不是列表类事实`, `"${def.derive.count}" is not a list fact`));
      } else if (def.derive.where && source.items?.type === 'object' && !source.items.fields?.[def.derive.where.field]) {
        issues.push(issue(file, `${at}/derive/where/field`, `列表项没有字段“${def.derive.where.field}”`, `the list items have no field "${def.derive.where.field}"`));
      } else if (def.derive.distinct === 'group' && !source.items?.groups) {
        issues.push(issue(file, `${at}/derive/distinct`, `“${def.derive.count}”的列表项没有分组（groups，或 valuesFrom 的第3级分类）`, `the items of "${def.derive.count}" have no groups (items.groups, or valuesFrom at level 3)`));
      }
    }
    for (const [k, term] of (def.terms ?? []).entries()) {
      if (!termIds.has(term)) issues.push(issue(file, `${at}/terms/${k}`, `术语“${term}”不在 criteria/terms.json 中`, `term "${term}" is not in criteria/terms.json`));
    }
  }
}

/** Node ids are unique and not reserved, and every level of the tree has a name. */
function checkTree(criteria: Criteria, issues: ValidationIssue[]): IndicatorIndex {
  const file = 'criteria/indicators.json';
  const tree = new IndicatorIndex(criteria.indicators);
  const seen = new Set<string>();
  for (const node of tree.nodes) {
    if (seen.has(node.id)) issues.push(issue(file, `${node.pointer}/id`, `节点“${node.id}”重复`, `node "${node.id}" appears twice`));
    if (GATE_USES.has(node.id)) issues.push(issue(file, `${node.pointer}/id`, `“${node.id}”是保留字，不能作节点 id`, `"${node.id}" is reserved and cannot be a node id`));
    seen.add(node.id);
  }
  const named = criteria.indicators.levels.length;
  if (named !== tree.depth) {
    issues.push(issue(file, '/levels', `指标树有 ${tree.depth} 级，levels 应为每一级命名（现有 ${named} 个名称）`, `the tree has ${tree.depth} level(s): levels should name each of them (it has ${named} name(s))`));
  }
  return tree;
}

/** Term and reference ids are unique; returns the term ids. */
function checkTerms(criteria: Criteria, issues: ValidationIssue[]): Set<string> {
  const seen = new Set<string>();
  const parts = [['normativeReferences', criteria.terms.normativeReferences ?? []], ['terms', criteria.terms.terms ?? []]] as const;
  for (const [part, list] of parts) {
    list.forEach((t, i) => {
      if (seen.has(t.id)) issues.push(issue('criteria/terms.json', `/${part}/${i}/id`, `“${t.id}”重复`, `"${t.id}" appears twice`));
      seen.add(t.id);
    });
  }
  return new Set((criteria.terms.terms ?? []).map((t) => t.id));
}
