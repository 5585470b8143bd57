import type { ValidationIssue } from './errors.js';
import { issue } from './messages.js';
import { escapePointer } from './safe-path.js';
import { CATEGORY_IDS, type Criteria } from './types.js';

const GATE_USES = new Set(['eligibility', 'veto', 'bonus']);

/** Consistency checks across the criteria files that their JSON Schemas cannot express. */
export function checkCriteria(criteria: Criteria, issues: ValidationIssue[]): void {
  const ids = criteria.classification.categories.map((c) => c.id);
  for (const id of CATEGORY_IDS) {
    if (!ids.includes(id)) issues.push(issue('criteria/classification.json', '/categories', `缺少类别“${id}”`, `category "${id}" is missing`));
  }
  const indicatorIds = new Set(criteria.indicators.dimensions.flatMap((d) => d.indicators.map((i) => i.id)));
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
      }
    }
  }
}
