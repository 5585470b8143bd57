/**
 * The API contract driver: reads the OpenAPI document the server serves and drives every operation in it with
 * requests made from the document's own schemas, then checks each answer against the document.
 *
 * - **Valid requests**: parameters and bodies generated from the schemas (types, enums, patterns, formats, lengths,
 *   ranges, item counts), taking the document's examples half the time (they are live: a whole facts object, a class
 *   path of Table 1) and, for ids, one the server gave out earlier (agencies, submissions, evaluations, drafts, jobs,
 *   ruleset hashes), so the requests reach the handlers' success paths, not only their 404s.
 * - **Mutated requests**: one part of a valid request broken (a wrong type, a required property removed, a property
 *   a closed schema does not list, a string or array too long or short, a number out of range, a pattern broken,
 *   malformed JSON), kept only when the document itself refuses it (checked with ajv).
 * - **Keys**: mostly the admin key; sometimes none (401) or the viewer's (403 on what needs more).
 *
 * An answer is a **mismatch** when: its status is not documented for the operation; it is a 5xx; its body does not
 * match the documented schema (with unknown properties refused, so every field the server sends must be
 * documented); a valid request is refused as `validationFailed` (the document misses a limit the server enforces);
 * or a mutated request is accepted with a 2xx (the document states a limit the server does not enforce).
 *
 * Used by test/e2e/contract.e2e-spec.ts (a few thousand requests each CI run) and `npm run fuzz:api`.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { isValidCreditCode } from '../src/agencies/credit-code.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { mediaType: string; schema: Schema };
  responses: Record<string, { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> }>;
  secured: boolean;
}

/** One request as the driver sends it. */
export interface ContractRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** One answer as the driver checks it. */
export interface ContractAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type Send = (request: ContractRequest) => Promise<ContractAnswer>;

export interface Mismatch {
  operation: string;
  mode: 'valid' | 'mutated';
  mutation?: string;
  request: { method: string; url: string; payload?: string };
  status: number;
  problem: string;
}

export interface ContractReport {
  requests: number;
  valid: number;
  mutated: number;
  /** Answers by class, e.g. { "2xx": 1200, "4xx": 800 }. */
  byClass: Record<string, number>;
  serverErrors: number;
  mismatches: number;
  /** Per operation: requests sent, 2xx answers received and milliseconds spent waiting for answers. */
  operations: Record<string, { requests: number; success: number; ms: number }>;
  /** The first mismatches (at most 50), to read. */
  firstMismatches: Mismatch[];
}

export interface DriverOptions {
  seed: number;
  /** Keys by role; admin is used for most requests. */
  keys: { admin: string; viewer: string };
  /** Share of mutated requests (default 0.35). */
  mutatedShare?: number;
  /** Called every 1,000 requests with the report so far. */
  onProgress?: (report: ContractReport) => void;
}

