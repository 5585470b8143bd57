import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorDetail } from './api-error.js';
import { toErrorBody } from './error-body.js';

/** The bounds every request is held to before any validation or handler sees it (each set in the configuration). */
export interface InputLimits {
  /** Deepest nesting of arrays and objects in a JSON body (JSON_MAX_DEPTH). */
  jsonMaxDepth: number;
  /** Most members of one JSON object: the facts of a submission or preview (MAX_FACTS). */
  maxFacts: number;
  /** Most items of one JSON array: a fact's list, an evidence list, batch items (MAX_LIST_ITEMS). */
  maxListItems: number;
  /** Highest `page` a list answers (MAX_PAGE). */
  maxPage: number;
  /** Highest `pageSize` a list answers (MAX_PAGE_SIZE). */
  maxPageSize: number;
  /** Most `details` an error body carries; the rest are counted in `detailsTotal` (MAX_ERROR_DETAILS). */
  maxErrorDetails: number;
}

/** A lone UTF-16 surrogate: text that no UTF-8 column can store unaltered. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with one piece of text (NUL or a lone surrogate), or undefined. */
function textProblem(s: string): { code: string; zh: string; en: string } | undefined {
  if (s.includes('\u0000')) return { code: 'nulCharacter', zh: '含有 NUL 字符（U+0000）', en: 'contains a NUL character (U+0000)' };
  if (LONE_SURROGATE.test(s)) return { code: 'loneSurrogate', zh: '含有不成对的代理项（无效的 Unicode）', en: 'contains a lone surrogate (invalid Unicode)' };
  return undefined;
}

const at = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

/**
 * Walks a parsed JSON body without recursion (so no depth can overflow the stack) and returns its problems: nesting
 * deeper than allowed, objects or arrays larger than allowed, keys or strings holding NUL or a lone surrogate. Each
 * problem names its field as a dot path (`facts.staffCount`, `items.3`). Stops after `limits.maxErrorDetails`.
 */
export function jsonProblems(body: unknown, limits: InputLimits, root = ''): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: root, depth: 0 }];
  const add = (field: string, code: string, zh: string, en: string) =>
    found.push({ field: field || '(body)', code, message: { zh: `字段 ${field || '(body)'}：${zh}`, en: `${field || '(body)'}: ${en}` } });
  while (stack.length > 0 && found.length < limits.maxErrorDetails) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const p = textProblem(value);
      if (p) add(path, p.code, p.zh, p.en);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.jsonMaxDepth) {
      add(path, 'maxDepth', `嵌套超过 ${limits.jsonMaxDepth} 层`, `nested deeper than ${limits.jsonMaxDepth} levels`);
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxListItems) {
        add(path, 'maxItems', `最多 ${limits.maxListItems} 项，收到 ${value.length} 项`, `at most ${limits.maxListItems} items, got ${value.length}`);
        continue;
      }
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: at(path, i), depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxFacts) {
      add(path, 'maxProperties', `最多 ${limits.maxFacts} 个成员，收到 ${keys.length} 个`, `at most ${limits.maxFacts} members, got ${keys.length}`);
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i];
      const p = textProblem(k);
      if (p) add(at(path, k.replace(/\p{Cs}/gu, '\ufffd').replaceAll('\u0000', '\ufffd')), p.code, `键${p.zh}`, `key ${p.en}`);
      else stack.push({ value: (value as Record<string, unknown>)[k], path: at(path, k), depth: depth + 1 });
    }
  }
  return found;
}

/**
 * Checks JSON text for nesting and size before it is parsed: one pass over the characters, no object built. Parsing
 * 60,000 members costs the event loop far more than counting them, and a hostile body should cost neither. Answers
 * the first problem found (the same codes and field names as {@link jsonProblems}), or undefined.
 */
