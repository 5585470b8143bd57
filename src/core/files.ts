import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ValidationIssue } from './errors.js';
import { issue, schemaErrorText } from './messages.js';
import { findForbiddenKeys } from './safe-path.js';

export type SchemaName = 'classification' | 'indicators' | 'facts' | 'terms' | 'ruleset';

/** Reads JSON files, checks them against the JSON Schemas in `criteria/schemas/`, and reports problems as issues. */
export class JsonFileReader {
  private readonly validators = new Map<SchemaName, ValidateFunction>();

  constructor(
    private readonly schemaDir: string,
    private readonly issues: ValidationIssue[],
  ) {}

  /**
   * Reads `dir/name`, parses it and validates it against `schema`, recording every problem as an issue. Returns the
   * data even when it breaks the schema, so the semantic checks can report their problems too; returns undefined
   * when the file is missing, is not JSON or holds a forbidden key.
   */
  read(dir: string, name: string, schema: SchemaName): Record<string, unknown> | undefined {
    const file = `${basename(dir)}/${name}`;
    const full = join(dir, name);
    if (!existsSync(full)) {
      this.issues.push(issue(file, '/', '文件不存在', 'the file does not exist'));
      return undefined;
    }
    const text = readFileSync(full, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      const detail = (error as Error).message.replace(/^.*?JSON[^:]*:\s*/, '');
      this.issues.push(issue(file, '/', `不是有效的 JSON：${detail}`, `not valid JSON: ${detail}`));
      return undefined;
    }
    const forbidden = findForbiddenKeys(data);
    for (const pointer of forbidden) {
      this.issues.push(
        issue(file, pointer, '禁止使用的键名（__proto__、constructor、prototype）', 'forbidden key name (__proto__, constructor, prototype)'),
      );
    }
    if (forbidden.length > 0) return undefined;
    const validate = this.validator(schema);
    if (!validate) return undefined;
    if (!validate(data)) {
      const seen = new Set<string>();
      for (const error of relevant(validate.errors ?? [])) {
        const text = schemaErrorText(error);
        const key = `${error.instancePath}|${text.en}`;
        if (seen.has(key)) continue;
        seen.add(key);
        this.issues.push(issue(file, error.instancePath, text.zh, text.en));
      }
    }
    return data as Record<string, unknown>;
  }

  private validator(name: SchemaName): ValidateFunction | undefined {
    const cached = this.validators.get(name);
    if (cached) return cached;
    const file = `${name}.schema.json`;
    const full = join(this.schemaDir, file);
    try {
      const text = readFileSync(full, 'utf8');
      let validate = COMPILED.get(text);
      if (!validate) {
        validate = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(JSON.parse(text) as object);
        COMPILED.set(text, validate);
      }
      this.validators.set(name, validate);
      return validate;
    } catch (error) {
      const detail = (error as Error).message;
      this.issues.push(issue(`schemas/${file}`, '/', `无法读取 JSON Schema：${detail}`, `cannot load the JSON Schema: ${detail}`));
      return undefined;
    }
  }
}

/**
 * Compiled JSON Schemas by their text, for the life of the process: compiling is most of the cost of loading the
 * rules (measured: 0.4 s of a 0.45 s load), and a reload or a draft upload reads the same schemas again.
 */
const COMPILED = new Map<string, ValidateFunction>();

/**
 * Drops the noise of alternatives (a condition is a leaf, all, any or not): at a place where no alternative fits,
 * ajv reports every branch; when a deeper error explains that place, only the deeper one is kept.
 */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  const noisy = new Set(
    errors
      .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
      .map((e) => e.instancePath)
      .filter((path) => errors.some((o) => o.instancePath.startsWith(`${path}/`))),
  );
  // Where another error explains a place, the failed alternatives there (and a "should be null" from an optional
  // `null` branch) add nothing; an `if` that fails its `then` is explained by the `then` schema's own error.
  const alternative = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type?: string }).type === 'null');
  const explained = new Set(errors.filter((e) => !alternative(e) && e.keyword !== 'if').map((e) => e.instancePath));
  return errors.filter((e) => !noisy.has(e.instancePath) && e.keyword !== 'if' && !(alternative(e) && explained.has(e.instancePath)));
}