const POOL_NAMES = ['agencyId', 'submissionId', 'evaluationId', 'candidateId', 'jobId', 'hash', 'impact-jobs', 'reevaluation-jobs', 'import-jobs', 'export-jobs'] as const;
/** The pool an answer's top-level `id` joins, by the operation that created it. */
const CREATED: Record<string, (typeof POOL_NAMES)[number]> = {
  'POST /agencies': 'agencyId',
  'POST /agencies/{agencyId}/submissions': 'submissionId',
  'POST /evaluations': 'evaluationId',
  'POST /rulesets/candidates': 'candidateId',
  'POST /workbench/candidates': 'candidateId',
  'POST /rulesets/candidates/{candidateId}/impact': 'impact-jobs',
  'POST /evaluations/reevaluate': 'reevaluation-jobs',
  'POST /imports': 'import-jobs',
  'POST /exports': 'export-jobs',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_TYPE = 'application/json';

/** A small seeded PRNG (mulberry32), so a run is repeatable from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` becomes a union with null, references point into the
 * document's components (registered under `base`), and with `closed` every object that lists its properties and
 * does not say otherwise refuses others (so answers must document every field they carry).
 */
function toJsonSchema(node: unknown, base: string, closed: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, base, closed));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'nullable' || k === 'example' || k === 'examples') continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = `${base}${v}`;
    else if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, toJsonSchema(s, base, closed)]));
    } else out[k] = toJsonSchema(v, base, closed);
  }
  if (closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (o.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

export class ContractDriver {
  private readonly random: () => number;
  private readonly operations: Operation[];
  private readonly components: Record<string, Schema>;
  private readonly ajv: Ajv;
  private readonly coercing: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly pools: Record<string, Set<string>> = Object.fromEntries(POOL_NAMES.map((n) => [n, new Set<string>()]));
  private readonly files = new Map<string, Buffer>();
  private readonly patterns = new Map<string, fc.Arbitrary<string>>();
  private codeSeq: number;
  private stopped = false;
  private readonly report: ContractReport = { requests: 0, valid: 0, mutated: 0, byClass: {}, serverErrors: 0, mismatches: 0, operations: {}, firstMismatches: [] };

  constructor(
    private readonly document: Schema,
    private readonly send: Send,
    private readonly options: DriverOptions,
  ) {
    this.random = prng(options.seed);
    this.codeSeq = 100_000 + Math.floor(this.random() * 1e6) * 100;
    this.components = ((document.components as Schema | undefined)?.schemas ?? {}) as Record<string, Schema>;
    this.operations = ContractDriver.operationsOf(document);
    const makeAjv = (coerceTypes: boolean) => {
      const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes, validateFormats: true });
      ajv.addFormat('uuid', UUID);
      ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
      ajv.addFormat('binary', () => true);
      ajv.addFormat('gb32100', (s: string) => isValidCreditCode(s));
      ajv.addSchema({ $id: 'req', components: toJsonSchema(document.components ?? {}, 'req', false) as Schema });
      ajv.addSchema({ $id: 'res', components: toJsonSchema(document.components ?? {}, 'res', true) as Schema });
      return ajv;
    };
    this.ajv = makeAjv(false);
    this.coercing = makeAjv(true);
  }

  /** Every operation of the document, in its order. */
  static operationsOf(document: Schema): Operation[] {
    const ops: Operation[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Schema>>)) {
      for (const [method, op] of Object.entries(item)) {
        const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
        const mediaType = content ? Object.keys(content)[0] : undefined;
        ops.push({
          id: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          parameters: (op.parameters as Parameter[] | undefined) ?? [],
          body: mediaType ? { mediaType, schema: content![mediaType].schema ?? {} } : undefined,
          responses: op.responses as Operation['responses'],
          secured: Array.isArray(op.security) && op.security.length > 0,
        });
      }
    }
    return ops;
  }

  /** Ends a run after the request under way (a long fuzz run stopped by a signal still reports what it did). */
  stop(): void {
    this.stopped = true;
  }

  /** The operations the document lists (`GET /agencies`, …). */
  operationIds(): string[] {
    return this.operations.map((o) => o.id);
  }

  /**
   * Sends `count` requests, each to an operation drawn at random, and checks every answer. The first three rounds
   * go to every operation in turn, valid and with the admin key, so that the ids later requests use exist early.
   */
  async run(count: number): Promise<ContractReport> {
    const warmUp = this.operations.length * 3;
    for (let i = 0; i < count && !this.stopped; i++) {
      if (i > 0 && i % 1000 === 0) this.options.onProgress?.(this.report);
      if (i < warmUp) await this.one(this.operations[i % this.operations.length], false);
      else await this.one(this.pick(this.operations), this.random() < (this.options.mutatedShare ?? 0.35));
    }
    return this.report;
  }

  private async one(op: Operation, mutate: boolean): Promise<void> {
    const built = this.build(op, mutate);
    const started = performance.now();
    const answer = await this.send(built.request);
    const stats = (this.report.operations[op.id] ??= { requests: 0, success: 0, ms: 0 });
    stats.ms += performance.now() - started;
    stats.requests++;
    this.report.requests++;
    this.report[built.mutation ? 'mutated' : 'valid']++;
    const cls = `${Math.floor(answer.status / 100)}xx`;
    this.report.byClass[cls] = (this.report.byClass[cls] ?? 0) + 1;
    if (answer.status >= 200 && answer.status < 300) stats.success++;
    const problem = this.check(op, built, answer);
    if (problem) {
      this.report.mismatches++;
      if (this.report.firstMismatches.length < 50) {
        const payload = typeof built.request.payload === 'string' ? built.request.payload.slice(0, 400) : built.request.payload ? `<${built.request.payload.length} bytes>` : undefined;
        this.report.firstMismatches.push({ operation: op.id, mode: built.mutation ? 'mutated' : 'valid', mutation: built.mutation, request: { method: built.request.method, url: built.request.url.slice(0, 300), payload }, status: answer.status, problem });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Checking answers
  // ---------------------------------------------------------------------------------------------------------------

  private check(op: Operation, built: Built, answer: ContractAnswer): string | undefined {
    if (answer.status >= 500) {
      this.report.serverErrors++;
      if (!(op.responses[String(answer.status)] && answer.status === 503)) return `server error ${answer.status}: ${answer.body.toString('utf8').slice(0, 200)}`;
    }
    const documented = op.responses[String(answer.status)] ?? op.responses.default;
    if (!documented) return `undocumented status ${answer.status} (documented: ${Object.keys(op.responses).join(', ')}): ${answer.body.toString('utf8').slice(0, 300)}`;
    const missing = Object.keys(documented.headers ?? {}).filter((h) => answer.headers[h.toLowerCase()] === undefined);
    if (missing.length > 0) return `status ${answer.status}: documented header ${missing.join(', ')} not sent`;
    const contentType = String(answer.headers['content-type'] ?? '').split(';')[0].trim();
    const media = documented.content ? Object.keys(documented.content) : [];
    if (media.length === 0) return answer.body.length === 0 || answer.status === 303 ? undefined : `status ${answer.status} documents no body, got ${contentType}`;
    if (!media.includes(contentType)) return `content-type ${contentType || '(none)'} not documented for ${answer.status} (${media.join(', ')})`;
    let parsed: Json | undefined;
    if (contentType === JSON_TYPE) {
      try {
        parsed = JSON.parse(answer.body.toString('utf8')) as Json;
      } catch {
        return `status ${answer.status}: the body is not JSON`;
      }
      const schema = documented.content![contentType].schema;
      if (schema) {
        const validate = this.validator('res', `${op.id} ${answer.status}`, schema);
        if (!validate(parsed)) return `status ${answer.status}: body does not match its schema: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
      }
    } else if (answer.body.length === 0 && answer.status < 300) return `status ${answer.status}: empty ${contentType} body`;
    else this.files.set(contentType, answer.body);
    const code = (parsed as { code?: unknown } | undefined)?.code;
    if (!built.mutation && answer.status === 400 && code === 'validationFailed') return `a request valid by the document was refused as validationFailed: ${JSON.stringify((parsed as { details?: unknown }).details ?? null).slice(0, 300)}`;
    if (built.mutation && answer.status < 300) return `mutated request (${built.mutation}) accepted with ${answer.status}`;
    if (answer.status < 300 && parsed !== undefined) this.harvest(op, parsed);
    return undefined;
  }

  private validator(kind: 'req' | 'res', key: string, schema: Schema, coerce = false): ValidateFunction {
    const id = `${kind}|${coerce}|${key}`;
    let v = this.validators.get(id);
    if (!v) {
      v = (coerce ? this.coercing : this.ajv).compile(toJsonSchema(schema, kind, kind === 'res') as Schema);
      this.validators.set(id, v);
    }
    return v;
  }

  /** Ids the server gave out, for later requests to use. */
  private harvest(op: Operation, body: Json): void {
    const created = CREATED[op.id];
    if (created && body && typeof body === 'object' && !Array.isArray(body) && typeof body.id === 'string') this.addToPool(created, body.id);
    const walk = (node: Json, depth: number) => {
      if (depth > 6 || node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.slice(0, 50).forEach((n) => walk(n, depth + 1));
      for (const [k, v] of Object.entries(node)) {
        if (typeof v === 'string' && (POOL_NAMES as readonly string[]).includes(k) && (UUID.test(v) || /^[0-9a-f]{64}$/.test(v))) this.addToPool(k, v);
        else walk(v, depth + 1);
      }
    };
    walk(body, 0);
  }

  private addToPool(name: string, value: string): void {
    const pool = this.pools[name];
    if (pool.size < 200) pool.add(value);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Building requests
  // ---------------------------------------------------------------------------------------------------------------

  private build(op: Operation, mutate: boolean): Built {
    const values = new Map<Parameter, Json>();
    for (const p of op.parameters) {
      if (p.in === 'cookie' || p.name === 'key') continue;
      // A job id comes from the pool of its kind of job: the path's first segment (/impact-jobs/{jobId}).
      const pool = p.in === 'path' && p.name === 'jobId' ? op.path.split('/')[1] : p.name;
      if (p.required || p.in === 'path' || this.random() < 0.5) values.set(p, this.value(p.schema ?? { type: 'string' }, pool, 0));
    }
    let body: Json | Buffer | undefined;
    if (op.body) body = op.body.mediaType === JSON_TYPE ? this.value(op.body.schema, '', 0) : this.binary(op.body.mediaType);
    let mutation: string | undefined;
    let raw: string | undefined;
    if (mutate) {
      const targets: (() => string | undefined)[] = [];
      if (op.body?.mediaType === JSON_TYPE) {
        targets.push(() => {
          const m = this.mutateValue(body as Json, op.body!.schema);
          if (!m) return undefined;
          if (this.validator('req', `${op.id} body`, op.body!.schema)(m.value)) return undefined;
          body = m.value;
          return `body: ${m.what}`;
        });
        targets.push(() => {
          raw = JSON.stringify(body).slice(0, -1) + (this.random() < 0.5 ? ',' : '');
          return 'body: malformed JSON';
        });
      }
      for (const p of op.parameters.filter((q) => q.in === 'path' || q.in === 'query')) {
        targets.push(() => {
          const schema = p.schema ?? { type: 'string' };
          const m = this.mutateParam(values.get(p), schema);
          if (m === undefined) return undefined;
          if (this.validator('req', `${op.id} ${p.in} ${p.name}`, schema, true)(m)) return undefined;
          values.set(p, m);
          return `${p.in} ${p.name}: ${JSON.stringify(m).slice(0, 60)}`;
        });
      }
      for (let tries = 0; tries < 4 && targets.length > 0 && !mutation; tries++) mutation = this.pick(targets)();
    }
    let path = op.path;
    const query: string[] = [];
    const headers: Record<string, string> = {};
    for (const [p, v] of values) {
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(s));
      else if (p.in === 'query') query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(s)}`);
      else if (p.in === 'header') headers[p.name.toLowerCase()] = s.replace(/[^\x21-\x7e]/g, 'x');
    }
    const who = mutate ? this.random() : 0;
    if (who < 0.9 || !op.secured) headers['x-api-key'] = this.options.keys.admin;
    else if (who < 0.95) headers['x-api-key'] = this.options.keys.viewer;
    let payload: string | Buffer | undefined;
    if (op.body) {
      headers['content-type'] = op.body.mediaType;
      payload = raw ?? (Buffer.isBuffer(body) ? body : JSON.stringify(body));
    }
    return { request: { method: op.method, url: path + (query.length ? `?${query.join('&')}` : ''), headers, payload }, mutation };
  }

  private binary(mediaType: string): Buffer {
    const known = this.files.get(mediaType);
    if (known && this.random() < 0.7) return known;
    return Buffer.from(Array.from({ length: 1 + Math.floor(this.random() * 64) }, () => Math.floor(this.random() * 256)));
  }

  private resolve(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) s = this.components[s.$ref.split('/').at(-1)!] ?? {};
    if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.properties) return { ...this.resolve(s.allOf[0] as Schema), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'allOf')) };
    return s;
  }

  /** A value the schema accepts (`name` is the property or parameter it is for). */
  private value(raw: Schema, name: string, depth: number): Json {
    const s = this.resolve(raw);
    const pool = (POOL_NAMES as readonly string[]).includes(name) ? [...this.pools[name]] : [];
    if (pool.length > 0 && this.random() < 0.85) return this.pick(pool);
    if (s.format === 'gb32100') return this.creditCode();
    if (s.example !== undefined && this.random() < 0.6) return s.example as Json;
    if (Array.isArray(s.enum)) return this.pick(s.enum as Json[]);
    if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return this.value(this.pick((s.oneOf ?? s.anyOf) as Schema[]), name, depth);
    if (s.nullable === true && this.random() < 0.1) return null;
    const type = s.type ?? (s.properties ? 'object' : undefined);
    switch (type) {
      case 'string':
        return this.string(s);
      case 'integer':
      case 'number':
        return this.number(s, type === 'integer');
      case 'boolean':
        return this.random() < 0.5;
      case 'array': {
        const min = (s.minItems as number | undefined) ?? 0;
        const max = Math.min((s.maxItems as number | undefined) ?? min + 3, min + 3);
        const n = min + Math.floor(this.random() * (max - min + 1));
        return Array.from({ length: n }, () => (depth > 5 ? null : this.value((s.items as Schema) ?? {}, '', depth + 1)));
      }
      case 'object': {
        const out: Record<string, Json> = {};
        const props = (s.properties ?? {}) as Record<string, Schema>;
        const required = new Set((s.required as string[] | undefined) ?? []);
        const examples = this.random() < 0.5;
        for (const [k, ps] of Object.entries(props)) {
          if (!required.has(k) && this.random() < 0.5) continue;
          const p = this.resolve(ps);
          out[k] = examples && p.example !== undefined && p.format !== 'gb32100' && !(POOL_NAMES as readonly string[]).includes(k) ? (p.example as Json) : this.value(ps, k, depth + 1);
        }
        if (s.additionalProperties && typeof s.additionalProperties === 'object' && depth < 4) {
          const n = Math.max((s.minProperties as number | undefined) ?? 0, Math.floor(this.random() * 3));
          for (let i = 0; i < n; i++) out[this.pick(['a', 'x1', 'base.json', '名称', `k${i}`])] = this.value(s.additionalProperties as Schema, '', depth + 1);
        } else if (s.additionalProperties === true && Object.keys(props).length === 0) {
          const n = Math.max((s.minProperties as number | undefined) ?? 0, Math.floor(this.random() * 3));
          for (let i = 0; i < n; i++) out[`k${i}`] = this.pick<Json>([1, 'text', true, [1, 2], { a: 1 }, null]);
        }
        return out;
      }
      default:
        return this.pick<Json>([1, 'text', true, null, { a: 1 }]);
    }
  }

  private string(s: Schema): string {
    if (s.format === 'uuid') return this.uuid();
    if (s.format === 'date-time') return new Date(Date.UTC(2020, 0, 1) + Math.floor(this.random() * 2e11)).toISOString();
    if (typeof s.pattern === 'string') {
      let arb = this.patterns.get(s.pattern);
      if (!arb) this.patterns.set(s.pattern, (arb = fc.stringMatching(new RegExp(s.pattern))));
      for (let i = 0; i < 5; i++) {
        const v = fc.sample(arb, { seed: Math.floor(this.random() * 2 ** 31), numRuns: 1 })[0];
        if (v.length >= ((s.minLength as number | undefined) ?? 0) && v.length <= ((s.maxLength as number | undefined) ?? Infinity)) return v;
      }
    }
    const min = (s.minLength as number | undefined) ?? 0;
    const max = Math.min((s.maxLength as number | undefined) ?? min + 12, min + 12);
    const n = min + Math.floor(this.random() * (max - min + 1));
    const alphabet = 'abcXYZ019 -_江苏省机构';
    return Array.from({ length: n }, () => alphabet[Math.floor(this.random() * alphabet.length)]).join('');
  }

  private number(s: Schema, integer: boolean): number {
    const min = (s.minimum as number | undefined) ?? (integer ? -5 : -100);
    const max = (s.maximum as number | undefined) ?? min + (integer ? 20 : 200);
    const v = min + this.random() * (max - min);
    return integer ? Math.min(max, Math.max(min, Math.round(v))) : Math.round(v * 100) / 100;
  }

  /** A version-4 UUID from the seeded generator. */
  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(this.random() * 4)];
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private creditCode(): string {
    const body = `913205${String(++this.codeSeq).padStart(9, '0')}MA`;
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i]) * weights[i];
    return body + alphabet[(31 - (sum % 31)) % 31];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Mutations
  // ---------------------------------------------------------------------------------------------------------------

  /** One part of a body broken: the value at a random place replaced, removed or joined by an unknown property. */
  private mutateValue(value: Json, raw: Schema): { value: Json; what: string } | undefined {
    const s = this.resolve(raw);
    const copy = structuredClone(value);
    if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const keys = Object.keys(copy).filter((k) => props[k]);
      const choice = this.random();
      if (choice < 0.15 && s.additionalProperties === false) return { value: { ...copy, unexpectedField: 1 }, what: 'unknown property' };
      const required = ((s.required as string[] | undefined) ?? []).filter((k) => k in copy);
      if (choice < 0.3 && required.length > 0) {
        const k = this.pick(required);
        delete copy[k];
        return { value: copy, what: `required ${k} removed` };
      }
      if (keys.length > 0 && this.random() < 0.7) {
        const k = this.pick(keys);
        const inner = this.mutateValue(copy[k], props[k]);
        if (inner) return { value: { ...copy, [k]: inner.value }, what: `${k}: ${inner.what}` };
      }
      return { value: this.pick<Json>(['text', 7, [copy]]), what: 'not an object' };
    }
    if (Array.isArray(copy)) {
      if (typeof s.maxItems === 'number' && s.maxItems <= 20 && this.random() < 0.3 && copy.length > 0) return { value: [...copy, ...Array.from({ length: s.maxItems }, () => copy[0])], what: 'too many items' };
      if (typeof s.minItems === 'number' && s.minItems > 0 && this.random() < 0.3) return { value: copy.slice(0, s.minItems - 1), what: 'too few items' };
      if (copy.length > 0 && this.random() < 0.6) {
        const i = Math.floor(this.random() * copy.length);
        const inner = this.mutateValue(copy[i], (s.items as Schema) ?? {});
        if (inner) {
          copy[i] = inner.value;
          return { value: copy, what: `item ${i}: ${inner.what}` };
        }
      }
      return { value: this.pick<Json>(['text', { a: 1 }, 3]), what: 'not an array' };
    }
    const scalar = this.mutateScalar(copy, s);
    return scalar === undefined ? undefined : { value: scalar.value, what: scalar.what };
  }

  private mutateScalar(value: Json, s: Schema): { value: Json; what: string } | undefined {
    const options: { value: Json; what: string }[] = [];
    if (typeof value === 'string') {
      options.push({ value: 12345, what: 'number for a string' }, { value: [value], what: 'array for a string' });
      if (typeof s.maxLength === 'number') options.push({ value: 'x'.repeat(s.maxLength + 1 + Math.floor(this.random() * 5)), what: 'too long' });
      if (typeof s.minLength === 'number' && s.minLength > 0) options.push({ value: '', what: 'too short' });
      if (typeof s.pattern === 'string' || s.format === 'uuid') options.push({ value: this.pick(['not valid!', `${value}#`, '../x', '']), what: 'pattern broken' });
      if (Array.isArray(s.enum)) options.push({ value: 'noSuchValue', what: 'not in enum' });
    } else if (typeof value === 'number') {
      options.push({ value: String(value) + 'x', what: 'string for a number' });
      if (typeof s.maximum === 'number') options.push({ value: s.maximum + 1 + Math.floor(this.random() * 100), what: 'above maximum' });
      if (typeof s.minimum === 'number') options.push({ value: s.minimum - 1 - Math.floor(this.random() * 100), what: 'below minimum' });
      if (s.type === 'integer') options.push({ value: value + 0.5, what: 'fraction for an integer' });
    } else if (typeof value === 'boolean') options.push({ value: 'yes', what: 'string for a boolean' });
    else if (value === null) options.push({ value: { a: 1 }, what: 'object for null' });
    return options.length > 0 ? this.pick(options) : undefined;
  }

  /** A path or query value the parameter's schema refuses, as it travels (text). */
  private mutateParam(value: Json | undefined, raw: Schema): string | undefined {
    const s = this.resolve(raw);
    const options: string[] = [];
    if (s.type === 'integer' || s.type === 'number') {
      options.push('abc', '1e20', '-1', '0', '2.5', '99999999999');
      if (typeof s.maximum === 'number') options.push(String(s.maximum + 1));
    } else {
      if (s.format === 'uuid') options.push('not-a-uuid', '12345', `${String(value ?? this.uuid())}0`);
      if (typeof s.pattern === 'string') options.push('!!', 'a b', '../etc', 'x'.repeat(70));
      if (Array.isArray(s.enum)) options.push('noSuchValue');
      if (typeof s.maxLength === 'number') options.push('y'.repeat(s.maxLength + 1));
    }
    return options.length > 0 ? this.pick(options) : undefined;
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }
}

interface Built {
  request: ContractRequest;
  mutation?: string;
}
