import type { Classification } from '../core/index.js';
import type { ErrorDetail } from '../common/api-error.js';

/**
 * Checks a class path against Table 1: [second-level, third-level, optional sub-type] under the category.
 * Returns the problem as an error detail, or undefined when the path exists.
 */
export function checkClassPath(classification: Classification, category: string, path: string[]): ErrorDetail | undefined {
  const cat = classification.categories.find((c) => c.id === category);
  if (!cat) {
    const known = classification.categories.map((c) => c.id);
    return {
      field: 'category',
      code: 'unknownCategory',
      message: { zh: `未知的机构类别“${category}”，应为：${known.join('、')}`, en: `Unknown agency category "${category}"; expected one of: ${known.join(', ')}` },
    };
  }
  const second = cat?.classes.find((c) => c.id === path[0]);
  const third = second?.classes.find((c) => c.id === path[1]);
  const subtypeOk = path.length < 3 || third?.subtypes?.some((s) => s.id === path[2]);
  if (cat && second && third && subtypeOk) return undefined;
  const bad = !second ? 0 : !third ? 1 : 2;
  return {
    field: `classPath.${bad}`,
    code: 'unknownClass',
    message: {
      zh: `分类“${path[bad]}”不在表 1 中“${[category, ...path.slice(0, bad)].join('/')}”之下`,
      en: `Class "${path[bad]}" is not under "${[category, ...path.slice(0, bad)].join('/')}" in Table 1`,
    },
  };
}
