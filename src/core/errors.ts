import type { Text } from './types.js';

/** A problem in a criteria or rules file: the file, the JSON pointer inside it, and what is wrong, in zh and en. */
export interface ValidationIssue {
  file: string;
  pointer: string;
  message: Text;
  /** While checking: the categories whose rules reach a problem found in a file they extend. */
  categories?: string[];
}

export type FactIssueCode =
  | 'unknownFact'
  | 'wrongType'
  | 'outOfRange'
  | 'notAllowed'
  | 'missingRequired'
  | 'derivedSupplied'
  | 'duplicateItem'
  | 'forbiddenKey';

/** A problem with one supplied fact. */
export interface FactIssue {
  fact: string;
  code: FactIssueCode;
  message: Text;
}

/** Base of every error the core raises on purpose: a stable code and a message people can read. */
export class CoreError extends Error {
  constructor(
    readonly code: string,
    readonly text: Text,
  ) {
    super(text.en);
    this.name = new.target.name;
  }
}

/** The rules or criteria files are not usable; `issues` lists every problem found, not the first only. */
export class RulesetInvalidError extends CoreError {
  constructor(readonly issues: ValidationIssue[]) {
    super('rulesetInvalid', {
      zh: `规则或准则文件有 ${issues.length} 处错误，未被采用`,
      en: `The rules or criteria files have ${issues.length} error(s) and were not used`,
    });
  }
}

/** The supplied facts do not match the fact dictionary; `issues` names each fact at fault. */
export class FactsInvalidError extends CoreError {
  constructor(readonly issues: FactIssue[]) {
    super('factsInvalid', {
      zh: `提交的事实有 ${issues.length} 处错误：${issues.map((i) => i.message.zh).join('；')}`,
      en: `The facts have ${issues.length} error(s): ${issues.map((i) => i.message.en).join('; ')}`,
    });
  }

  /** True when every issue is a missing required fact (the API answers 422 for those). */
  get onlyMissing(): boolean {
    return this.issues.every((i) => i.code === 'missingRequired');
  }
}

export class UnknownCategoryError extends CoreError {
  constructor(
    readonly category: string,
    readonly known: string[],
  ) {
    super('unknownCategory', {
      zh: `未知的机构类别“${category}”，应为：${known.join('、')}`,
      en: `Unknown agency category "${category}"; expected one of: ${known.join(', ')}`,
    });
  }
}