export function scanJson(text: string, limits: InputLimits): ErrorDetail | undefined {
  const stack: { array: boolean; count: number; key: string }[] = [];
  const path = (levels: number) => stack.slice(0, levels).map((l) => (l.array ? String(l.count) : l.key)).join('.') || '(body)';
  const problem = (field: string, code: string, zh: string, en: string): ErrorDetail => ({ field, code, message: { zh: `字段 ${field}：${zh}`, en: `${field}: ${en}` } });
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      if (expectKey) stack[stack.length - 1].key = text.slice(start, i);
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= limits.jsonMaxDepth) return problem(path(stack.length), 'maxDepth', `嵌套超过 ${limits.jsonMaxDepth} 层`, `nested deeper than ${limits.jsonMaxDepth} levels`);
      stack.push({ array: c === 0x5b, count: 0, key: '' });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */ && stack.length > 0) {
      const top = stack[stack.length - 1];
      top.count++;
      const max = top.array ? limits.maxListItems : limits.maxFacts;
      if (top.count >= max) {
        return top.array
          ? problem(path(stack.length - 1), 'maxItems', `最多 ${max} 项`, `at most ${max} items`)
          : problem(path(stack.length - 1), 'maxProperties', `最多 ${max} 个成员`, `at most ${max} members`);
      }
      expectKey = !top.array;
    } else if (c === 0x3a /* : */) {
      expectKey = false;
    }
  }
  return undefined;
}

/** Problems of a query string: NUL or lone surrogates anywhere, and `page`/`pageSize` outside their ranges. */
export function queryProblems(query: unknown, limits: InputLimits): ErrorDetail[] {
  if (query === null || typeof query !== 'object') return [];
  const found = jsonProblems(query, { ...limits, jsonMaxDepth: 2 }, 'query');
  const q = query as Record<string, unknown>;
  for (const [name, max] of [['page', limits.maxPage], ['pageSize', limits.maxPageSize]] as const) {
    const raw = q[name];
    if (raw === undefined) continue;
    if (typeof raw !== 'string' || !/^[1-9]\d{0,15}$/.test(raw) || Number(raw) > max) {
      found.push({
        field: `query.${name}`,
        code: 'range',
        message: { zh: `参数 ${name} 应为 1 至 ${max} 的整数`, en: `${name} must be an integer from 1 to ${max}` },
      });
    }
  }
  return found;
}

/**
 * The one place input bounds are enforced: a fastify `preValidation` hook, so it runs after the body is parsed and
 * before Nest's validation pipe or any handler. A request over a bound is answered 400 `inputLimit`, in the
 * documented error shape, naming each field at fault.
 */
export function registerInputLimits(app: NestFastifyApplication, limits: InputLimits, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  // JSON bodies are scanned before they are parsed; one over a bound is not parsed at all, and the hook answers it
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (req, raw, done) => {
    const text = raw.toString('utf8');
    const problem = scanJson(text, limits);
    if (!problem) return parse(req as FastifyRequest, text, done);
    (req as FastifyRequest & { [REFUSED]?: ErrorDetail }).body = undefined;
    (req as FastifyRequest & { [REFUSED]?: ErrorDetail })[REFUSED] = problem;
    done(null, undefined);
  });
  fastify.addHook('preValidation', async (req: FastifyRequest & { [REFUSED]?: ErrorDetail }, reply: FastifyReply) => {
    const body = req.body;
    const details = [
      ...queryProblems(req.query, limits),
      ...(req[REFUSED] ? [req[REFUSED]] : []),
      ...(body !== null && typeof body === 'object' && !Buffer.isBuffer(body) ? jsonProblems(body, limits) : typeof body === 'string' ? jsonProblems(body, limits) : []),
    ];
    if (details.length === 0) return;
    const err = ApiError.badRequest('inputLimit', { zh: '请求超出输入限制或含无效字符', en: 'The request exceeds an input limit or holds invalid characters' }, details);
    return reply.status(400).header('content-type', 'application/json; charset=utf-8').send(capDetails(toErrorBody(err), limits.maxErrorDetails));
  });
}

const REFUSED = Symbol('inputLimitProblem');

/** An error body with at most `max` details; when some are left off, `detailsTotal` says how many there were. */
export function capDetails<T extends { details: ErrorDetail[]; detailsTotal?: number }>(body: T, max: number): T {
  if (body.details.length <= max) return body;
  return { ...body, details: body.details.slice(0, max), detailsTotal: body.details.length };
}
